import { describe, expect, it } from 'vitest'
import { ByteReader } from './bytes.js'
import { evalI32ConstExpr, i32ConstExpr, readConstExpr } from './const-expr.js'
import { WasmDecodeError } from './errors.js'

const bytes = (h: string) => Uint8Array.from(Buffer.from(h.replace(/ /g, ''), 'hex'))

describe('readConstExpr', () => {
  const ok = [
    { note: 'i32.const 11 (an end byte inside the immediate)', hex: '41 0b 0b' },
    { note: 'i64.const min', hex: '42 80 80 80 80 80 80 80 80 80 7f 0b' },
    { note: 'f32.const', hex: '43 0b 0b 0b 0b 0b' },
    { note: 'f64.const', hex: '44 0b 0b 0b 0b 0b 0b 0b 0b 0b' },
    { note: 'global.get', hex: '23 8b 01 0b' },
    { note: 'ref.null func', hex: 'd0 70 0b' },
    { note: 'ref.func', hex: 'd2 0b 0b' },
    { note: 'extended const i32.add/mul', hex: '41 01 41 02 6c 41 03 6a 0b' },
    { note: 'v128.const', hex: 'fd 0c 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b 0b' },
  ]
  it.each(ok)('$note', ({ hex }) => {
    const input = bytes(hex + ' ff') // a trailing byte that must not be consumed
    const r = new ByteReader(input)
    expect([...readConstExpr(r)]).toEqual([...bytes(hex)])
    expect(r.pos).toBe(input.length - 1)
  })

  const bad = [
    { note: 'missing end', hex: '41 01', msg: /end of input/ },
    { note: 'call is not constant', hex: '10 00 0b', msg: /opcode 0x10 not allowed/ },
    { note: 'truncated f64', hex: '44 00 00', msg: /end of input/ },
    { note: 'other SIMD op', hex: 'fd 0d 0b', msg: /SIMD opcode 13/ },
  ]
  it.each(bad)('rejects $note', ({ hex, msg }) => {
    const run = () => readConstExpr(new ByteReader(bytes(hex)))
    expect(run).toThrow(WasmDecodeError)
    expect(run).toThrow(msg)
  })
})

describe('i32 constant expressions', () => {
  it.each([0, 1, -1, 1024, 2 ** 31 - 1, -(2 ** 31)])('%d round trips', (v) => {
    expect(evalI32ConstExpr(i32ConstExpr(v))).toBe(v)
  })

  it('wraps unsigned values to their signed form', () => {
    expect(evalI32ConstExpr(i32ConstExpr(0xffffffff))).toBe(-1)
  })

  it.each([
    { note: 'global.get', hex: '23 00 0b' },
    { note: 'trailing instruction', hex: '41 01 41 02 6a 0b' },
    { note: 'bad LEB', hex: '41 ff ff ff ff ff 0b' },
  ])('is undefined for $note', ({ hex }) => expect(evalI32ConstExpr(bytes(hex))).toBeUndefined())
})
