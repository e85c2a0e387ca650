/**
 * `time.parse_rfc3339_ns` of the data's timestamps, parsed once per data
 * version. A policy compares the request's time with `effective_from` rows of
 * its data (`in_effect(r)` of the reference policy): the same strings,
 * parsed again in every call of every decision.
 *
 * While the data cache is on (data-cache.ts: its global is the address of
 * the cache's table, made by `cordon_warm` after the data was laid out), the
 * memory below that address is the module's static data and the data
 * document, which nothing changes until the host sets new data (and calls
 * `cordon_cache_clear` first). So a value there is known by its address: the
 * parse of an argument below it is kept, by address, in a small
 * direct-mapped table that `cordon_warm` makes afresh. Only int results are
 * kept; an error, an undefined result or a call the host must make
 * (HOST_FALLBACK) goes through every time, as before. Inside `with` the cache
 * is off, and so is this table. OPA's SDK never calls `cordon_warm`: there the
 * table is never used.
 */
import { FunctionBuilder, ValType } from '../binary/index.js'
import type { ModuleCtx } from './emitter.js'
import { HOST_FALLBACK } from './builtin-map.js'

/** Entries of the table: (address, pad, int64 result), 16 bytes each. */
const SLOTS = 16
const SLOT_BYTES = 16
/** The runtime's number type byte and its int64 representation (runtime/VALUES.md). */
const T_NUMBER = 3
const N_INT = 1

/** The global holding each module's table (0: none yet, or the data changed). */
const tables = new WeakMap<ModuleCtx, number>()

/**
 * For a call of `builtin` with fast path `fastPath`: the index of a func
 * `(value) → result` that calls the fast path through the table. Undefined
 * when `builtin` is not `time.parse_rfc3339_ns`, or the module has no data
 * cache (so no stable memory to key the table by).
 */
export function dataTimeParse(m: ModuleCtx, builtin: string, fastPath: string): number | undefined {
  const cache = m.cache
  if (!cache || builtin !== 'time.parse_rfc3339_ns') return undefined
  const fast = m.rt(fastPath)
  return m.helper('cordon_time_parse_data', () => {
    const table = m.linker.addGlobal(ValType.i32, true, 0)
    tables.set(m, table)
    const f = new FunctionBuilder([ValType.i32], [ValType.i32])
    const v = 0
    const slot = f.addLocal(ValType.i32)
    const r = f.addLocal(ValType.i32)
    // v below the cache's table, with the cache on: static data or the data document.
    f.globalGet(cache.global).localGet(v).i32GtU().if()
    f.globalGet(table)
    f.localGet(v)
      .i32Const(3)
      .i32ShrU()
      .i32Const(SLOTS - 1)
      .i32And()
      .i32Const(4)
      .i32Shl()
    f.i32Add().localTee(slot).i32Load().localGet(v).i32Eq().if()
    f.localGet(slot).i64Load(8).call(m.rt('opa_number_int')).return()
    f.end()
    f.localGet(v).call(fast).localTee(r).i32Const(HOST_FALLBACK).i32GtU().if()
    f.localGet(r).i32Load8U().i32Const(T_NUMBER).i32Eq()
    f.localGet(r).i32Load8U(1).i32Const(N_INT).i32Eq().i32And().if()
    f.localGet(slot).localGet(v).i32Store()
    f.localGet(slot).localGet(r).i64Load(8).i64Store(8)
    f.end()
    f.end()
    f.localGet(r).return()
    f.end()
    f.localGet(v).call(fast)
    return m.linker.addFunction(f.type, f, 'cordon_time_parse_data')
  })
}

/** In `cordon_warm`, before the cache's global is set: a fresh, empty table (when the policy parses times through it). */
export function emitFreshDataTimes(m: ModuleCtx, f: FunctionBuilder, temp: number): void {
  const table = tables.get(m)
  if (table === undefined) return
  f.i32Const(SLOTS * SLOT_BYTES)
    .call(m.rt('opa_malloc'))
    .localTee(temp)
    .globalSet(table)
  f.localGet(temp)
    .i32Const(0)
    .i32Const(SLOTS * SLOT_BYTES)
    .memoryFill()
}
