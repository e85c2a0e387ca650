import { describe, expect, it } from 'vitest'
import { WasmDecodeError } from './errors.js'
import {
  decodeS32,
  decodeS64,
  decodeU32,
  decodeU64,
  encodeS32,
  encodeS64,
  encodeU32,
  encodeU64,
  sizeU32,
} from './leb128.js'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const bytes = (h: string) => Uint8Array.from(Buffer.from(h.replace(/ /g, ''), 'hex'))

describe('LEB128 round trips', () => {
  const u32 = [0, 1, 63, 64, 127, 128, 255, 16383, 16384, 624485, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1]
  it.each(u32)('u32 %d', (v) => {
    const enc = encodeU32(v)
    expect(enc.length).toBe(sizeU32(v))
    expect(decodeU32(enc, 0)).toEqual([v, enc.length])
  })

  const s32 = [0, 1, -1, 63, 64, -64, -65, 127, -128, 8191, -8192, 2 ** 31 - 1, -(2 ** 31), -123456]
  it.each(s32)('s32 %d', (v) => {
    const enc = encodeS32(v)
    expect(decodeS32(enc, 0)).toEqual([v, enc.length])
  })

  const u64 = [0n, 1n, 127n, 128n, 2n ** 32n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n]
  it.each(u64)('u64 %s', (v) => {
    const enc = encodeU64(v)
    expect(decodeU64(enc, 0)).toEqual([v, enc.length])
  })

  const s64 = [0n, -1n, 63n, -64n, 64n, -65n, 2n ** 31n - 1n, -(2n ** 31n), 2n ** 63n - 1n, -(2n ** 63n)]
  it.each(s64)('s64 %s', (v) => {
    const enc = encodeS64(v)
    expect(decodeS64(enc, 0)).toEqual([v, enc.length])
  })
})

describe('LEB128 known encodings', () => {
  const cases = [
    { note: 'u32 0', enc: () => encodeU32(0), want: '00' },
    { note: 'u32 624485', enc: () => encodeU32(624485), want: 'e58e26' },
    { note: 'u32 max', enc: () => encodeU32(2 ** 32 - 1), want: 'ffffffff0f' },
    { note: 's32 -1', enc: () => encodeS32(-1), want: '7f' },
    { note: 's32 64 needs two bytes', enc: () => encodeS32(64), want: 'c000' },
    { note: 's32 -123456', enc: () => encodeS32(-123456), want: 'c0bb78' },
    { note: 's32 min', enc: () => encodeS32(-(2 ** 31)), want: '8080808078' },
    { note: 's32 max', enc: () => encodeS32(2 ** 31 - 1), want: 'ffffffff07' },
    { note: 's64 min', enc: () => encodeS64(-(2n ** 63n)), want: '8080808080808080807f' },
    { note: 's64 max', enc: () => encodeS64(2n ** 63n - 1n), want: 'ffffffffffffffffff00' },
    { note: 'u64 max', enc: () => encodeU64(2n ** 64n - 1n), want: 'ffffffffffffffffff01' },
  ]
  it.each(cases)('$note', ({ enc, want }) => expect(hex(enc())).toBe(want))

  it('decodes non-canonical (padded) encodings the spec allows', () => {
    expect(decodeU32(bytes('80 80 80 80 00'), 0)).toEqual([0, 5])
    expect(decodeS32(bytes('ff ff ff ff 7f'), 0)).toEqual([-1, 5])
    expect(decodeU32(bytes('83 80 00'), 0)).toEqual([3, 3])
  })

  it('decodes at an offset and stops at the end of the value', () => {
    expect(decodeU32(bytes('ff e5 8e 26 01'), 1)).toEqual([624485, 4])
  })
})

describe('LEB128 errors', () => {
  const bad = [
    { note: 'u32 truncated', run: () => decodeU32(bytes('80 80'), 0), msg: /end of input/ },
    { note: 'u32 empty', run: () => decodeU32(new Uint8Array(0), 0), msg: /end of input/ },
    { note: 'u32 too long', run: () => decodeU32(bytes('80 80 80 80 80 00'), 0), msg: /too large|too long/ },
    { note: 'u32 stray bits', run: () => decodeU32(bytes('ff ff ff ff 1f'), 0), msg: /too large/ },
    { note: 's32 bad sign bits', run: () => decodeS32(bytes('ff ff ff ff 4f'), 0), msg: /too large/ },
    { note: 's32 too long', run: () => decodeS32(bytes('ff ff ff ff ff 7f'), 0), msg: /too large/ },
    { note: 'u64 stray bits', run: () => decodeU64(bytes('ff ff ff ff ff ff ff ff ff 03'), 0), msg: /too large/ },
    { note: 's64 bad sign', run: () => decodeS64(bytes('80 80 80 80 80 80 80 80 80 01'), 0), msg: /too large/ },
    {
      note: 's64 too long',
      run: () => decodeS64(bytes('ff ff ff ff ff ff ff ff ff ff 00'), 0),
      msg: /too large|too long/,
    },
    { note: 'end bound respected', run: () => decodeU32(bytes('80 01'), 0, 1), msg: /end of input/ },
  ]
  it.each(bad)('$note', ({ run, msg }) => {
    expect(run).toThrow(WasmDecodeError)
    expect(run).toThrow(msg)
  })

  const ranges = [
    { note: 'u32 negative', run: () => encodeU32(-1) },
    { note: 'u32 too big', run: () => encodeU32(2 ** 32) },
    { note: 'u32 fraction', run: () => encodeU32(1.5) },
    { note: 's32 too big', run: () => encodeS32(2 ** 31) },
    { note: 's64 too big', run: () => encodeS64(2n ** 63n) },
    { note: 'u64 negative', run: () => encodeU64(-1n) },
  ]
  it.each(ranges)('encode rejects $note', ({ run }) => expect(run).toThrow(RangeError))
})
