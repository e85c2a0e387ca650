/**
 * Experimental logic operators, on when `experimentalKeywords` is set and the
 * module imports `future.keywords.and` / `.or` / `.not`:
 *
 *   logic-literal = or-chain { with }
 *   or-chain      = and-chain { "or" and-chain }
 *   and-chain     = operand { "and" operand }
 *   operand       = "not" ( block | group | expr ) | block | group | simple-literal
 *   block         = "{" body "}"          group = "(" logic-literal ")"
 *
 * `and` binds tighter than `or`; `not` applies to one operand; `with` after
 * a chain applies to the whole chain. A `{…}` is a block (not a set or object
 * literal) only when it is an operand of `and` / `or` / `not`; a `(…)` is a
 * group only when its content is not a plain term, otherwise it is an
 * ordinary parenthesised term (`(a + b) * 2 > c`).
 */
import type { Body, Expr, Term } from '../../ast.js'
import { parseBody } from './body.js'
import { parseExpr, parseSimpleLiteral, parseWiths } from './expr.js'
import { exprToTerm, makeExpr } from './nodes.js'
import type { ParserState } from './state.js'
import type { Token } from '../tokens.js'

/** logic-literal = or-chain { with } */
export function parseLogicLiteral(p: ParserState): Expr {
  const start = p.tok
  p.enter()
  try {
    const expr = parseOrChain(p)
    parseWiths(p, expr, start)
    if (expr.with.length > 0 && (p.isKeyword('and') || p.isKeyword('or'))) {
      p.fail(`"with" must follow the last operand of "${p.tok.text}": put the operand in "{ … }" to scope it`)
    }
    return expr
  } finally {
    p.leave()
  }
}

function parseOrChain(p: ParserState): Expr {
  const start = p.tok
  const body = foldChain(
    p,
    'or',
    () => parseAndChain(p, false),
    () => parseAndChain(p, true),
  )
  return single(p, body, start)
}

function parseAndChain(p: ParserState, afterOperator: boolean): Body {
  return foldChain(
    p,
    'and',
    () => parseOperand(p, afterOperator),
    () => parseOperand(p, true),
  )
}

/**
 * `a op b op c` as left-nested LogicExprs. Like binary operators, each fold
 * counts as a level of nesting, since the tree is as deep as the chain.
 */
function foldChain(p: ParserState, op: 'and' | 'or', first: () => Body, next: () => Body): Body {
  const start = p.tok
  let left = first()
  let folds = 0
  try {
    while (p.isKeyword(op)) {
      p.enter()
      folds++
      p.next()
      const right = next()
      left = [makeExpr({ kind: 'logic', op, left, right }, p.span(start))]
    }
    return left
  } finally {
    for (; folds > 0; folds--) p.leave()
  }
}

/** The expression a chain without operators stands for. */
function single(p: ParserState, body: Body, start: Token): Expr {
  if (body.length === 1) return body[0]!
  return makeExpr({ kind: 'block', body }, p.span(start))
}

function parseOperand(p: ParserState, afterOperator: boolean): Body {
  p.enter()
  try {
    return parseOperandInner(p, afterOperator)
  } finally {
    p.leave()
  }
}

function parseOperandInner(p: ParserState, afterOperator: boolean): Body {
  const start = p.tok
  if (p.keywords.not && p.isKeyword('not')) {
    p.next()
    if (p.isPunct('{')) return [makeExpr({ kind: 'block', body: parseBlock(p) }, p.span(start), true)]
    if (p.isPunct('(')) {
      const g = parseGroupOrTerm(p)
      if ('body' in g) return [makeExpr({ kind: 'block', body: g.body }, p.span(start), true)]
      const e = parseExpr(p, g.term)
      e.negated = true
      e.loc = p.span(start)
      return [e]
    }
    const e = parseSimpleLiteral(p)
    if (e.kind === 'some' || e.kind === 'somein' || e.kind === 'every') p.fail(`illegal negation of '${start.text}'`)
    e.negated = true
    e.loc = p.span(start)
    return [e]
  }
  if (p.isPunct('{') && (afterOperator || closesBeforeOperator(p))) return parseBlock(p)
  if (p.isPunct('(')) {
    const g = parseGroupOrTerm(p)
    return 'body' in g ? g.body : [parseExpr(p, g.term)]
  }
  return [parseSimpleLiteral(p)]
}

/** The `{` at the current token is closed by a `}` that an `and` / `or` follows. */
function closesBeforeOperator(p: ParserState): boolean {
  const close = p.matchingClose(p.pos)
  if (close < 0) return false
  const ahead = close + 1 - p.pos
  return p.isKeyword('and', ahead) || p.isKeyword('or', ahead)
}

function parseBlock(p: ParserState): Body {
  const open = p.next()
  p.enter()
  try {
    const body = parseBody(p, '}')
    p.expectPunct('}', 'to close the block', open)
    return body
  } finally {
    p.leave()
  }
}

/** `( … )`: a group (a body of one expression) unless the content is a plain term. */
function parseGroupOrTerm(p: ParserState): { body: Body } | { term: Term } {
  const open = p.next()
  p.enter()
  try {
    const inner = parseLogicLiteral(p)
    p.expectPunct(')', 'to close the parenthesised group', open)
    const term = exprToTerm(inner)
    return term ? { term } : { body: [inner] }
  } finally {
    p.leave()
  }
}
