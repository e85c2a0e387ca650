/**
 * The data cache: values of rules that depend on `data` alone, kept from one
 * evaluation to the next until the data changes.
 *
 * A rule's value usually depends on the input, but some depend on the data
 * only: an index of restrictions by model, a table derived from
 * configuration. OPA computes those again in every evaluation, so decision
 * cost grows with the data even when the input touches one entry. Here a
 * memoised func (a rule: params input and data) is *cacheable* when neither it
 * nor anything it calls reads the input, calls a builtin that is not pure, or
 * uses `with`. After the host sets the data it calls the export
 * `cordon_warm(data)`, which computes every cacheable rule once and publishes
 * the memo table as the cache (global `cacheTable`); the host then keeps that
 * memory below its evaluation heap. A cacheable func looks in the cache
 * before computing; inside a `with` block the cache is off (what `with`
 * replaces may be what the rule read). `cordon_cache_clear()` forgets it (the
 * host calls it before the data changes).
 */
import { PURE_HOST_BUILTINS } from '@cordon/builtins/declarations'
import { FunctionBuilder, ValType, ExternalKind } from '../binary/index.js'
import { everyStmt, forEachStmtLocal, type Func, type Operand, type Policy } from '@cordon/rego'
import type { BuiltinPlan } from './builtin-map.js'
import { FnEmitter, type ModuleCtx } from './emitter.js'
import { freshMemoTable } from './lower-control.js'
import { emitFreshDataTimes } from './data-times.js'
import { emitFreshDataPaths } from './data-paths.js'
import { greatestFuncSet } from './func-fixpoint.js'

/** Names of the memoised funcs whose values depend on the data alone. */
export function cacheableFuncs(
  policy: Policy,
  memoSlots: ReadonlyMap<string, number>,
  builtins: BuiltinPlan,
): Set<string> {
  const funcs = new Map(policy.funcs.map((f) => [f.name, f]))
  // Every func is input-free until one of its statements says otherwise.
  const inputFree = greatestFuncSet(funcs, (func, set) => bodyIsInputFree(func, funcs, set, builtins))
  return new Set([...memoSlots.keys()].filter((name) => inputFree.has(name)))
}

/** Whether no statement of `func` reads its input, calls a func that may, calls an impure builtin, or uses `with`. */
function bodyIsInputFree(
  func: Func,
  funcs: ReadonlyMap<string, Func>,
  inputFree: ReadonlySet<string>,
  builtins: BuiltinPlan,
): boolean {
  const input = func.params[0]
  const isInput = (o: Operand) => o.kind === 'local' && o.local === input
  return everyStmt(func.blocks, (s) => {
    switch (s.type) {
      case 'Call': {
        const callee = funcs.get(s.func)
        if (callee) {
          // The callee's own input parameter may be passed the input: it does not read it.
          return inputFree.has(s.func) && s.args.every((a, i) => i === 0 || !isInput(a))
        }
        const pure = builtins.native.has(s.func) || PURE_HOST_BUILTINS.has(s.func)
        return pure && !s.args.some(isInput)
      }
      case 'CallDynamic':
      case 'With':
        return false
      default: {
        let reads = false
        forEachStmtLocal(s, (local, assigns) => {
          if (!assigns && local === input) reads = true
        })
        return !reads
      }
    }
  })
}

/** At a cacheable func's entry: return its cached value when the cache is on and holds one. */
export function emitCacheLookup(m: ModuleCtx, f: FunctionBuilder, slot: number, temp: number): void {
  const cache = m.cache!
  f.globalGet(cache.global).localTee(temp)
  f.withIf(() => {
    f.localGet(temp)
      .i32Load(slot * 4)
      .localTee(temp)
    f.withIf(() => f.localGet(temp).return())
  })
}

/** Adds `cordon_warm(data) → count` and `cordon_cache_clear()`, exported. */
export function addCacheExports(m: ModuleCtx): void {
  const cache = m.cache!
  const linker = m.linker
  const e = new FnEmitter(m, 1, 1)
  const warm = e.f
  const table = e.temp()
  warm.i32Const(0).globalSet(cache.global)
  emitFreshDataTimes(m, warm, table)
  emitFreshDataPaths(m, warm, table)
  e.refuel()
  freshMemoTable(e)
  warm.globalGet(m.memo.global).localSet(table)
  // Each cacheable rule once; their values land in the memo table (undefined stays 0).
  for (const name of cache.funcs) {
    warm.i32Const(0).localGet(0).call(m.funcs.get(name)!.index).drop()
  }
  warm.localGet(table).globalSet(cache.global)
  warm.i32Const(cache.funcs.size)
  linker.addExport(
    'cordon_warm',
    ExternalKind.func,
    linker.addFunction({ params: [ValType.i32], results: [ValType.i32] }, warm, 'cordon_warm'),
  )

  const clear = new FunctionBuilder([], [])
  clear.i32Const(0).globalSet(cache.global)
  linker.addExport(
    'cordon_cache_clear',
    ExternalKind.func,
    linker.addFunction({ params: [], results: [] }, clear, 'cordon_cache_clear'),
  )
}
