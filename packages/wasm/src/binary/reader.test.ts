import { describe, expect, it } from 'vitest'
import { WasmDecodeError } from './errors.js'
import { readModule } from './reader.js'
import { wat } from './testing.js'

const bytes = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'))
const HEADER = '0061736d 01000000'

const SAMPLE = `(module
  (import "env" "memory" (memory 1))
  (import "env" "f" (func $f (param i32) (result i32)))
  (global $g (mut i32) (i32.const 1024))
  (table 2 funcref)
  (elem (i32.const 0) $a $a)
  (func $a (export "a") (param i32) (result i32) (call $f (local.get 0)))
  (data (i32.const 8) "some static data"))`

describe('readModule on malformed input', () => {
  const cases = [
    { note: 'empty input', hex: '', msg: /shorter than the 8-byte header/, at: 0 },
    { note: 'bad magic', hex: '0061736e 01000000', msg: /bad magic/, at: 3 },
    { note: 'bad version', hex: '0061736d 02000000', msg: /unsupported WebAssembly binary version/, at: 4 },
    { note: 'truncated section size', hex: `${HEADER} 01 80`, msg: /end of input .*\(section size\)/, at: 9 },
    { note: 'section size past the end', hex: `${HEADER} 01 05 00`, msg: /size 5 exceeds the 1 bytes left/, at: 9 },
    {
      note: 'over-long LEB section size',
      hex: `${HEADER} 01 80 80 80 80 80 00`,
      msg: /too (large|long) for u32 \(section size\)/,
      at: 9,
    },
    { note: 'unknown section id', hex: `${HEADER} 0e 00`, msg: /unknown section id 14/, at: 8 },
    {
      note: 'sections out of order',
      hex: `${HEADER} 03 01 00 01 01 00`,
      msg: /type \(1\) section out of order/,
      at: 11,
    },
    { note: 'repeated section', hex: `${HEADER} 01 01 00 01 01 00`, msg: /out of order or repeated/, at: 11 },
    { note: 'huge vector count', hex: `${HEADER} 01 05 ff ff ff ff 0f`, msg: /type count 4294967295 exceeds/, at: 10 },
    { note: 'unread bytes at section end', hex: `${HEADER} 01 02 00 00`, msg: /1 unread bytes/, at: 11 },
    { note: 'bad type form', hex: `${HEADER} 01 04 01 5f 00 00`, msg: /unsupported type form 0x5f/, at: 11 },
    {
      note: 'function and code counts differ',
      hex: `${HEADER} 01 04 01 60 00 00 03 02 01 00`,
      msg: /declares 1 functions but there are 0 bodies/,
      at: 18,
    },
    { note: 'bad import kind', hex: `${HEADER} 02 06 01 01 61 01 62 07`, msg: /unsupported import kind 7/, at: 15 },
    {
      note: 'invalid UTF-8 name',
      hex: `${HEADER} 07 05 01 01 ff 00 00`,
      msg: /export name is not valid UTF-8/,
      at: 11,
    },
    { note: 'bad limits flags', hex: `${HEADER} 05 03 01 08 00`, msg: /invalid limits flags 0x8/, at: 11 },
    {
      note: 'bad global mutability',
      hex: `${HEADER} 06 06 01 7f 02 41 00 0b`,
      msg: /invalid global mutability 2/,
      at: 12,
    },
    {
      note: 'non-constant global init',
      hex: `${HEADER} 06 06 01 7f 00 10 00 0b`,
      msg: /opcode 0x10 not allowed in a global initialiser/,
      at: 13,
    },
    { note: 'bad data segment flags', hex: `${HEADER} 0b 03 01 03 00`, msg: /invalid data segment flags 3/, at: 11 },
    {
      note: 'bad element segment flags',
      hex: `${HEADER} 09 03 01 08 00`,
      msg: /invalid element segment flags 8/,
      at: 11,
    },
    {
      note: 'data count mismatch',
      hex: `${HEADER} 0c 01 02`,
      msg: /data count section says 2 segments but there are 0/,
      at: 11,
    },
  ]
  it.each(cases)('$note', ({ hex, msg, at }) => {
    let error: unknown
    try {
      readModule(bytes(hex))
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(WasmDecodeError)
    expect((error as Error).message).toMatch(msg)
    expect((error as WasmDecodeError).offset).toBe(at)
  })

  it('every truncation of a valid module fails with a decode error', async () => {
    const valid = await wat(SAMPLE, true)
    expect(() => readModule(valid)).not.toThrow()
    for (let n = 0; n < valid.length; n++) {
      // A cut exactly at a section boundary may parse (as a smaller module); any
      // other cut must be reported as a decode error.
      try {
        readModule(valid.subarray(0, n))
      } catch (e) {
        expect(e).toBeInstanceOf(WasmDecodeError)
      }
    }
  })

  it('random byte corruption never hangs or throws anything but a decode error', async () => {
    const valid = await wat(SAMPLE, true)
    let seed = 12345
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32
    for (let round = 0; round < 2000; round++) {
      const copy = valid.slice()
      const flips = 1 + Math.floor(rand() * 3)
      for (let k = 0; k < flips; k++) copy[8 + Math.floor(rand() * (copy.length - 8))] = rand() * 256
      try {
        readModule(copy)
      } catch (e) {
        if (!(e instanceof WasmDecodeError)) throw e
      }
    }
  })

  it('accepts an ArrayBuffer and reads bodies as views without copying', async () => {
    const valid = await wat(SAMPLE)
    const m = readModule(valid.buffer.slice(valid.byteOffset, valid.byteOffset + valid.length))
    expect(m.codes).toHaveLength(1)
    const direct = readModule(valid)
    expect(direct.codes[0]!.buffer).toBe(valid.buffer)
  })

  it('decodes the sections of a sample module', async () => {
    const m = readModule(await wat(SAMPLE))
    expect(m.imports.map((i) => `${i.module}.${i.name}`)).toEqual(['env.memory', 'env.f'])
    expect(m.imports[0]!.desc).toEqual({ kind: 2, limits: { min: 1 } })
    expect(m.types).toEqual([{ params: [0x7f], results: [0x7f] }])
    expect(m.functions).toEqual([0])
    expect(m.tables).toEqual([{ refType: 0x70, limits: { min: 2 } }])
    expect([...m.globals[0]!.init]).toEqual([0x41, 0x80, 0x08, 0x0b])
    expect(m.elements[0]).toMatchObject({ flags: 0, table: 0, funcIndices: [1, 1] })
    expect(new TextDecoder().decode(m.data[0]!.bytes)).toBe('some static data')
    expect(m.exports).toEqual([{ name: 'a', kind: 0, index: 1 }])
  })
})
