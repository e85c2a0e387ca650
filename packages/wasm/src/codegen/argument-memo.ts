/**
 * Calls of a one-argument function with a row of the data, remembered for
 * the rest of the evaluation: `in_effect(r)` of the reference policy is
 * called with the same few rows (the embargo, a restriction, the unknown
 * locations) for each model it checks, and each call reads and compares the
 * same values again.
 *
 * A function qualifies when its value depends on nothing but the input, the
 * data and its argument: no `with`, no `CallDynamic`, no builtin that is not
 * pure, no call of a function that does not qualify (as data-cache.ts decides
 * for rules), and it is called from two places or more. Its argument is known by its address when it lies below the
 * data cache's table (data-times.ts): static data or the data document, which
 * nothing changes during an evaluation; a value made during the evaluation
 * can be freed and its address reused, so it is never a key. Each such
 * function has ENTRIES direct-mapped entries (argument address, value; the
 * value may be undefined) in the evaluation's memo table, which every
 * evaluation makes afresh. Inside `with` the data cache is off (its global
 * is 0) and so is this; `cordon_warm` runs with it off too; OPA's SDK never
 * turns it on.
 */
import { PURE_HOST_BUILTINS } from '@cordon/builtins/declarations'
import { everyStmt, walkPolicy, type Func, type Policy } from '@cordon/rego'
import type { BuiltinPlan } from './builtin-map.js'
import { greatestFuncSet } from './func-fixpoint.js'
import type { FnEmitter, ModuleCtx } from './emitter.js'

/** Entries per function: a power of two. */
const ENTRIES = 4
/** An entry: the argument's address and the value (0: undefined). */
const ENTRY_BYTES = 8
const ARGUMENT_MEMO_BYTES = ENTRIES * ENTRY_BYTES

/**
 * The functions whose calls are remembered by argument, each with the byte
 * offset of its entries after `ruleSlotBytes` of the memo table.
 */
export function argumentMemoFuncs(policy: Policy, builtins: BuiltinPlan, ruleSlotBytes: number): Map<string, number> {
  const funcs = new Map(policy.funcs.map((f) => [f.name, f]))
  // Every func depends on input, data and arguments alone until one of its statements says otherwise.
  const pure = greatestFuncSet(funcs, (func, set) => bodyIsPure(func, funcs, set, builtins))
  // Called from one place only, a function is seldom called twice with one row; its entries would cost bytes for nothing.
  const callSites = new Map<string, number>()
  walkPolicy(policy, (s) => {
    if (s.type === 'Call' && funcs.has(s.func)) callSites.set(s.func, (callSites.get(s.func) ?? 0) + 1)
  })
  const out = new Map<string, number>()
  for (const func of policy.funcs) {
    // A rule (memoised by itself) has input and data only: one argument more is a function's.
    if (func.memoize || func.params.length !== 3 || !pure.has(func.name)) continue
    if ((callSites.get(func.name) ?? 0) < 2) continue
    out.set(func.name, ruleSlotBytes + out.size * ARGUMENT_MEMO_BYTES)
  }
  return out
}

function bodyIsPure(
  func: Func,
  funcs: ReadonlyMap<string, Func>,
  pure: ReadonlySet<string>,
  builtins: BuiltinPlan,
): boolean {
  return everyStmt(func.blocks, (s) => {
    switch (s.type) {
      case 'Call':
        if (funcs.has(s.func)) return pure.has(s.func)
        return builtins.native.has(s.func) || PURE_HOST_BUILTINS.has(s.func)
      case 'CallDynamic':
      case 'With':
        return false
      default:
        return true
    }
  })
}

/**
 * At the entry of a function remembered by argument: when its argument
 * (parameter 2) is a key, return the remembered value if there is one, else
 * leave the entry's address in the returned Wasm local (0 when not a key)
 * for {@link emitArgumentMemoStore}.
 */
export function emitArgumentMemoLookup(e: FnEmitter, offset: number): number {
  const m = e.m
  const f = e.f
  const entry = e.temp()
  const arg = 2
  f.globalGet(m.cache!.global).localGet(arg).i32GtU().if()
  f.globalGet(m.memo.global)
    .localGet(arg)
    .i32Const(3)
    .i32ShrU()
    .i32Const(ENTRIES - 1)
    .i32And()
    .i32Const(3)
    .i32Shl()
    .i32Add()
    .localTee(entry)
    .i32Load(offset)
    .localGet(arg)
    .i32Eq()
    .if()
  f.localGet(entry)
    .i32Load(offset + 4)
    .return()
  f.end()
  f.end()
  return entry
}

/** Before a return of the value on the stack: remember it for the argument when the entry is set. */
export function emitArgumentMemoStore(e: FnEmitter, offset: number, entry: number, value: number): void {
  const f = e.f
  f.localGet(entry).if()
  f.localGet(entry).localGet(2).i32Store(offset)
  f.localGet(entry)
    .localGet(value)
    .i32Store(offset + 4)
  f.end()
}

/** Bytes of the memo table: the rules' slots, then each remembered function's entries. */
export function memoTableBytes(m: ModuleCtx): number {
  return m.memo.slots.size * 4 + (m.memo.byArgument?.size ?? 0) * ARGUMENT_MEMO_BYTES
}
