/**
 * Variable bindings. After the checker renamed locals apart, a variable is
 * either bound (it has a local) or is being bound right here; continuation
 * style means everything that reads a binding is planned inside `k`, so a
 * binding is dropped again as soon as `k` returns.
 */
import type { Term } from '../ast.js'
import { DATA_LOCAL, INPUT_LOCAL, type Operand } from '../ir/ir.js'
import { type Ctx, emit } from './context.js'

/** Names that mean the global documents unless a local shadows them. */
function isGlobalName(name: string): boolean {
  return name === 'input' || name === 'data'
}

export function isBound(c: Ctx, name: string): boolean {
  return c.sc.vars.has(name) || isGlobalName(name)
}

export function isUnboundVar(c: Ctx, t: Term): t is Term & { type: 'var'; name: string } {
  return t.type === 'var' && !isBound(c, t.name)
}

/**
 * Binds `name` to `op` for the duration of `k`. A local is aliased, except
 * input and data: `with` swaps those in place, and a variable that captured
 * them must keep the value it had.
 */
export function bindVar(c: Ctx, name: string, op: Operand, k: () => void): void {
  let l: number
  if (op.kind === 'local' && op.local !== INPUT_LOCAL && op.local !== DATA_LOCAL) l = op.local
  else {
    l = c.sc.newLocal()
    emit(c, { type: 'AssignVar', source: op, target: l })
  }
  c.sc.vars.set(name, l)
  try {
    k()
  } finally {
    c.sc.vars.delete(name)
  }
}

/**
 * Whether a term must be matched structurally: an unbound variable, or an
 * array/object literal holding one. Refs, calls and closures are never
 * patterns; their unbound variables are bound by iteration.
 */
export function isPattern(c: Ctx, t: Term): boolean {
  switch (t.type) {
    case 'var':
      return !isBound(c, t.name)
    case 'array':
      return t.items.some((x) => isPattern(c, x))
    case 'object':
      return t.entries.some(([, v]) => isPattern(c, v))
    default:
      return false
  }
}
