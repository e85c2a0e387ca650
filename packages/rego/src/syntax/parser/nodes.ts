/**
 * Small constructors for AST nodes the parser builds in several places:
 * builtin operator refs, calls, expressions.
 */
import type { CallTerm, Expr, ExprKind, RefTerm, Term, VarTerm } from '../../ast.js'
import type { Location } from '../../location.js'

/** The ref naming a builtin: `plus` → `[var plus]`, `internal.member_2` → `[var internal, "member_2"]`. */
export function builtinRef(name: string, loc: Location): RefTerm {
  const [head, ...rest] = name.split('.')
  const terms: Term[] = [{ type: 'var', name: head!, loc }]
  for (const part of rest) terms.push({ type: 'string', value: part, loc })
  return { type: 'ref', terms, loc }
}

export function callTerm(builtin: string, opLoc: Location, args: Term[], loc: Location): CallTerm {
  return { type: 'call', operator: builtinRef(builtin, opLoc), args, loc }
}

/** True for a call of the builtin `name` (as built by {@link builtinRef}). */
export function isBuiltinCall(t: Term, name: string): boolean {
  if (t.type !== 'call') return false
  const parts = t.operator.terms.map((x) => (x.type === 'var' ? x.name : x.type === 'string' ? x.value : '?'))
  return parts.join('.') === name
}

/** A variable term; `data` and `input` become one-term refs, as OPA does for the root documents. */
export function varOrRoot(name: string, loc: Location): VarTerm | RefTerm {
  const v: VarTerm = { type: 'var', name, loc }
  return name === 'data' || name === 'input' ? { type: 'ref', terms: [v], loc } : v
}

export function makeExpr(kind: ExprKind, loc: Location, negated = false): Expr {
  return { type: 'expr', negated, with: [], loc, ...kind } as Expr
}

/**
 * The expression for a term in statement position: a call term becomes a
 * call expression (the evaluator works on call expressions), anything else a
 * term expression.
 */
export function termToExpr(t: Term, loc: Location): Expr {
  if (t.type === 'call') return makeExpr({ kind: 'call', operator: t.operator, args: t.args }, loc)
  return makeExpr({ kind: 'term', term: t }, loc)
}

/** The inverse of {@link termToExpr} for a plain expression, else undefined. */
export function exprToTerm(e: Expr): Term | undefined {
  if (e.negated || e.with.length > 0) return undefined
  if (e.kind === 'term') return e.term
  if (e.kind === 'call') {
    if (isAssignLike(e)) return undefined
    return { type: 'call', operator: e.operator, args: e.args, loc: e.loc }
  }
  return undefined
}

/** `x := y` / `x = y`: expression-level operators that have no term form. */
export function isAssignLike(e: Expr): boolean {
  if (e.kind !== 'call') return false
  const head = e.operator.terms[0]
  return e.operator.terms.length === 1 && head?.type === 'var' && (head.name === 'assign' || head.name === 'eq')
}
