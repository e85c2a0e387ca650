/**
 * Cursor-style byte reader and growable byte writer, the two primitives the
 * module reader and writer are built on. The reader checks every bound and
 * reports the offset of the first problem; the writer grows by doubling so
 * that writing a module is a sequence of appends.
 */
import { WasmDecodeError } from './errors.js'
import {
  decodeS32,
  decodeS64,
  decodeU32,
  decodeU64,
  MAX_LEB_U32,
  MAX_LEB_U64,
  writeS32,
  writeS64,
  writeU32,
  writeU64,
} from './leb128.js'

const utf8Decoder = new TextDecoder('utf-8', { fatal: true })
const utf8Encoder = new TextEncoder()

/** Reads values from `bytes[pos..end)`, throwing {@link WasmDecodeError} past `end`. */
export class ByteReader {
  pos: number
  end: number

  constructor(
    readonly bytes: Uint8Array,
    pos = 0,
    end = bytes.length,
  ) {
    this.pos = pos
    this.end = end
  }

  /** True when every byte up to `end` has been read. */
  get done(): boolean {
    return this.pos >= this.end
  }

  /** Bytes left before `end`. */
  get remaining(): number {
    return this.end - this.pos
  }

  /** Throws a decode error at the current offset (or `at`). */
  fail(message: string, at = this.pos): never {
    throw new WasmDecodeError(message, at)
  }

  /** One byte. `what` names it in the error on truncation. */
  u8(what = 'byte'): number {
    if (this.pos >= this.end) this.fail(`unexpected end of input reading ${what}`)
    return this.bytes[this.pos++]!
  }

  /** Decodes one LEB128 value, naming `what` in any error. */
  private leb<T>(what: string, decode: (b: Uint8Array, p: number, e: number) => [T, number]): T {
    try {
      const [v, next] = decode(this.bytes, this.pos, this.end)
      this.pos = next
      return v
    } catch (e) {
      if (e instanceof WasmDecodeError) throw new WasmDecodeError(`${e.reason} (${what})`, e.offset)
      throw e
    }
  }

  /** An unsigned 32-bit LEB128 integer. */
  u32(what = 'integer'): number {
    const p = this.pos
    if (p < this.end && this.bytes[p]! < 0x80) {
      this.pos = p + 1
      return this.bytes[p]!
    }
    return this.leb(what, decodeU32)
  }

  /** A signed 32-bit LEB128 integer. */
  s32(what = 'i32 immediate'): number {
    return this.leb(what, decodeS32)
  }

  /** A signed 64-bit LEB128 integer. */
  s64(what = 'i64 immediate'): bigint {
    return this.leb(what, decodeS64)
  }

  /** An unsigned 64-bit LEB128 integer. */
  u64(what = 'u64 integer'): bigint {
    return this.leb(what, decodeU64)
  }

  /** `n` raw bytes, as a view into the input (no copy). */
  bytesView(n: number, what = 'bytes'): Uint8Array {
    if (n > this.end - this.pos) {
      this.fail(`unexpected end of input reading ${what} (${n} bytes wanted, ${this.remaining} left)`)
    }
    const view = this.bytes.subarray(this.pos, this.pos + n)
    this.pos += n
    return view
  }

  /** Skips `n` bytes. */
  skip(n: number, what = 'bytes'): void {
    this.bytesView(n, what)
  }

  /** A length-prefixed UTF-8 string. */
  name(what = 'name'): string {
    const at = this.pos
    const len = this.u32(`${what} length`)
    const raw = this.bytesView(len, what)
    if (len <= 64) {
      // Fast path for short ASCII names (nearly all of them).
      let ascii = true
      for (let i = 0; i < len; i++) if (raw[i]! >= 0x80) ascii = false
      if (ascii) return String.fromCharCode.apply(null, raw as unknown as number[])
    }
    try {
      return utf8Decoder.decode(raw)
    } catch {
      return this.fail(`${what} is not valid UTF-8`, at)
    }
  }

  /**
   * A vector length. Each item takes at least `minItemSize` bytes, so a count
   * larger than what is left is rejected at once instead of looping over
   * garbage or allocating a huge array.
   */
  count(what: string, minItemSize = 1): number {
    const at = this.pos
    const n = this.u32(`${what} count`)
    if (n * minItemSize > this.remaining) {
      this.fail(`${what} count ${n} exceeds the ${this.remaining} bytes left`, at)
    }
    return n
  }
}

/** An append-only byte buffer. */
export class ByteWriter {
  private buf: Uint8Array<ArrayBuffer>
  /** Number of bytes written so far. */
  length = 0

  constructor(initialCapacity = 1024) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity))
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    const need = this.length + n
    if (need <= this.buf.length) return
    let cap = this.buf.length * 2
    while (cap < need) cap *= 2
    const next = new Uint8Array(cap)
    next.set(this.buf.subarray(0, this.length))
    this.buf = next
  }

  u8(v: number): this {
    this.reserve(1)
    this.buf[this.length++] = v
    return this
  }

  u32(v: number): this {
    this.reserve(MAX_LEB_U32)
    this.length = writeU32(this.buf, this.length, v)
    return this
  }

  s32(v: number): this {
    this.reserve(MAX_LEB_U32)
    this.length = writeS32(this.buf, this.length, v)
    return this
  }

  u64(v: bigint): this {
    this.reserve(MAX_LEB_U64)
    this.length = writeU64(this.buf, this.length, v)
    return this
  }

  s64(v: bigint): this {
    this.reserve(MAX_LEB_U64)
    this.length = writeS64(this.buf, this.length, v)
    return this
  }

  /** Little-endian IEEE 754 double. */
  f64(v: number): this {
    this.reserve(8)
    new DataView(this.buf.buffer, this.buf.byteOffset + this.length, 8).setFloat64(0, v, true)
    this.length += 8
    return this
  }

  /** Little-endian IEEE 754 single. */
  f32(v: number): this {
    this.reserve(4)
    new DataView(this.buf.buffer, this.buf.byteOffset + this.length, 4).setFloat32(0, v, true)
    this.length += 4
    return this
  }

  bytes(b: ArrayLike<number>): this {
    this.reserve(b.length)
    this.buf.set(b, this.length)
    this.length += b.length
    return this
  }

  /** A length-prefixed UTF-8 string. */
  name(s: string): this {
    // Fast path for ASCII, which nearly every name is: no TextEncoder round trip.
    const n = s.length
    if (n < 0x80) {
      this.reserve(n + 1)
      const start = this.length
      let i = 0
      for (; i < n; i++) {
        const c = s.charCodeAt(i)
        if (c >= 0x80) break
        this.buf[start + 1 + i] = c
      }
      if (i === n) {
        this.buf[start] = n
        this.length = start + 1 + n
        return this
      }
    }
    const b = utf8Encoder.encode(s)
    return this.u32(b.length).bytes(b)
  }

  /** Length-prefixed copy of another writer's content. */
  sized(inner: ByteWriter): this {
    return this.u32(inner.length).bytes(inner.view())
  }

  /** The bytes written so far, as a view (valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length)
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.length)
  }

  /** Forgets the content, keeping the capacity. */
  clear(): void {
    this.length = 0
  }
}
