/**
 * Reads a value straight out of a Cordon module's linear memory (the value
 * layout of packages/wasm/runtime/VALUES.md) into the plain JSON value that
 * `JSON.parse(opa_json_dump(v))` would give, without the text in between.
 * A set's elements are sorted into the runtime's value order (rego-order.ts),
 * which is their order in the JSON dump. What JSON needs the runtime's help
 * with (an object key that is not a string; set elements whose order the JS
 * values cannot tell) makes `read` throw {@link NotPlainJson}, and the caller
 * takes the text path.
 */

import { KeyOrderMemo, MEMO_KEYS, type KeyOrder } from './key-order-memo.js'
import { LayoutReader } from './read-layout.js'
import { RECENT_MAX_BYTES, RecentStrings } from './recent-strings.js'
import { setOwn } from './own-property.js'
import { fromSets, sortSetElements, Unordered } from './rego-order.js'
import { LITTLE_ENDIAN, N_FLOAT, T_SET, T_STRING } from './value-layout.js'

/** The value needs the runtime's JSON dump (see the module comment). */
export class NotPlainJson extends Error {}

const decoder = new TextDecoder()
// Short ASCII strings are built in JS: below about 12 bytes that beats a
// TextDecoder call, above it TextDecoder wins (measured on Node 20).
const SHORT_STRING = 12
// Decoded strings below `stableEnd` are cached direct-mapped by address: a
// typed-array probe is several times cheaper than a Map lookup, and a miss
// only costs a decode.
const CACHE_SLOTS = 2048
const slotOf = (ptr: number): number => ((ptr >>> 2) ^ (ptr >>> 13)) & (CACHE_SLOTS - 1)
/** Entries of the key stack kept between reads. */
const STACK_KEPT = 4096

export class ValueReader extends LayoutReader<unknown> {
  /** Decoded strings below `stableEnd` by address (the same address holds the same text there). */
  private readonly cachedAt = new Int32Array(CACHE_SLOTS).fill(-1)
  private readonly cachedText: string[] = new Array<string>(CACHE_SLOTS).fill('')
  /** Keys and value addresses of the objects being read, a stack from `sp`: no arrays per object. */
  protected readonly keys: string[] = []
  protected readonly values: number[] = []
  protected sp = 0

  /**
   * @param stableEnd below it, memory does not change between evaluations:
   *   the module's static data, then the data document (0: nothing is stable)
   */
  constructor(
    memory: WebAssembly.Memory,
    private stableEnd = 0,
  ) {
    super(memory)
  }

  /** The JSON order of objects' keys by the addresses of their key strings (below `stableEnd`). */
  private readonly orders = new KeyOrderMemo()

  /** Memory below `end` stays as it is until the next call (after a data change). */
  setStableEnd(end: number): void {
    this.cachedAt.fill(-1)
    this.orders.clear()
    this.stableEnd = end
  }

  /** The JSON value of the runtime value at `addr` (not 0). Throws NotPlainJson. */
  read(addr: number): unknown {
    this.start()
    return this.value(addr)
  }

  /** Starts a read: fresh views, an empty stack (let go of a large one's keys). */
  private start(): void {
    this.refresh()
    this.sp = 0
    if (this.keys.length > STACK_KEPT) {
      this.keys.length = 0
      this.values.length = 0
    }
  }

  /**
   * A result set (a set of binding objects) as the array OPA's SDK returns.
   * One solution at most: more need the runtime's set order (NotPlainJson).
   */
  readResultSet(addr: number): { [binding: string]: unknown }[] {
    const binding = this.solution(addr)
    return binding === 0 ? [] : [this.value(binding) as { [binding: string]: unknown }]
  }

  /** The bindings object of a result set's one solution, 0 when it has none. Starts a read. */
  protected solution(addr: number): number {
    if (!LITTLE_ENDIAN) throw new NotPlainJson('a big-endian platform')
    this.start()
    if (addr === 0 || this.bytes[addr] !== T_SET) throw new NotPlainJson('the result set is not a set')
    const count = this.u32[(addr + 4) >> 2]!
    if (count === 0) return 0
    if (count > 1) throw new NotPlainJson('several solutions')
    return this.u32[this.firstNode(addr) >> 2]!
  }

  protected tooDeep(): Error {
    return new NotPlainJson('nested too deeply')
  }

  protected bigInteger(n: bigint): number {
    // As JSON.parse rounds.
    return Number(n)
  }

  protected decimal(v: number): number {
    if (this.bytes[v + 1] === N_FLOAT) return this.view.getFloat64(v + 8, true)
    // Exact decimal text (JSON number grammar).
    return Number(this.string(this.u32[(v + 8) >> 2]!, this.u32[(v + 4) >> 2]!))
  }

  protected string(ptr: number, len: number): string {
    // Strings of the static data (object keys, constant messages) and of the
    // data document are decoded once.
    if (ptr < this.stableEnd) {
      // The length must match too (a substring may start there); ASCII only.
      const slot = slotOf(ptr)
      if (this.cachedAt[slot] === ptr) {
        const hit = this.cachedText[slot]!
        if (hit.length === len) return hit
      }
      const s = this.decode(ptr, len)
      if (s.length === len) {
        this.cachedAt[slot] = ptr
        this.cachedText[slot] = s
      }
      return s
    }
    return len > SHORT_STRING && len <= RECENT_MAX_BYTES ? this.heapString(ptr, len) : this.decode(ptr, len)
  }

  /** A long string on the heap: a formatted message, most likely, often the text of one read lately. */
  private heapString(ptr: number, len: number): string {
    const set = this.recent.set(this.bytes, this.view, ptr, len)
    const recent = this.recent.find(set, this.bytes, this.view, ptr, len)
    if (recent !== undefined) return recent
    const s = this.decode(ptr, len)
    this.recent.keep(set, this.bytes, this.view, ptr, len, s)
    return s
  }

  /** Long strings of the heap decoded lately, found again by their bytes. */
  private readonly recent = new RecentStrings()

  private decode(ptr: number, len: number): string {
    const bytes = this.bytes
    if (len <= SHORT_STRING) {
      let s = ''
      for (let i = ptr; i < ptr + len; i++) {
        const b = bytes[i]!
        if (b >= 0x80) return decoder.decode(bytes.subarray(ptr, ptr + len))
        s += String.fromCharCode(b)
      }
      return s
    }
    return decoder.decode(bytes.subarray(ptr, ptr + len))
  }

  /** The elements of set `v` as an array in the runtime's value order (the dump's). */
  protected set(v: number): unknown[] {
    const out: unknown[] = new Array(this.u32[(v + 4) >> 2]!)
    const nb = this.u32[(v + 8) >> 2]!
    const buckets = this.u32[(v + 12) >> 2]!
    let at = 0
    for (let b = 0; b < nb && at < out.length; b++)
      for (let n = this.u32[(buckets + 4 * b) >> 2]!; n !== 0; n = this.u32[(n + 8) >> 2]!)
        out[at++] = this.value(this.u32[n >> 2]!)
    try {
      sortSetElements(out)
    } catch (err) {
      if (err instanceof Unordered) throw new NotPlainJson(err.reason)
      throw err
    }
    fromSets.add(out)
    return out
  }

  /** An object key; the dump orders keys by UTF-8 bytes, JS by UTF-16 units, which agree below U+D800. */
  private key(ptr: number, len: number): string {
    const key = this.string(ptr, len)
    if (key.length !== len && /[\ud800-\uffff]/.test(key)) throw new NotPlainJson('an object key beyond U+D7FF')
    return key
  }

  protected object(v: number): Record<string, unknown> {
    const base = this.sp
    const end = this.entries(v)
    return this.build(base, end)
  }

  /**
   * Pushes the keys of object `v` in JSON order, with their values'
   * addresses, on the stack from `sp`; returns the end (`sp` is left there).
   */
  protected entries(v: number): number {
    const count = this.u32[(v + 4) >> 2]!
    if (count === 0 || count > MEMO_KEYS) return this.sortedEntries(v)
    if (this.entriesInOrder(v, count)) return this.sp
    const base = this.sp
    const end = this.sortedEntries(v)
    if (this.orders.seenBefore(this.keySignature(v, count))) this.remember(v, base, end)
    return end
  }

  /** A hash of the addresses of the key strings of object `v` (of `count` keys), in bucket order. */
  private keySignature(v: number, count: number): number {
    const u32 = this.u32
    const nb = u32[(v + 8) >> 2]!
    const buckets = u32[(v + 12) >> 2]!
    let h = count
    let i = 0
    for (let b = 0; b < nb && i < count; b++)
      for (let n = u32[(buckets + 4 * b) >> 2]!; n !== 0 && i < count; n = u32[(n + 8) >> 2]!, i++)
        h = Math.imul(h ^ u32[n >> 2]!, 0x9e3779b1)
    return h ^ (h >>> 16)
  }

  /**
   * Pushes the entries of object `v` (of `count` keys) in the order the memo
   * has for its key strings; false, and nothing counts as pushed, when it
   * has none.
   */
  private entriesInOrder(v: number, count: number): boolean {
    const { keys, values, u32 } = this
    const nb = u32[(v + 8) >> 2]!
    const buckets = u32[(v + 12) >> 2]!
    const base = this.sp
    let order: KeyOrder | undefined
    let i = 0
    for (let b = 0; b < nb && i < count; b++) {
      for (let n = u32[(buckets + 4 * b) >> 2]!; n !== 0; n = u32[(n + 8) >> 2]!) {
        const k = u32[n >> 2]!
        if (order === undefined) {
          order = this.orders.get(k, count)
          if (order === undefined) return false
        } else if (i >= count || order.addrs[i] !== k) return false
        const rank = order.rank[i]!
        keys[base + rank] = order.keys[rank]!
        values[base + rank] = u32[(n + 4) >> 2]!
        i++
      }
    }
    if (i !== count) return false
    this.sp = base + count
    return true
  }

  /**
   * Remembers the order of the keys of object `v`, just pushed sorted on the
   * stack at [base, end), when every key string lies in stable memory.
   */
  private remember(v: number, base: number, end: number): void {
    const u32 = this.u32
    const count = end - base
    const nb = u32[(v + 8) >> 2]!
    const buckets = u32[(v + 12) >> 2]!
    const addrs = new Int32Array(count)
    const rank = new Int32Array(count)
    let i = 0
    for (let b = 0; b < nb && i < count; b++) {
      for (let n = u32[(buckets + 4 * b) >> 2]!; n !== 0 && i < count; n = u32[(n + 8) >> 2]!) {
        const k = u32[n >> 2]!
        const len = u32[(k + 4) >> 2]!
        const ptr = u32[(k + 8) >> 2]!
        if (k + 16 > this.stableEnd || ptr + len > this.stableEnd) return
        // Decoded before by sortedEntries, so a hit in the string cache.
        const key = this.string(ptr, len)
        let at = base
        while (at < end && this.keys[at] !== key) at++
        if (at === end) return
        addrs[i] = k
        rank[i] = at - base
        i++
      }
    }
    if (i === count) this.orders.set({ addrs, rank, keys: this.keys.slice(base, end) })
  }

  /** Pushes the keys of object `v`, decoded and sorted (see entries). */
  private sortedEntries(v: number): number {
    const { keys, values } = this
    const base = this.sp
    const end = base + this.u32[(v + 4) >> 2]!
    const nb = this.u32[(v + 8) >> 2]!
    const buckets = this.u32[(v + 12) >> 2]!
    let at = base
    for (let b = 0; b < nb && at < end; b++) {
      for (let n = this.u32[(buckets + 4 * b) >> 2]!; n !== 0; n = this.u32[(n + 8) >> 2]!) {
        const k = this.u32[n >> 2]!
        if (this.bytes[k] !== T_STRING) throw new NotPlainJson('object key that is not a string')
        const key = this.key(this.u32[(k + 8) >> 2]!, this.u32[(k + 4) >> 2]!)
        const val = this.u32[(n + 4) >> 2]!
        // Insertion sort as the keys come: objects here are small.
        let j = at - 1
        for (; j >= base && keys[j]! > key; j--) {
          keys[j + 1] = keys[j]!
          values[j + 1] = values[j]!
        }
        keys[j + 1] = key
        values[j + 1] = val
        at++
      }
    }
    this.sp = at
    return at
  }

  /** The object of the stack's entries [base, end); pops them. */
  private build(base: number, end: number): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    // Nested objects stack their entries above these.
    for (let i = base; i < end; i++) setOwn(out, this.keys[i]!, this.value(this.values[i]!))
    this.sp = base
    return out
  }

  /** The first node of a map in bucket order (0 when empty). */
  private firstNode(m: number): number {
    const nb = this.u32[(m + 8) >> 2]!
    const buckets = this.u32[(m + 12) >> 2]!
    for (let b = 0; b < nb; b++) {
      const n = this.u32[(buckets + 4 * b) >> 2]!
      if (n !== 0) return n
    }
    return 0
  }
}
