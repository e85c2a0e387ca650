/**
 * Funcs whose value is never `false`: true or undefined, as a rule
 * `p if { … }` is, or any other value that is not a boolean. The planner
 * tests a call of one in a body as `x != false`; for these the test of the
 * call's result for undefined is all of it, so the call of
 * `cordon_undefined_or_false` after it goes (see FnEmitter.setAndFailIfZero).
 *
 * A local is never false when every statement that assigns it makes a value
 * that is not false: undefined (ResetLocal), a constant other than false, a
 * new number, null, array, object or set, or a copy of a local that is never false. Anything else (a
 * call, a lookup, a scan's element, `with`) may be false. A func is never
 * false when its return local is.
 */
import { forEachStmtLocal, walkStmts, type Func, type Local, type Operand, type Policy, type Stmt } from '@cordon/rego'

const byPolicy = new WeakMap<Policy, ReadonlySet<string>>()

/** The names of `policy`'s funcs whose value is never false, computed once per policy. */
export function funcsNeverFalse(policy: Policy): ReadonlySet<string> {
  let out = byPolicy.get(policy)
  if (out === undefined) {
    out = new Set(policy.funcs.filter((f) => neverFalse(f, policy)).map((f) => f.name))
    byPolicy.set(policy, out)
  }
  return out
}

const MAKES_NON_BOOLEAN = new Set<Stmt['type']>([
  // Undefined.
  'ResetLocal',
  'MakeNull',
  'MakeNumberInt',
  'MakeNumberRef',
  'MakeArray',
  'MakeObject',
  'MakeSet',
])

function neverFalse(func: Func, policy: Policy): boolean {
  /** The statements assigning each local; `null` once one may make false. */
  const sources = new Map<Local, Operand[] | null>()
  const mayBeFalse = (l: Local) => sources.set(l, null)
  for (const p of func.params) mayBeFalse(p)
  walkStmts(func.blocks, (s) => {
    if (s.type === 'With') mayBeFalse(s.local)
    forEachStmtLocal(s, (l, assigns) => {
      if (!assigns || sources.get(l) === null) return
      if (s.type === 'AssignVar' || s.type === 'AssignVarOnce') {
        const list = sources.get(l) ?? []
        list.push(s.source)
        sources.set(l, list)
      } else if (!MAKES_NON_BOOLEAN.has(s.type)) mayBeFalse(l)
    })
  })
  const visiting = new Set<Local>()
  const localNeverFalse = (l: Local): boolean => {
    const list = sources.get(l)
    if (list === null || visiting.has(l)) return false
    // Never assigned: always undefined.
    if (list === undefined) return true
    visiting.add(l)
    const ok = list.every((op) => operandNeverFalse(op, policy, localNeverFalse))
    visiting.delete(l)
    return ok
  }
  return localNeverFalse(func.returnLocal)
}

function operandNeverFalse(op: Operand, policy: Policy, localNeverFalse: (l: Local) => boolean): boolean {
  switch (op.kind) {
    case 'bool':
      return op.value
    case 'string':
      return true
    case 'value': {
      const v = policy.values?.[op.index]
      return v !== undefined && !(v.type === 'boolean' && !v.value)
    }
    case 'local':
      return localNeverFalse(op.local)
  }
}
