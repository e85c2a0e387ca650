/**
 * Template strings: `$"Hello {input.name}!"` and the raw, multi-line
 * `` $`…{expr}…` ``. The lexer already split the token into literal parts
 * and the token lists of the embedded expressions; each expression is parsed
 * with a sub-parser, so its locations are exact.
 *
 * An embedded expression is a literal without `not`, `=`, `:=`, `some` or
 * `every` (OPA's rules). It is kept as its term; `with` modifiers on it go
 * to `partWith` at the same index.
 */
import type { Expr, StringTerm, TemplateStringTerm, Term, With } from '../../ast.js'
import type { Token } from '../tokens.js'
import { parseLiteral } from './expr.js'
import { exprToTerm, isAssignLike } from './nodes.js'
import type { ParserState } from './state.js'

/** template-string = "$" ( '"' { text | "{" literal "}" } '"' | "`" { text | "{" literal "}" } "`" ) */
export function parseTemplateString(p: ParserState, t: Token): TemplateStringTerm {
  const parts: (StringTerm | Term)[] = []
  const partWith: (With[] | undefined)[] = []
  for (const part of t.parts ?? []) {
    const loc = { file: p.file, row: part.row, col: part.col, offset: part.offset, end: part.end }
    if (part.kind === 'text') {
      parts.push({ type: 'string', value: part.value, loc })
      continue
    }
    const sub = p.sub(part.tokens)
    // Entered on the sub-parser so a "nesting too deep" points inside the template.
    sub.enter()
    try {
      if (sub.tok.kind === 'eof') sub.fail('empty template-string expression: expected a term inside "{}"', loc)
      const expr = parseLiteral(sub)
      if (sub.tok.kind !== 'eof') sub.unexpected('"}" to end the template-string expression')
      checkTemplateExpr(sub, expr)
      const withs = expr.with
      const term =
        exprToTerm({ ...expr, with: [] }) ?? sub.fail('invalid template-string expression: expected a term', expr.loc)
      if (withs.length > 0) partWith[parts.length] = withs
      parts.push(term)
    } finally {
      sub.leave()
    }
  }
  const node: TemplateStringTerm = { type: 'template', parts, loc: p.tokenLoc(t) }
  if (t.raw) node.raw = true
  if (partWith.length > 0) node.partWith = Array.from({ length: parts.length }, (_, i) => partWith[i])
  return node
}

function checkTemplateExpr(p: ParserState, e: Expr): void {
  if (e.negated) p.fail("unexpected negation ('not') in template-string expression", e.loc)
  if (e.kind === 'some' || e.kind === 'somein') p.fail("unexpected 'some' in template-string expression", e.loc)
  if (e.kind === 'every') p.fail("unexpected 'every' in template-string expression", e.loc)
  if (isAssignLike(e)) {
    const name = e.kind === 'call' && e.operator.terms[0]?.type === 'var' ? e.operator.terms[0].name : ''
    const what = name === 'assign' ? "assignment (':=')" : "unification ('=')"
    p.fail(`unexpected ${what} in template-string expression`, e.loc)
  }
}
