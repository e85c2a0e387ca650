/**
 * Expressions (OPA calls them literals): one statement of a body.
 *
 *   literal = ( "not" expr | some-decl | every | expr ) { with }
 *
 * With the experimental `and` / `or` / `not {…}` keywords on, `logic.ts`
 * takes over and calls back into {@link parseSimpleLiteral} for operands.
 */
import type { CallTerm, Expr, Term, VarTerm, With } from '../../ast.js'
import type { Location } from '../../location.js'
import { ASSIGN_OPERATORS, MEMBER_2, MEMBER_3, type Token } from '../tokens.js'
import { parseBody } from './body.js'
import { continueInfixTerm, parseBinaryTerm, parseInfixTerm } from './infix.js'
import { parseLogicLiteral } from './logic.js'
import { builtinRef, isBuiltinCall, makeExpr, termToExpr } from './nodes.js'
import type { ParserState } from './state.js'
import { parseTerm } from './term.js'

/** literal = simple-literal { with }   (or a logic literal, see logic.ts) */
export function parseLiteral(p: ParserState): Expr {
  // Literals recurse through comprehensions, blocks and templates: one level each.
  p.enter()
  try {
    if (p.logicActive) return parseLogicLiteral(p)
    const start = p.tok
    const expr = parseSimpleLiteral(p)
    parseWiths(p, expr, start)
    return expr
  } finally {
    p.leave()
  }
}

/** simple-literal = "not" expr | "some" … | "every" … | expr */
export function parseSimpleLiteral(p: ParserState): Expr {
  const start = p.tok
  if (p.isKeyword('some')) return parseSome(p)
  if (p.isKeyword('every')) return parseEvery(p)
  if (p.isKeyword('not')) {
    p.next()
    if (p.isKeyword('some') || p.isKeyword('every')) p.fail(`illegal negation of '${p.tok.text}'`)
    const e = parseExpr(p)
    e.negated = true
    e.loc = p.span(start)
    return e
  }
  return parseExpr(p)
}

/**
 * expr = infix-term [ ( ":=" | "=" ) infix-term ]
 *
 * `first`, when given, is an already parsed first operand (a parenthesised
 * term that turned out not to be a logic group).
 */
export function parseExpr(p: ParserState, first?: Term): Expr {
  const start = first ? first.loc : p.tokenLoc(p.tok)
  const lhs = first ? continueInfixTerm(p, first, true) : parseInfixTerm(p, true)
  const t = p.tok
  const builtin = t.kind === 'punct' ? ASSIGN_OPERATORS[t.text] : undefined
  if (builtin) {
    p.next()
    const rhs = parseInfixTerm(p, true)
    return makeExpr({ kind: 'call', operator: builtinRef(builtin, p.tokenLoc(t)), args: [lhs, rhs] }, p.span(start))
  }
  return termToExpr(lhs, p.span(start))
}

/** with = "with" term "as" infix-term */
export function parseWiths(p: ParserState, expr: Expr, start: Token | Location): void {
  const list: With[] = []
  while (p.isKeyword('with')) {
    const w = p.next()
    const target = parseTerm(p)
    if (target.type !== 'ref' && target.type !== 'var') {
      p.fail('the target of "with" must be a reference to input, data or a function', target.loc)
    }
    p.expectKeyword('as', 'after the "with" target')
    const value = parseInfixTerm(p, false)
    const ref = target.type === 'ref' ? target : { type: 'ref' as const, terms: [target], loc: target.loc }
    list.push({ type: 'with', target: ref, value, loc: p.span(w) })
  }
  if (list.length > 0) {
    for (const w of list) expr.with.push(w)
    expr.loc = p.span(start)
  }
}

/**
 * some-decl = "some" var { "," var }
 *           | "some" term [ "," term ] "in" binary-term
 */
function parseSome(p: ParserState): Expr {
  const start = p.next()
  const first = parseInfixTerm(p, true)
  if (isBuiltinCall(first, MEMBER_2)) {
    const [value, domain] = (first as CallTerm).args as [Term, Term]
    return makeExpr({ kind: 'somein', value, domain }, p.span(start))
  }
  if (isBuiltinCall(first, MEMBER_3)) {
    const [key, value, domain] = (first as CallTerm).args as [Term, Term, Term]
    return makeExpr({ kind: 'somein', key, value, domain }, p.span(start))
  }
  const vars = [expectVar(p, first, 'some')]
  while (p.eatPunct(',')) vars.push(parseVar(p, 'some'))
  return makeExpr({ kind: 'some', vars }, p.span(start))
}

/** every = "every" var [ "," var ] "in" binary-term "{" body "}" */
function parseEvery(p: ParserState): Expr {
  const start = p.next()
  let value = parseVar(p, 'every')
  let key: VarTerm | undefined
  if (p.eatPunct(',')) {
    key = value
    value = parseVar(p, 'every')
  }
  p.expectKeyword('in', 'after the variables of "every"')
  const domain = parseBinaryTerm(p, 2)
  const open = p.expectPunct('{', 'to start the body of "every"')
  const body = parseBody(p, '}')
  p.expectPunct('}', 'to close the body of "every"', open)
  const kind = key
    ? { kind: 'every' as const, key, value, domain, body }
    : { kind: 'every' as const, value, domain, body }
  return makeExpr(kind, p.span(start))
}

function parseVar(p: ParserState, keyword: string): VarTerm {
  if (!p.isVarName()) p.unexpected(`a variable after "${keyword}"`)
  return expectVar(p, parseTerm(p), keyword)
}

function expectVar(p: ParserState, t: Term, keyword: string): VarTerm {
  if (t.type !== 'var') p.fail(`expected a variable after "${keyword}"`, t.loc)
  return t
}
