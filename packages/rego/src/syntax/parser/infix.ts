/**
 * Infix terms by precedence climbing: each operator's precedence is data in
 * `BINARY_OPERATORS` (tokens.ts), so one loop handles every level instead of
 * one function per level. From loosest to tightest, as in OPA:
 *
 *   in  <  == != < <= > >=  <  |  <  &  <  + -  <  * / %  <  term
 *
 * All levels are left-associative; relations chain (`a == b == c`).
 * `x in xs` is `internal.member_2(x, xs)`; at statement level, in refs and in
 * parentheses (not in lists) `k, v in xs` is `internal.member_3(k, v, xs)`.
 */
import type { Term } from '../../ast.js'
import { BINARY_OPERATORS, IN_PRECEDENCE, MEMBER_2, MEMBER_3 } from '../tokens.js'
import { callTerm } from './nodes.js'
import type { ParserState } from './state.js'
import { parseTerm } from './term.js'

/**
 * infix-term = binary-term { "in" binary-term }
 *            | term "," term "in" binary-term          (when keyVal)
 */
export function parseInfixTerm(p: ParserState, keyVal: boolean): Term {
  return continueInfixTerm(p, parseTerm(p), keyVal)
}

/** Continues an infix term whose first operand (`left`) is already parsed. */
export function continueInfixTerm(p: ParserState, left: Term, keyVal: boolean): Term {
  let lhs = continueBinaryTerm(p, left, IN_PRECEDENCE + 1)
  if (keyVal && p.isPunct(',')) {
    const keyValue = p.attempt(() => parseKeyValueIn(p, lhs))
    if (keyValue) lhs = keyValue
  }
  while (p.isKeyword('in')) {
    const op = p.next()
    const rhs = parseBinaryTerm(p, IN_PRECEDENCE + 1)
    lhs = callTerm(MEMBER_2, p.tokenLoc(op), [lhs, rhs], p.span(lhs.loc))
  }
  return lhs
}

/** `k, v in xs` after `k` was parsed; aborts (and is rewound by the caller) when it is not that form. */
function parseKeyValueIn(p: ParserState, key: Term): Term {
  p.expectPunct(',', '')
  const value = parseBinaryTerm(p, IN_PRECEDENCE + 1)
  const op = p.expectKeyword('in', 'in a key-value membership')
  const domain = parseBinaryTerm(p, IN_PRECEDENCE + 1)
  return callTerm(MEMBER_3, p.tokenLoc(op), [key, value, domain], p.span(key.loc))
}

/** binary-term = term { binary-operator term } (operators at or above `minPrec`). */
export function parseBinaryTerm(p: ParserState, minPrec: number): Term {
  return continueBinaryTerm(p, parseTerm(p), minPrec)
}

/**
 * Left-associative chains are parsed in a loop, not by recursion, so a chain
 * as long as `1 + 1 + … + 1` (thousands of terms, which OPA accepts) costs
 * no stack here. The resulting tree is as deep as the chain; the compiler's
 * rewrite-deep-terms stage lifts such calls before recursive stages see them.
 */
function continueBinaryTerm(p: ParserState, left: Term, minPrec: number): Term {
  let lhs = left
  for (;;) {
    const t = p.tok
    const op = t.kind === 'punct' ? BINARY_OPERATORS[t.text] : undefined
    if (!op || op.prec < minPrec) return lhs
    p.next()
    // The right operand recurses (through parentheses, say): count it, per
    // operand, so the depth stays balanced along the chain.
    p.enter()
    try {
      const rhs = parseBinaryTerm(p, op.prec + 1)
      lhs = callTerm(op.builtin, p.tokenLoc(t), [lhs, rhs], p.span(lhs.loc))
    } finally {
      p.leave()
    }
  }
}
