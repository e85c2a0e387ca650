/**
 * Static data the generated code refers to by address: string values laid
 * out exactly like the runtime's strings (so no allocation when a policy uses
 * a string constant), booleans, and NUL-terminated messages for `opa_abort`.
 * Everything lands in the linker's data segment, below the heap base, so the
 * runtime treats it as static (never freed, never mutated).
 *
 * Layouts (see packages/wasm/runtime/VALUES.md):
 * - string:  [u8 4][u8 1][u16 0][u32 byte length][u32 bytes ptr][u32 hash]; the
 *            bytes elsewhere (`finish`)
 * - null:    [u8 1][7 × u8 0]
 * - boolean: [u8 2][u8 0][u16 0][u32 0 | 1]
 * - number:  [u8 3][u8 1 int | 3 decimal text][u16 0][u32 text length][i64 | u32 text ptr] text…
 */
import { runtimeStringHash } from '@cordon/builtins/declarations'
import type { ModuleLinker } from '../binary/index.js'
import { sizeU32, writeU32 } from '../binary/leb128.js'
import { prefixCode } from './prefix-code.js'

const T_BOOLEAN = 2
const T_NUMBER = 3
const T_STRING = 4
const T_ARRAY = 5
/** Byte 1 of a string value: its hash is stored at offset 12. */
const HASH_STORED = 1
const STRING_HEADER = 16
/** Bytes before an array value's first entry (`addressArray`). */
export const ARRAY_HEADER = 16
/**
 * From this many strings on, `stringValues` leaves the headers to the module's
 * start function (filled-at-start.ts): ~20 bytes a string less (the header and its
 * entry in `cordon_strings`), for ~100 bytes of code once.
 */
export const FILLED_AT_START_MIN = 12
const N_INT = 1
const N_REF = 3
const I64_MIN = -(2n ** 63n)
const I64_MAX = 2n ** 63n - 1n
/** Number literal text as JSON writes it (the runtime's parser accepts this). */
const NUMBER_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/
const utf8 = new TextEncoder()

/**
 * Static strings whose headers (and entries in the `cordon_strings` table) no
 * data segment holds: memory the start function fills in from the byte
 * lengths (filled-at-start.ts). Header `i` is at `headers + 16 * i`, its bytes
 * follow those of header `i - 1` from `texts` on.
 */
export interface StringsFilledAtStart {
  count: number
  headers: number
  /** The byte lengths as unsigned LEB128, one after the other. */
  lengths: number
  texts: number
}

/**
 * C strings (file names) whose bytes no data segment holds: the start
 * function writes them into `region` (zero memory), one after the other in
 * sorted order, each NUL-terminated, from `table`..`tableEnd`: per name the
 * LEB128 count of leading bytes it shares with the one before, the LEB128
 * count of the rest, and the rest.
 */
export interface CStringsFilledAtStart {
  region: number
  table: number
  tableEnd: number
}

/** From this many names on, `cStringsAtStart` prefix-codes them (filled-at-start.ts). */
export const NAMES_AT_START_MIN = 8

export class StaticData {
  private readonly strings = new Map<string, number>()
  private atStart: { strings: string[]; set: Set<string>; headers: number } | undefined
  private filled: StringsFilledAtStart | undefined
  private names: CStringsFilledAtStart | undefined
  /** The bytes of the static strings `finish` has yet to lay out, and the header to point at them. */
  private texts: { bytes: Uint8Array; header: DataView }[] = []
  private finished = false
  private readonly cstrings = new Map<string, number>()
  private readonly bools: [number?, number?] = []
  private readonly numbers = new Map<string, number>()
  private nullAddr: number | undefined

  constructor(private readonly linker: ModuleLinker) {}

  /**
   * Address of a static string value holding `s` (one per distinct string),
   * with its hash stored (VALUES.md: byte 1 set, the hash at offset 12), so
   * the runtime never hashes a constant string. The header is laid out now;
   * its bytes by `finish`, which points the header at them.
   */
  stringValue(s: string): number {
    let addr = this.strings.get(s)
    if (addr === undefined) {
      if (this.finished) throw new Error(`StaticData: string ${JSON.stringify(s)} after finish()`)
      const bytes = utf8.encode(s)
      const buf = new Uint8Array(STRING_HEADER)
      const view = new DataView(buf.buffer)
      buf[0] = T_STRING
      buf[1] = HASH_STORED
      view.setUint32(4, bytes.length, true)
      view.setUint32(12, runtimeStringHash(bytes, 0, bytes.length), true)
      addr = this.linker.addData(buf, 8)
      this.strings.set(s, addr)
      this.texts.push({ bytes, header: view })
    }
    return addr
  }

  /**
   * Static string values for all of `list` (call it first, before any
   * `stringValue`): from FILLED_AT_START_MIN new strings on, their headers are
   * zero memory in one block (no bytes in the file) that the module's start
   * function fills in (`filledAtStart`, filled-at-start.ts); fewer are laid out
   * as `stringValue` does.
   */
  stringValues(list: readonly string[]): void {
    const fresh = [...new Set(list)].filter((s) => !this.strings.has(s))
    if (this.atStart || fresh.length < FILLED_AT_START_MIN) {
      for (const s of fresh) this.stringValue(s)
      return
    }
    const headers = this.linker.addData(new Uint8Array(STRING_HEADER * fresh.length), 8)
    fresh.forEach((s, i) => this.strings.set(s, headers + STRING_HEADER * i))
    this.atStart = { strings: fresh, set: new Set(fresh), headers }
  }

  /**
   * Lays out the bytes of the static strings (call once, after the last
   * `stringValue`): all in one run, with no padding between them (a string
   * value's header is 8-aligned, its bytes need not be); those filled in at
   * start first, in order, after their lengths. trivy-checks: 75 KB of static
   * strings as 16-byte headers each followed by its bytes padded to 8; 8 KB
   * less unpadded; 42 KB less with the headers and table filled at start.
   */
  finish(): void {
    const atStart = this.atStart?.strings.map((s) => utf8.encode(s)) ?? []
    const lengths = unsignedLeb128s(atStart.map((b) => b.length))
    const lengthsAt = lengths.length > 0 ? this.linker.addData(lengths, 1) : 0
    const all = [...atStart, ...this.texts.map((t) => t.bytes)]
    const size = all.reduce((n, b) => n + b.length, 0)
    const run = new Uint8Array(size)
    const base = size > 0 ? this.linker.addData(run, 1) : 0
    let at = 0
    for (const b of atStart) {
      run.set(b, at)
      at += b.length
    }
    for (const t of this.texts) {
      run.set(t.bytes, at)
      t.header.setUint32(8, base + at, true)
      at += t.bytes.length
    }
    if (this.atStart)
      this.filled = { count: atStart.length, headers: this.atStart.headers, lengths: lengthsAt, texts: base }
    this.texts = []
    this.finished = true
  }

  /** The strings whose headers the start function fills in (after `finish`), or undefined when there are none. */
  get filledAtStart(): StringsFilledAtStart | undefined {
    return this.filled
  }

  /**
   * A static array value of every static string value laid out so far (call
   * it last): hosts that write input as values point equal strings at these
   * instead of writing them (see `cordon_strings`). Those filled in at start
   * come first, their entries zero memory the start function fills in too.
   */
  stringTable(): number {
    const late = [...this.strings].filter(([s]) => !this.atStart?.set.has(s))
    const early = this.atStart ? this.atStart.strings.map(() => 0) : []
    return this.addressArray([...early, ...late.map(([, a]) => a)])
  }

  /** A static array value of the values at `addrs`. */
  addressArray(addrs: readonly number[]): number {
    const buf = new Uint8Array(ARRAY_HEADER + 4 * addrs.length)
    const view = new DataView(buf.buffer)
    const at = Math.ceil(this.linker.dataEnd / 8) * 8
    buf[0] = T_ARRAY
    view.setUint32(4, addrs.length, true)
    view.setUint32(8, addrs.length, true)
    view.setUint32(12, addrs.length > 0 ? at + ARRAY_HEADER : 0, true)
    addrs.forEach((a, i) => view.setUint32(ARRAY_HEADER + 4 * i, a, true))
    const addr = this.linker.addData(buf, 8)
    if (addr !== at) throw new Error(`StaticData: address array placed at ${addr}, expected ${at}`)
    return addr
  }

  /** Address and byte length of the UTF-8 bytes of `s`. */
  stringBytes(s: string): { addr: number; len: number } {
    const bytes = utf8.encode(s)
    return { addr: bytes.length > 0 ? this.linker.addData(bytes, 1) : 0, len: bytes.length }
  }

  /**
   * NUL-terminated copies of `names` (call once, before any `cString` of
   * them): from NAMES_AT_START_MIN new names on, prefix-coded for the start
   * function (`namesFilledAtStart`); fewer as `cString` lays them out.
   * trivy-checks' 566 file names (`checks/cloud/aws/…`): 30.3 KB as C strings.
   */
  cStringsAtStart(names: readonly string[]): void {
    const fresh = [...new Set(names)].filter((s) => !this.cstrings.has(s)).sort()
    if (this.names || fresh.length < NAMES_AT_START_MIN) return
    const encoded = fresh.map((s) => utf8.encode(s))
    const region = this.linker.addData(new Uint8Array(encoded.reduce((n, b) => n + b.length + 1, 0)), 1)
    let at = region
    encoded.forEach((b, i) => {
      this.cstrings.set(fresh[i]!, at)
      at += b.length + 1
    })
    const coded = prefixCode(encoded)
    const table = this.linker.addData(coded, 1)
    this.names = { region, table, tableEnd: table + coded.length }
  }

  /** The names `cStringsAtStart` prefix-coded, or undefined. */
  get namesFilledAtStart(): CStringsFilledAtStart | undefined {
    return this.names
  }

  /** Address of a NUL-terminated copy of `s` (abort messages). */
  cString(s: string): number {
    let addr = this.cstrings.get(s)
    if (addr === undefined) {
      const bytes = utf8.encode(s)
      const buf = new Uint8Array(bytes.length + 1)
      buf.set(bytes)
      addr = this.linker.addData(buf, 1)
      this.cstrings.set(s, addr)
    }
    return addr
  }

  /**
   * Address of a static number value for decimal `text` (an integer when it
   * fits in 64 bits, else the text itself), or undefined when the text is not
   * a number literal (the caller then leaves it to the runtime's parser).
   */
  numberValue(text: string): number | undefined {
    let addr = this.numbers.get(text)
    if (addr !== undefined) return addr
    if (!NUMBER_TEXT.test(text)) return undefined
    const isInt = /^-?\d+$/.test(text) && BigInt(text) >= I64_MIN && BigInt(text) <= I64_MAX
    const bytes = isInt ? new Uint8Array(0) : utf8.encode(text)
    const buf = new Uint8Array(16 + bytes.length)
    const view = new DataView(buf.buffer)
    buf[0] = T_NUMBER
    buf[1] = isInt ? N_INT : N_REF
    const at = Math.ceil(this.linker.dataEnd / 8) * 8
    if (isInt) view.setBigInt64(8, BigInt(text), true)
    else {
      view.setUint32(4, bytes.length, true)
      view.setUint32(8, at + 16, true)
      buf.set(bytes, 16)
    }
    addr = this.linker.addData(buf, 8)
    if (addr !== at) throw new Error(`StaticData: number placed at ${addr}, expected ${at}`)
    this.numbers.set(text, addr)
    return addr
  }

  /** Address of the static null value. */
  nullValue(): number {
    if (this.nullAddr === undefined) this.nullAddr = this.linker.addData(Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0), 8)
    return this.nullAddr
  }

  /** Address of the static boolean value `b`. */
  boolValue(b: boolean): number {
    const i = b ? 1 : 0
    let addr = this.bools[i]
    if (addr === undefined) {
      const buf = new Uint8Array(8)
      buf[0] = T_BOOLEAN
      buf[4] = i
      addr = this.bools[i] = this.linker.addData(buf, 8)
    }
    return addr
  }
}

/** `ns` as unsigned LEB128 numbers, one after the other. */
function unsignedLeb128s(ns: readonly number[]): Uint8Array {
  const out = new Uint8Array(ns.reduce((size, n) => size + sizeU32(n), 0))
  let at = 0
  for (const n of ns) at = writeU32(out, at, n)
  return out
}
