/**
 * `count(x) == 0`, `count(x) != 0` and `count(x) > 0`, which the planner
 * writes as three statements (count's Call, the constant 0, the
 * comparison's Call), lowered as one call of the runtime (agg.ts
 * `cordon_count_*`) that returns the boolean: no number value for the count,
 * no comparison call. It is undefined, and raises count's strict error,
 * where count is. Only where the count and the 0 are read by the comparison
 * alone, and only with a runtime that has the functions.
 */
import type { Block, Local, Operand, Stmt } from '@cordon/rego'
import type { FnEmitter } from './emitter.js'
import { bodyUses } from './outline.js'

/** The comparison's builtin → the name the fused call goes by (a native builtin of the module). */
const FUSED: Readonly<Record<string, string>> = {
  equal: 'count == 0',
  neq: 'count != 0',
  gt: 'count > 0',
}

/** The fused calls' names → the runtime functions (added to the module's native builtins when the runtime has them). */
export const COUNT_TESTS: Readonly<Record<string, string>> = {
  'count == 0': 'cordon_count_eq0',
  'count != 0': 'cordon_count_neq0',
  'count > 0': 'cordon_count_gt0',
}

const readsLocal = (o: Operand | undefined, l: Local): boolean => o?.kind === 'local' && o.local === l

/** `b` with each such triple replaced by the fused call; `b` itself when it has none. */
export function fuseCountTests(e: FnEmitter, b: Block): Block {
  let out: Stmt[] | undefined
  const stmts = b.stmts
  for (let i = 0; i < stmts.length; i++) {
    const fused = i + 2 < stmts.length ? fusedAt(e, stmts[i]!, stmts[i + 1]!, stmts[i + 2]!) : undefined
    if (fused === undefined) {
      out?.push(stmts[i]!)
      continue
    }
    out ??= stmts.slice(0, i)
    out.push(fused)
    i += 2
  }
  return out === undefined ? b : { stmts: out }
}

function fusedAt(e: FnEmitter, count: Stmt, zero: Stmt, cmp: Stmt): Stmt | undefined {
  if (count.type !== 'Call' || count.func !== 'count' || count.args.length !== 1) return undefined
  if (zero.type !== 'MakeNumberRef' || e.string(zero.index) !== '0') return undefined
  if (cmp.type !== 'Call' || cmp.args.length !== 2) return undefined
  const name = FUSED[cmp.func]
  if (name === undefined || !e.m.builtins.native.has(name)) return undefined
  if (!readsLocal(cmp.args[0], count.result) || !readsLocal(cmp.args[1], zero.target)) return undefined
  // Each written here and read by the comparison, nowhere else.
  const uses = e.body && bodyUses(e, e.body)
  if (!uses || uses.count.get(count.result) !== 2 || uses.count.get(zero.target) !== 2) return undefined
  if (count.result === zero.target) return undefined
  return { type: 'Call', func: name, args: count.args, result: cmp.result, loc: count.loc }
}
