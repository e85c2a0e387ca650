/**
 * Calls of user functions and builtins, with `with` mocks applied: under a
 * generation that replaces a function, a call goes to the replacement (a
 * function, a builtin, or a plain value).
 */
import { arity as builtinArity, builtinDecls } from '@cordon/builtins/declarations'
import type { RefTerm, Term } from '../ast.js'
import { refName } from '../checker/visit.js'
import { DATA_LOCAL, INPUT_LOCAL, type Local, type Operand } from '../ir/ir.js'
import type { Location } from '../location.js'
import { type Ctx, emit, inBlock, local, PlanError } from './context.js'
import { funcArgs } from './plan-refs.js'
import { valueOp } from './constants.js'
import { METADATA_CALLS, metadataValue } from './metadata.js'
import { funcFor } from './plan-rules.js'
import { planTerms } from './plan-term.js'

/**
 * Builtins whose value depends on the elements of their array argument
 * alone, not on their order (`sum` is not among them: float rounding
 * depends on the order).
 */
const ORDER_FREE_BUILTINS = new Set(['sort', 'count', 'max', 'min'])

/**
 * Notes an array comprehension passed straight to such a builtin (not
 * replaced by `with`): the order its elements are found in cannot show, so
 * its scans need not go in Rego's value order (plan-comprehension.ts).
 */
export function noteOrderFreeArgument(c: Ctx, name: string, args: readonly Term[]): void {
  const first = args[0]
  if (first?.type !== 'arraycomp' || !ORDER_FREE_BUILTINS.has(name)) return
  if (c.sc.gen.mocks.has(name) || c.st.compiled.rules.has(name)) return
  c.st.orderFree.add(first)
}

export function callName(operator: RefTerm): string {
  const name = refName(operator)
  if (!name) throw new PlanError('call of a computed function is not supported', operator.loc)
  return name
}

/** The number of arguments the function takes, if known (user function or builtin). */
export function calleeArity(c: Ctx, name: string): number | undefined {
  const mock = c.sc.gen.mocks.get(name)
  const group = c.st.compiled.rules.get(name)
  if (group?.kind === 'function') return group.arity ?? group.rules[0]?.head.args?.length
  const decl = c.st.compiled.builtins.get(name) ?? builtinDecls.get(name)
  if (decl) return builtinArity(decl)
  if (mock?.kind === 'func') return calleeArity(c, mock.target)
  return undefined
}

/** Whether `name` is a builtin used as a relation (`walk`), and not mocked. */
export function isRelation(c: Ctx, name: string): boolean {
  if (c.sc.gen.mocks.has(name) || c.st.compiled.rules.has(name)) return false
  return (c.st.compiled.builtins.get(name) ?? builtinDecls.get(name))?.relation === true
}

/**
 * A call used as a value. A relation's value (`[p, v] := walk(x)`, `y :=
 * walk(x)`) is each of its outputs in turn, as in OPA, where the call becomes
 * `walk(x, out)` with `out` enumerated.
 */
export function planCall(c: Ctx, operator: RefTerm, args: readonly Term[], loc: Location, k: (r: Local) => void): void {
  const name = callName(operator)
  noteOrderFreeArgument(c, name, args)
  planTerms(c, args, (ops) => {
    const r = emitCall(c, name, ops, loc)
    if (!isRelation(c, name)) return k(r)
    const key = c.sc.newLocal()
    const value = c.sc.newLocal()
    emit(c, { type: 'Scan', source: r, key, value, block: inBlock(c, () => k(value)) })
  })
}

/** Emits the call of `name` with argument operands; returns the result local. */
export function emitCall(c: Ctx, name: string, ops: Operand[], loc?: Location): Local {
  const mock = c.sc.gen.mocks.get(name)
  if (mock?.kind === 'value') {
    // The value replaces the result, but the arguments must still be defined.
    for (const op of ops) if (op.kind === 'local') emit(c, { type: 'IsDefined', source: op.local })
    return c.sc.mockLocals[mock.slot]!
  }
  if (!mock && METADATA_CALLS.has(name) && ops.length === 0) {
    // Compile-time values in OPA: the rule's annotations, as a constant.
    const result = c.sc.newLocal()
    emit(c, { type: 'AssignVar', source: valueOp(c, metadataValue(c, name)), target: result })
    return result
  }
  const target = mock?.kind === 'func' ? mock.target : name
  const result = c.sc.newLocal()
  const group = c.st.compiled.rules.get(target)
  if (group?.kind === 'function' && mock) {
    // A replacement function sees no function mocks: inside it, the original is called.
    const gen = c.st.generation(new Map(), c.sc.gen.dataMocks, 0)
    const args = [local(INPUT_LOCAL), local(DATA_LOCAL), ...ops]
    emit(c, { type: 'Call', func: funcFor(c, group, gen), args, result, loc: c.st.loc(loc) })
  } else if (group?.kind === 'function') {
    emit(c, { type: 'Call', func: funcFor(c, group), args: [...funcArgs(c), ...ops], result, loc: c.st.loc(loc) })
  } else {
    c.st.builtins.add(target)
    emit(c, { type: 'Call', func: target, args: ops, result, loc: c.st.loc(loc) })
  }
  return result
}
