/**
 * Control statements: nested blocks, breaks, scans, `not`, `with`, returns.
 *
 * - `Block`: each nested IR block is a Wasm `block`.
 * - `Break n`: `br` to the label of the IR block `n` levels out.
 * - `Scan`: `block { loop { c = cordon_scan_step(src, c); br_if end (c == 0);
 *   key = cordon_scan_key(src, c); value = cordon_scan_v (set by the step);
 *   block { body }; br loop } }`, with a cursor `c` (an array index + 1 or a
 *   map node) instead of OPA's key-based opa_value_iter + opa_value_get, which
 *   hash every key twice per element. An `ordered` scan uses the
 *   `cordon_scan_sorted_*` functions: a sorted view of the map as its cursor.
 * - `Not`: `block { body; br <outer IR block> }`: completing the body fails
 *   the statement, failing it continues after.
 * - `With`: save the local, replace it (or upsert at the path in a copy),
 *   run the block with a fresh memo table, restore on both exits.
 */
import type { Block, Local, Stmt } from '@cordon/rego'
import type { FnEmitter } from './emitter.js'
import { upsertHelper } from './helpers.js'
import { bodyUses } from './outline.js'
import { lowerUnrolledScan } from './unroll-scans.js'
import { emitArgumentMemoStore, memoTableBytes } from './argument-memo.js'

type Lower = (e: FnEmitter, b: Block) => void
type StmtOf<K extends Stmt['type']> = Extract<Stmt, { type: K }>

export function lowerBlockStmt(e: FnEmitter, blocks: Block[], lower: Lower): void {
  for (const b of blocks) e.block(b, lower)
}

export function lowerBreak(e: FnEmitter, index: number): void {
  e.breakOut(index)
}

/** Returns `source` from the func (storing it in the memo table when the func is memoised). */
export function lowerReturn(e: FnEmitter, source: Local): void {
  const f = e.f
  if (!e.func) throw new Error('ReturnLocal outside a func')
  const slot = e.m.memo.slots.get(e.func.name)
  if (slot !== undefined) {
    f.globalGet(e.m.memo.global)
      .localGet(e.local(source))
      .i32Store(slot * 4)
  }
  if (e.argumentMemo) emitArgumentMemoStore(e, e.argumentMemo.offset, e.argumentMemo.entry, e.local(source))
  f.localGet(e.local(source)).return()
}

export function lowerScan(e: FnEmitter, s: StmtOf<'Scan'>, lower: Lower): void {
  if (lowerSetCopy(e, s)) return
  if (lowerUnrolledScan(e, s, lower)) return
  const f = e.f
  const cursor = e.temp()
  const src = e.local(s.source)
  const end = e.newLabel('scanEnd')
  const loop = e.newLabel('scanLoop')
  // The cursor is a fresh local, 0 on entry: only a scan inside another loop of
  // this function can start again with the value a previous run left (4 bytes a scan).
  if (e.loopDepth > 0) f.i32Const(0).localSet(cursor)
  f.block(end)
  f.loop(loop)
  e.loopDepth++
  const fn = s.ordered ? 'cordon_scan_sorted_' : 'cordon_scan_'
  // With the runtime's fuel counter, its `…step` spends the step's fuel too.
  const { scanStep } = e.m.fuel
  f.localGet(src)
    .localGet(cursor)
    .call(e.m.rt(`${fn}${scanStep ? 'step' : 'next'}`))
    .localTee(cursor)
    .i32Eqz()
    .brIf(end)
  if (!scanStep) e.burnFuel('loop')
  // A key or value nothing reads is not fetched (an array's key is a number to allocate).
  const uses = e.body && bodyUses(e, e.body)
  for (const [part, local] of [
    ['key', s.key],
    ['value', s.value],
  ] as const) {
    if (uses && (uses.count.get(local) ?? 0) <= 1) continue
    // `cordon_scan_step` left the value in a global.
    if (part === 'value' && scanStep && !s.ordered) f.globalGet(scanStep.value)
    else
      f.localGet(src)
        .localGet(cursor)
        .call(e.m.rt(`${fn}${part}`))
    f.localSet(e.local(local))
  }
  e.block(s.block, lower)
  f.br(loop)
  e.loopDepth--
  f.end()
  f.end()
}

/**
 * A scan whose body only adds its value to a set (`s contains x if some x in
 * src`, and a rule's union of another's set): one call of
 * `cordon_set_add_all`, which adds the values in the scan's order and keeps a
 * set's stored hashes, instead of four calls and a hash per element. It
 * spends the fuel the loop would: one unit per element. Not when the key or
 * the value is read anywhere else (the loop would have left them set).
 */
function lowerSetCopy(e: FnEmitter, s: StmtOf<'Scan'>): boolean {
  const only = s.block.stmts.length === 1 ? s.block.stmts[0] : undefined
  if (s.ordered || only?.type !== 'SetAdd' || only.value.kind !== 'local' || only.value.local !== s.value) return false
  const uses = e.body && bodyUses(e, e.body)
  // The value: the scan's own mention and the SetAdd's; the key: the scan's alone.
  if (!uses || s.key === s.value || uses.count.get(s.value) !== 2 || (uses.count.get(s.key) ?? 0) > 1) return false
  e.burnFuelOf(() => e.f.localGet(e.local(only.set)).localGet(e.local(s.source)).call(e.m.rt('cordon_set_add_all')))
  return true
}

export function lowerNot(e: FnEmitter, block: Block, lower: Lower): void {
  e.block(block, (e, b) => {
    lower(e, b)
    // The body completed: the `not` fails, leaving the block around it.
    e.f.br(e.irLabel(1))
  })
}

export function lowerWith(e: FnEmitter, s: StmtOf<'With'>, lower: Lower): void {
  const f = e.f
  const target = e.local(s.local)
  const saved = e.temp()
  f.localGet(target).localSet(saved)
  if (s.path.length === 0) {
    e.operand(s.value)
    f.localSet(target)
  } else {
    const path = e.temp()
    f.i32Const(s.path.length).call(e.m.rt('opa_array_with_cap')).localSet(path)
    for (const i of s.path) {
      f.localGet(path)
        .i32Const(e.m.data.stringValue(e.string(i)))
        .call(e.m.rt('opa_array_append'))
    }
    f.localGet(target).localGet(path).i32Const(0)
    e.operand(s.value)
    f.call(upsertHelper(e.m)).localSet(target)
  }
  // A fresh memo table inside, and no data cache: cached rule values may
  // depend on what `with` replaced.
  const memoSaved = e.m.memo.slots.size > 0 ? e.temp() : undefined
  if (memoSaved !== undefined) {
    f.globalGet(e.m.memo.global).localSet(memoSaved)
    freshMemoTable(e)
  }
  const cacheSaved = e.m.cache ? e.temp() : undefined
  if (cacheSaved !== undefined)
    f.globalGet(e.m.cache!.global).localSet(cacheSaved).i32Const(0).globalSet(e.m.cache!.global)
  const restore = () => {
    f.localGet(saved).localSet(target)
    if (memoSaved !== undefined) f.localGet(memoSaved).globalSet(e.m.memo.global)
    if (cacheSaved !== undefined) f.localGet(cacheSaved).globalSet(e.m.cache!.global)
  }
  const ok = e.newLabel('withOk')
  f.block(ok)
  e.block(
    s.block,
    (e, b) => {
      lower(e, b)
      restore()
      e.f.br(ok)
    },
    restore,
  )
  restore()
  e.fail()
  f.end()
}

/** memo = opa_malloc(4 × slots), zero-filled. */
export function freshMemoTable(e: FnEmitter): void {
  const f = e.f
  const bytes = memoTableBytes(e.m)
  const t = e.temp()
  f.i32Const(bytes).call(e.m.rt('opa_malloc')).localTee(t).globalSet(e.m.memo.global)
  f.localGet(t).i32Const(0).i32Const(bytes).memoryFill()
}
