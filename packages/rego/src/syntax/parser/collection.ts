/**
 * Arrays, sets, objects and their comprehensions.
 *
 * `[x | body]` and `{x | body}` are ambiguous with a collection holding the
 * binary `|` (set union). Like OPA we resolve it in favour of the
 * comprehension: the first item is parsed as a plain term, and a `|` right
 * after it starts a comprehension body. Otherwise parsing continues the infix
 * term from that first item (`[a + 1, b]`).
 */
import type { Term } from '../../ast.js'
import { parseBody } from './body.js'
import { continueInfixTerm, parseInfixTerm } from './infix.js'
import type { ParserState } from './state.js'
import type { Token } from '../tokens.js'
import { parseTerm } from './term.js'

/** collection = array | array-comprehension | set | object | set-comprehension | object-comprehension */
export function parseCollection(p: ParserState): Term {
  // Collections use more stack per level than most terms, so they count as
  // two levels: about 500 nested collections fit within half of Node's
  // default stack, leaving the rest to the caller.
  p.enter()
  try {
    return p.isPunct('[') ? parseArray(p) : parseSetOrObject(p)
  } finally {
    p.leave()
  }
}

/** array = "[" [ infix-term { "," infix-term } [ "," ] ] "]" ; array-comprehension = "[" term "|" body "]" */
function parseArray(p: ParserState): Term {
  const open = p.next()
  if (p.eatPunct(']')) return { type: 'array', items: [], loc: p.span(open) }
  // A leading comma is accepted for compatibility with OPA (`[, 1]`).
  const leadingComma = p.eatPunct(',')
  const head = parseTerm(p)
  if (!leadingComma && p.isPunct('|')) {
    p.next()
    const body = parseBody(p, ']')
    p.expectPunct(']', 'to close the array comprehension', open)
    return { type: 'arraycomp', term: head, body, loc: p.span(open) }
  }
  const items = [continueInfixTerm(p, head, false)]
  parseRestOfList(p, items, ']', 'array', open)
  return { type: 'array', items, loc: p.span(open) }
}

/** set = "{" infix-term { "," infix-term } [ "," ] "}" ; object = "{" [ entry { "," entry } [ "," ] ] "}" */
function parseSetOrObject(p: ParserState): Term {
  const open = p.next()
  if (p.eatPunct('}')) return { type: 'object', entries: [], loc: p.span(open) }
  const head = parseTerm(p)
  if (p.isPunct('|')) {
    p.next()
    const body = parseBody(p, '}')
    p.expectPunct('}', 'to close the set comprehension', open)
    return { type: 'setcomp', term: head, body, loc: p.span(open) }
  }
  const key = continueInfixTerm(p, head, false)
  if (!p.isPunct(':')) {
    const items = [key]
    parseRestOfList(p, items, '}', 'set', open)
    return { type: 'set', items, loc: p.span(open) }
  }
  p.next()
  const valueHead = parseTerm(p)
  // As in OPA, the key may be an infix term: `{x in xs: 1 | body}` is a comprehension too.
  if (p.isPunct('|')) {
    p.next()
    const body = parseBody(p, '}')
    p.expectPunct('}', 'to close the object comprehension', open)
    return { type: 'objectcomp', key, value: valueHead, body, loc: p.span(open) }
  }
  const entries: [Term, Term][] = [[key, continueInfixTerm(p, valueHead, false)]]
  while (p.eatPunct(',')) {
    if (p.isPunct('}') || p.tok.kind === 'eof') break
    const k = parseInfixTerm(p, false)
    p.expectPunct(':', 'after an object key')
    entries.push([k, parseInfixTerm(p, false)])
  }
  p.expectPunct('}', 'to close the object', open)
  return { type: 'object', entries, loc: p.span(open) }
}

function parseRestOfList(p: ParserState, items: Term[], close: string, what: string, open: Token): void {
  while (p.eatPunct(',')) {
    if (p.isPunct(close) || p.tok.kind === 'eof') break
    items.push(parseInfixTerm(p, false))
  }
  p.expectPunct(close, `or "," in ${what === 'array' ? 'an array' : 'a set'}`, open)
}
