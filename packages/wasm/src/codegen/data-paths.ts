/**
 * Constant paths into the data (`data["ai-access"].embargo.countries`),
 * looked up once per data version. Rule bodies read the same places of the
 * data in every evaluation, a runtime lookup per key each time; the data does
 * not change between evaluations, so where a path leads does not either.
 *
 * Each distinct path gets a function `data path a.b.c (data) → value` and a
 * slot in a table that `cordon_warm` makes afresh with each data version
 * (as data-times.ts does for parsed times). While the data cache is on (its
 * global set: after `cordon_warm`, outside `with`) the function answers from
 * its slot, filling it on first use (1 stands for "not there"); otherwise it
 * looks the path up. A path is only ever cached from the data local, which
 * outside `with` is the data document itself. The value is a part of the
 * data document, which nothing changes or frees until the data changes.
 * The call is also smaller than the lookups it stands for.
 */
import { FunctionBuilder, ValType } from '../binary/index.js'
import { DATA_LOCAL, type Stmt } from '@cordon/rego'
import type { FnEmitter, ModuleCtx } from './emitter.js'
import { emitKeyLookups } from './key-lookups.js'

type Dot = Extract<Stmt, { type: 'Dot' }>

/** Per module: the table's global and each path's slot, by the path's keys. */
const tables = new WeakMap<ModuleCtx, { global: number; slots: Map<string, number>; sized?: boolean }>()

/** "Not there", in a slot: 0 is "not looked up yet". */
const MISSING = 1

/**
 * Emits a lookup chain starting at the data local through its path's
 * function, leaving the value on the stack; false (nothing emitted) when the
 * chain does not start there or the module has no data cache.
 */
export function emitDataPath(e: FnEmitter, chain: readonly Dot[]): boolean {
  const m = e.m
  const source = chain[0]!.source
  if (!m.cache || source.kind !== 'local' || source.local !== DATA_LOCAL) return false
  // Once `cordon_warm` has sized the table, no path gets a slot.
  if (tables.get(m)?.sized) return false
  const keys: string[] = []
  for (const d of chain) {
    if (d.key.kind !== 'string') return false
    keys.push(e.string(d.key.index))
  }
  e.operand(source)
  e.f.call(dataPathFunction(m, keys))
  return true
}

function dataPathFunction(m: ModuleCtx, keys: readonly string[]): number {
  // NUL cannot be in a key's JSON-escaped text, so it separates keys unambiguously.
  const id = keys.map((k) => JSON.stringify(k)).join('\0')
  return m.helper(`data path ${id}`, () => {
    let table = tables.get(m)
    if (!table) tables.set(m, (table = { global: m.linker.addGlobal(ValType.i32, true, 0), slots: new Map() }))
    const offset = table.slots.size * 4
    table.slots.set(id, table.slots.size)
    const f = new FunctionBuilder([ValType.i32], [ValType.i32])
    const data = 0
    const v = f.addLocal(ValType.i32)
    const lookUp = () => {
      f.localGet(data)
      emitKeyLookups(m, f, keys)
    }
    f.globalGet(m.cache!.global).if()
    f.globalGet(table.global).i32Load(offset).localTee(v).if()
    // 0 when it holds MISSING, else the value.
    f.localGet(v).i32Const(0).localGet(v).i32Const(MISSING).i32Ne().select().return()
    f.end()
    f.globalGet(table.global)
    lookUp()
    f.localTee(v).i32Const(MISSING).localGet(v).select().i32Store(offset)
    f.localGet(v).return()
    f.end()
    lookUp()
    return m.linker.addFunction(f.type, f, `data path ${keys.join('.')}`)
  })
}

/** In `cordon_warm`, before the cache's global is set: a fresh, empty table of the paths (when there are any). */
export function emitFreshDataPaths(m: ModuleCtx, f: FunctionBuilder, temp: number): void {
  const table = tables.get(m)
  if (!table) return
  table.sized = true
  const bytes = table.slots.size * 4
  f.i32Const(bytes).call(m.rt('opa_malloc')).localTee(temp).globalSet(table.global)
  f.localGet(temp).i32Const(0).i32Const(bytes).memoryFill()
}
