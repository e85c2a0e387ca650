/**
 * LEB128, the variable-length integer encoding of the WebAssembly binary format.
 *
 * Unsigned and signed variants for 32-bit values (JS numbers) and 64-bit values
 * (bigints). Decoders follow the spec strictly: at most ceil(N/7) bytes, and the
 * unused bits of the last byte must be zero (unsigned) or copies of the sign bit
 * (signed); anything else is a {@link WasmDecodeError}. The `write*` functions
 * encode into a caller-owned buffer without allocating (the module writer's hot
 * path); the `encode*` functions return fresh arrays for convenience.
 */
import { WasmDecodeError } from './errors.js'

/** Most bytes a 32-bit LEB128 value takes. */
export const MAX_LEB_U32 = 5
/** Most bytes a 64-bit LEB128 value takes. */
export const MAX_LEB_U64 = 10

/** A decoded value and the offset just past its last byte. */
export type Decoded<T> = [value: T, next: number]

function checkU32(v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new RangeError(`not an unsigned 32-bit integer: ${v}`)
  }
}

function checkS32(v: number): void {
  if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) {
    throw new RangeError(`not a signed 32-bit integer: ${v}`)
  }
}

const U64_MAX = (1n << 64n) - 1n
const S64_MIN = -(1n << 63n)
const S64_MAX = (1n << 63n) - 1n

/** Number of bytes `v` (0 ≤ v < 2^32) takes as unsigned LEB128. */
export function sizeU32(v: number): number {
  checkU32(v)
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5
}

/** Writes `v` as unsigned LEB128 at `buf[pos]`; returns the offset after it. */
export function writeU32(buf: Uint8Array, pos: number, v: number): number {
  checkU32(v)
  // Division, not `>>>`: the value can exceed 2^31 and must stay unsigned.
  while (v >= 0x80) {
    buf[pos++] = (v & 0x7f) | 0x80
    v = Math.floor(v / 128)
  }
  buf[pos++] = v
  return pos
}

/** Writes `v` as signed LEB128 at `buf[pos]`; returns the offset after it. */
export function writeS32(buf: Uint8Array, pos: number, v: number): number {
  checkS32(v)
  for (;;) {
    const byte = v & 0x7f
    v >>= 7
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)
    buf[pos++] = done ? byte : byte | 0x80
    if (done) return pos
  }
}

/** Writes `v` (0 ≤ v < 2^64) as unsigned LEB128; returns the offset after it. */
export function writeU64(buf: Uint8Array, pos: number, v: bigint): number {
  if (v < 0n || v > U64_MAX) throw new RangeError(`not an unsigned 64-bit integer: ${v}`)
  while (v >= 0x80n) {
    buf[pos++] = Number(v & 0x7fn) | 0x80
    v >>= 7n
  }
  buf[pos++] = Number(v)
  return pos
}

/** Writes `v` (-2^63 ≤ v < 2^63) as signed LEB128; returns the offset after it. */
export function writeS64(buf: Uint8Array, pos: number, v: bigint): number {
  if (v < S64_MIN || v > S64_MAX) throw new RangeError(`not a signed 64-bit integer: ${v}`)
  for (;;) {
    const byte = Number(v & 0x7fn)
    v >>= 7n // arithmetic shift: bigints are sign-extended
    const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0)
    buf[pos++] = done ? byte : byte | 0x80
    if (done) return pos
  }
}

function encodeWith<T>(max: number, write: (b: Uint8Array, p: number, v: T) => number, v: T) {
  const buf = new Uint8Array(max)
  return buf.slice(0, write(buf, 0, v))
}

/** Encodes an unsigned 32-bit integer. Example: `encodeU32(624485)` → `e5 8e 26`. */
export const encodeU32 = (v: number): Uint8Array<ArrayBuffer> => encodeWith(MAX_LEB_U32, writeU32, v)
/** Encodes a signed 32-bit integer. Example: `encodeS32(-1)` → `7f`. */
export const encodeS32 = (v: number): Uint8Array<ArrayBuffer> => encodeWith(MAX_LEB_U32, writeS32, v)
/** Encodes an unsigned 64-bit integer given as a bigint. */
export const encodeU64 = (v: bigint): Uint8Array<ArrayBuffer> => encodeWith(MAX_LEB_U64, writeU64, v)
/** Encodes a signed 64-bit integer given as a bigint. */
export const encodeS64 = (v: bigint): Uint8Array<ArrayBuffer> => encodeWith(MAX_LEB_U64, writeS64, v)

function byteAt(bytes: Uint8Array, pos: number, end: number, start: number): number {
  if (pos >= end) throw new WasmDecodeError('unexpected end of input inside a LEB128 integer', start)
  return bytes[pos]!
}

/**
 * Decodes an unsigned 32-bit LEB128 integer starting at `pos` (reading no further
 * than `end`). Returns `[value, next]`.
 * @throws WasmDecodeError on truncation, more than 5 bytes, or stray high bits.
 */
export function decodeU32(bytes: Uint8Array, pos: number, end = bytes.length): Decoded<number> {
  const start = pos
  let result = 0
  for (let shift = 0; shift < 35; shift += 7) {
    const b = byteAt(bytes, pos++, end, start)
    if (shift === 28 && b > 0x0f) {
      throw new WasmDecodeError('LEB128 integer too large for u32', start)
    }
    result += (b & 0x7f) * 2 ** shift
    if ((b & 0x80) === 0) return [result, pos]
  }
  throw new WasmDecodeError('LEB128 integer too long for u32', start)
}

/**
 * Decodes a signed 32-bit LEB128 integer. Returns `[value, next]`.
 * @throws WasmDecodeError on truncation, more than 5 bytes, or bad sign bits.
 */
export function decodeS32(bytes: Uint8Array, pos: number, end = bytes.length): Decoded<number> {
  const start = pos
  let result = 0
  for (let shift = 0; shift < 35; shift += 7) {
    const b = byteAt(bytes, pos++, end, start)
    if (shift === 28) {
      // Bits 4..6 of the fifth byte must repeat the sign bit (bit 3).
      const high = b & 0x78
      if ((b & 0x80) !== 0 || (high !== 0 && high !== 0x78)) {
        throw new WasmDecodeError('LEB128 integer too large for s32', start)
      }
    }
    result |= (b & 0x7f) << shift
    if ((b & 0x80) === 0) {
      if (shift < 25 && (b & 0x40) !== 0) result |= -1 << (shift + 7)
      return [result | 0, pos]
    }
  }
  throw new WasmDecodeError('LEB128 integer too long for s32', start)
}

function decode64(bytes: Uint8Array, pos: number, end: number, signed: boolean): Decoded<bigint> {
  const start = pos
  let result = 0n
  for (let i = 0; i < MAX_LEB_U64; i++) {
    const b = byteAt(bytes, pos++, end, start)
    if (i === 9) {
      // The tenth byte holds bit 63 only; the rest must be zero or sign copies.
      const ok = signed ? b === 0x00 || b === 0x7f : b <= 0x01
      if (!ok) throw new WasmDecodeError(`LEB128 integer too large for ${signed ? 's' : 'u'}64`, start)
    }
    result |= BigInt(b & 0x7f) << BigInt(7 * i)
    if ((b & 0x80) === 0) {
      const bits = BigInt(7 * (i + 1))
      return [signed ? BigInt.asIntN(64, BigInt.asIntN(Number(bits), result)) : result, pos]
    }
  }
  throw new WasmDecodeError(`LEB128 integer too long for ${signed ? 's' : 'u'}64`, start)
}

/** Decodes an unsigned 64-bit LEB128 integer as a bigint. Returns `[value, next]`. */
export function decodeU64(bytes: Uint8Array, pos: number, end = bytes.length): Decoded<bigint> {
  return decode64(bytes, pos, end, false)
}

/** Decodes a signed 64-bit LEB128 integer as a bigint. Returns `[value, next]`. */
export function decodeS64(bytes: Uint8Array, pos: number, end = bytes.length): Decoded<bigint> {
  return decode64(bytes, pos, end, true)
}
