/**
 * Bodies and queries: literals separated by `;` or line breaks.
 */
import type { Body } from '../../ast.js'
import { parseLiteral } from './expr.js'
import type { ParserState } from './state.js'

/**
 * body = literal { ( ";" | newline ) literal }
 *
 * `close` is the token that ends the body (`}` for rule bodies and blocks,
 * `]` / `}` for comprehensions, end of input for a query). The closing token
 * itself is left for the caller to consume.
 */
export function parseBody(p: ParserState, close: '}' | ']' | 'eof'): Body {
  const atClose = () => (close === 'eof' ? p.tok.kind === 'eof' : p.isPunct(close))
  if (atClose()) p.fail('found empty body')
  const body: Body = []
  p.enter()
  try {
    for (;;) {
      body.push(parseLiteral(p))
      if (p.eatPunct(';')) {
        if (atClose()) return body
        continue
      }
      // At the end of input the caller reports the missing closing bracket.
      if (atClose() || p.tok.kind === 'eof') return body
      if (!p.tok.nl) {
        const what = close === 'eof' ? 'end of input' : `"${close}"`
        p.fail(`unexpected ${p.describe(p.tok)}, expected a new line, ";" or ${what} after the expression`)
      }
    }
  } finally {
    p.leave()
  }
}
