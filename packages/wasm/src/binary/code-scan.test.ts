import { describe, expect, it } from 'vitest'
import { scanCode } from './code-scan.js'
import { WasmDecodeError } from './errors.js'
import { readModule } from './reader.js'
import { wat } from './testing.js'
import { runtimeLibrary } from '../codegen/runtime-lib.js'

describe('scanCode', () => {
  it('reads every body of the runtime library to its end', () => {
    const { module } = runtimeLibrary()
    let calls = 0
    for (const body of module.codes) calls += scanCode(body).funcRefs.length
    expect(calls).toBeGreaterThan(500)
  })

  it('finds calls, ref.func, i32 constants and load/store offsets, with the spans of function indices', async () => {
    const m = readModule(
      await wat(`(module
        (memory 1)
        (table 1 funcref)
        (elem declare func $a)
        (func $a (result i32) (i32.const 7))
        (func $b (param i32) (result i32) (local i64 i64) (local f32)
          (block (result i32)
            (drop (ref.func $a))
            (drop (i64.const -1))
            (drop (f64.const 1.5))
            (br_table 0 0 (i32.const 2000) (i32.const 1))
            (drop (i32.load offset=1500 (local.get 0)))
            (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))
            (i32.add (call $a) (i32.const -1)))))`),
    )
    const refs = scanCode(m.codes[1]!)
    expect(refs.funcRefs.map((r) => r.index)).toEqual([0, 0])
    for (const r of refs.funcRefs) expect(m.codes[1]![r.start]).toBe(0) // index 0 is one LEB byte
    expect(refs.addresses).toEqual(expect.arrayContaining([2000, 1, 1500, 0xffffffff]))
    expect(refs.usesDataIndices).toBe(false)
  })

  it('notes memory.init and data.drop', async () => {
    const m = readModule(
      await wat(
        `(module (memory 1) (data "x") (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 1)) (data.drop 0)))`,
      ),
    )
    expect(scanCode(m.codes[0]!).usesDataIndices).toBe(true)
  })

  it('refuses an instruction it cannot size, and a truncated body', () => {
    expect(() => scanCode(Uint8Array.of(0, 0xfd, 0x0c, 0x0b))).toThrow(WasmDecodeError)
    expect(() => scanCode(Uint8Array.of(0, 0x41))).toThrow(WasmDecodeError)
    expect(() => scanCode(Uint8Array.of(0, 0x02, 0x40, 0x0b))).toThrow(WasmDecodeError)
  })
})
