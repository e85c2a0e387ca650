/**
 * Expressions: terms, calls (unification, builtins, user functions, with an
 * optional output argument), `some … in`, `not`, and dispatch to `every`,
 * the opt-in `and`/`or`/`not { }` forms and `with`.
 */
import type { CallExpr, Expr, SomeIn, Term } from '../ast.js'
import { type Ctx, emit, emitScan, inBlock, isolated, local, toLocal } from './context.js'
import { bindVar, isUnboundVar } from './locals.js'
import { planBody } from './plan-body.js'
import { calleeArity, callName, emitCall, isRelation, noteOrderFreeArgument } from './plan-call.js'
import { planEvery, planLogic } from './plan-every.js'
import { planPrint } from './plan-print.js'
import { planTerm, planTerms } from './plan-term.js'
import { planUnify, unifyOperand } from './plan-unify.js'
import { planWith } from './plan-with.js'

export function planExpr(c: Ctx, e: Expr, k: () => void): void {
  if (e.with.length > 0) return planWith(c, e, k)
  if (e.negated) return planNot(c, e, k)
  planPositive(c, e, k)
}

/** The expression without its `with` modifiers and negation. */
export function planPositive(c: Ctx, e: Expr, k: () => void): void {
  switch (e.kind) {
    case 'term':
      return planTermExpr(c, e.term, k)
    case 'call':
      return planCallExpr(c, e, k)
    case 'some':
      return k()
    case 'somein':
      return planSomeIn(c, e, k)
    case 'every':
      return planEvery(c, e, k)
    case 'logic':
      return planLogic(c, e, k)
    case 'block':
      return planBody(c, e.body, k)
  }
}

/**
 * `not e`: the block succeeds once e has any solution. A scan completes
 * whether or not an element matched, so the block ends by testing a flag
 * that only the success path sets.
 */
export function planNot(c: Ctx, e: Expr, k: () => void): void {
  const found = c.sc.newLocal()
  const block = inBlock(c, () => {
    emit(c, { type: 'ResetLocal', target: found })
    isolated(c, () =>
      planPositive(c, e, () => emit(c, { type: 'AssignVar', source: { kind: 'bool', value: true }, target: found })),
    )
    emit(c, { type: 'IsDefined', source: found })
  })
  emit(c, { type: 'Not', block })
  k()
}

/** A bare term holds when it is defined and not `false`. */
function planTermExpr(c: Ctx, t: Term, k: () => void): void {
  if (t.type === 'boolean') return t.value ? k() : emit(c, { type: 'Break', index: 0 })
  if (t.type === 'null' || t.type === 'number' || t.type === 'string') return k()
  planTerm(c, t, (op) => {
    emit(c, { type: 'NotEqual', a: op, b: { kind: 'bool', value: false } })
    k()
  })
}

function planCallExpr(c: Ctx, e: CallExpr & { loc: Expr['loc'] }, k: () => void): void {
  const name = callName(e.operator)
  if ((name === 'eq' || name === 'assign') && e.args.length === 2 && !c.sc.gen.mocks.has(name))
    return planUnify(c, e.args[0]!, e.args[1]!, k)
  if (name === 'print' && !c.sc.gen.mocks.has(name)) return planPrint(c, e.args, e.loc, k)
  noteOrderFreeArgument(c, name, e.args)
  const arity = calleeArity(c, name)
  if (arity !== undefined && e.args.length === arity + 1 && isRelation(c, name)) {
    // A relation (`walk`) returns all its outputs at once; each is matched in turn.
    const out = e.args[arity]!
    return planTerms(c, e.args.slice(0, arity), (ops) => {
      const source = emitCall(c, name, ops, e.loc)
      const key = c.sc.newLocal()
      const value = c.sc.newLocal()
      const block = inBlock(c, () => unifyOperand(c, out, local(value), k))
      emitScan(c, { source, key, value, block })
    })
  }
  if (arity !== undefined && e.args.length === arity + 1) {
    // The last argument is an output: `count(xs, n)`, `f(x, y)` for `y := f(x)`.
    const out = e.args[arity]!
    return planTerms(c, e.args.slice(0, arity), (ops) => {
      const r = emitCall(c, name, ops, e.loc)
      unifyOperand(c, out, local(r), k)
    })
  }
  planTerms(c, e.args, (ops) => {
    const r = emitCall(c, name, ops, e.loc)
    emit(c, { type: 'NotEqual', a: local(r), b: { kind: 'bool', value: false } })
    k()
  })
}

/** `some k, v in xs`: scan the collection, matching key and value against the declared patterns. */
function planSomeIn(c: Ctx, e: SomeIn, k: () => void): void {
  planTerm(c, e.domain, (d) => {
    const source = toLocal(c, d)
    const key = c.sc.newLocal()
    const value = c.sc.newLocal()
    const block = inBlock(c, () => {
      const matchValue = () => unifyOperand(c, e.value, local(value), k)
      if (!e.key) return matchValue()
      if (isUnboundVar(c, e.key)) return bindVar(c, e.key.name, local(key), matchValue)
      unifyOperand(c, e.key, local(key), matchValue)
    })
    emitScan(c, { source, key, value, block })
  })
}
