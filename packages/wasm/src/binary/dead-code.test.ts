import { describe, expect, it } from 'vitest'
import { scanCode } from './code-scan.js'
import { evalI32ConstExpr } from './const-expr.js'
import { removeDeadCode } from './dead-code.js'
import { readModule } from './reader.js'
import { instantiate, validate, wat } from './testing.js'
import { ExternalKind } from './types.js'
import { writeModule } from './writer.js'
import { runtimeLibrary } from '../codegen/runtime-lib.js'

const MODULE = `(module
  (type $unary (func (param i32) (result i32)))
  (import "env" "memory" (memory 1))
  (import "env" "log" (func $log (param i32)))
  (global $table_data i32 (i32.const 3000))
  (table 1 funcref)
  (elem (i32.const 0) $in_table)
  (data (i32.const 1024) "\\00\\00\\00\\00live\\00\\00\\00\\00")
  (data (i32.const 1100) "dead")
  (data (i32.const 1200) "\\1e\\0c\\00\\00")
  (data (i32.const 3000) "global")
  (data (i32.const 3100) "pointed")
  (func $dead_helper (result i32) (i32.const 1100))
  (func $helper (param i32) (result i32) (i32.add (local.get 0) (i32.load8_u offset=1028 (i32.const 0))))
  (func $unexported (result i32) (call $dead_helper))
  (func $in_table (param i32) (result i32) (i32.load (i32.const 1200)))
  (func $run (export "run") (param i32) (result i32)
    (call $log (i32.const 0))
    (i32.add (call $helper (local.get 0)) (call_indirect (type $unary) (i32.const 0) (i32.const 0))))
  (func $internal (export "internal") (result i32) (call $unexported))
  (export "memory" (memory 0)))`

describe('removeDeadCode', () => {
  it('keeps the kept exports, the table and what they call; renumbers; the module still works', async () => {
    const m = readModule(await wat(MODULE))
    const out = removeDeadCode(m, { keepExport: (e) => e.name !== 'internal' })
    expect(out.exports.map((e) => e.name).sort()).toEqual(['memory', 'run'])
    expect(out.codes).toHaveLength(3) // helper, in_table, run
    const bytes = writeModule(out)
    await validate(bytes)
    const memory = new WebAssembly.Memory({ initial: 1 })
    const logged: number[] = []
    const x = await instantiate(bytes, { env: { memory, log: (n: number) => logged.push(n) } })
    // helper: 5 + 'l'; in_table: the word at 1200 (3102 = 0x0c1e, inside "pointed")
    expect(x.run(5)).toBe(5 + 'l'.charCodeAt(0) + 0x0c1e)
    expect(logged).toEqual([0])
    // the call to the imported function kept its index; the others were renumbered
    const runBody = out.codes[2]!
    expect(scanCode(runBody).funcRefs.map((r) => r.index)).toEqual([0, 1])
  })

  it('numbers the most called functions first (a call of an index below 128 is a byte shorter)', async () => {
    const m = readModule(
      await wat(`(module
        (func $once (result i32) (i32.const 1))
        (func $often (param i32) (result i32) (i32.add (local.get 0) (i32.const 2)))
        (func (export "run") (result i32)
          (call $often (call $often (call $often (call $once))))))`),
    )
    const out = removeDeadCode(m, { keepExport: () => true })
    const x = await instantiate(writeModule(out), {})
    expect(x.run()).toBe(7)
    // $often (3 calls) first, then $once (1), then run (none)
    expect(out.exports.find((e) => e.name === 'run')!.index).toBe(2)
    expect(scanCode(out.codes[2]!).funcRefs.map((r) => r.index)).toEqual([1, 0, 0, 0])
  })

  it('drops data no live code, global or live data points into, and zero bytes', async () => {
    const m = readModule(await wat(MODULE))
    const out = removeDeadCode(m, { keepExport: (e) => e.name !== 'internal' })
    const text = (s: { bytes: Uint8Array }) => new TextDecoder().decode(s.bytes)
    const segs = out.data.map((s) => [evalI32ConstExpr(s.offset!), text(s)])
    // 1024: kept by the load offset 1028, its zeros trimmed; 1100: only the dead helper names it;
    // 1200: named by in_table; 3000: a global; 3100: pointed at by the word in the 1200 segment
    expect(segs).toEqual([
      [1028, 'live'],
      [1200, '\u001e\u000c'],
      [3000, 'global'],
      [3100, 'pointed'],
    ])
  })

  it('keeps nothing for the words of an opaque segment (packed data)', async () => {
    const m = readModule(await wat(MODULE))
    const out = removeDeadCode(m, { keepExport: (e) => e.name !== 'internal', opaqueSegmentAt: 1200 })
    // 1200 stays (in_table names it), but its word 3102 no longer keeps 3100.
    expect(out.data.map((s) => evalI32ConstExpr(s.offset!))).toEqual([1028, 1200, 3000])
  })

  it('keeps every segment when code names segments by index', async () => {
    const m = readModule(
      await wat(`(module (memory 1) (data (i32.const 1024) "a") (data (i32.const 2048) "b")
        (func (export "f") (memory.init 1 (i32.const 0) (i32.const 0) (i32.const 1))))`),
    )
    expect(removeDeadCode(m, { keepExport: () => true }).data).toHaveLength(2)
  })

  it('every data segment of the runtime library is named by an address inside it', () => {
    // Dead-code removal keeps a segment only when an address inside it is named; a runtime
    // segment reached only by arithmetic from an address outside it would be dropped.
    const { module } = runtimeLibrary()
    const addresses: number[] = []
    for (const body of module.codes) addresses.push(...scanCode(body).addresses)
    for (const g of module.globals) addresses.push(...scanCode(g.init, { expr: true }).addresses)
    for (const seg of module.data) {
      const v = new DataView(seg.bytes.buffer, seg.bytes.byteOffset, seg.bytes.byteLength)
      for (let p = 0; p + 4 <= seg.bytes.length; p += 4) addresses.push(v.getUint32(p, true))
    }
    addresses.sort((a, b) => a - b)
    const unnamed = module.data.filter((seg) => {
      const start = evalI32ConstExpr(seg.offset!)!
      const end = start + seg.bytes.length
      let lo = 0
      let hi = addresses.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (addresses[mid]! < start) lo = mid + 1
        else hi = mid
      }
      return !(lo < addresses.length && addresses[lo]! <= end)
    })
    expect(unnamed.map((s) => evalI32ConstExpr(s.offset!))).toEqual([])
    expect(module.exports.some((e) => e.kind === ExternalKind.memory) || module.imports.length > 0).toBe(true)
  })
})
