/**
 * Lays a plain JS value out in a Cordon module's linear memory as the
 * runtime's own values (packages/wasm/runtime/VALUES.md), in blocks of its
 * allocator's format, so an evaluation starts without JSON text: no
 * `JSON.stringify` here, no JSON parse in the module. The result is the value
 * `opa_value_parse(JSON.stringify(x))` would build: integers that fit int64
 * are ints, other numbers keep the text JSON gives them, `undefined`
 * properties are left out, non-finite numbers are null.
 *
 * Anything JSON.stringify treats specially (class instances, `toJSON`,
 * BigInt, lone surrogates, cycles or very deep nesting) makes `write` return
 * undefined, and the caller takes the JSON text path, which decides exactly
 * as before (or reports input that is not JSON).
 */

import { runtimeStringHash, type RuntimeHashKey } from '@cordon/builtins/core'
import { MemoryViews } from './memory-views.js'
import { ensureCapacity } from './memory-text.js'
import { LITTLE_ENDIAN, N_INT, N_REF, T_ARRAY, T_NUMBER, T_OBJECT, T_STRING } from './value-layout.js'

// The allocator's block: [u32 payload size][u32 tag] payload (a multiple of 8).
const HEADER = 8
const TAG_USED = 0x55534544
const MAX_DEPTH = 512
/** Byte 1 of a string whose hash is at offset 12. */
const HASH_STORED = 1
/** Byte 2 of a string with room at offset 12 for the hash the runtime keeps there once computed. */
const HASH_ROOM = 1 << 16
const INT64_LIMIT = 2 ** 63

class NotPlain extends Error {}
const notPlain = new NotPlain()

const encoder = new TextEncoder()

export interface StaticValues {
  /** Addresses of the runtime's static null, false and true values. */
  null: number
  false: number
  true: number
}

export class ValueWriter extends MemoryViews {
  private top = 0
  private limit = 0
  /** Own keys can be read with for-in: Object.prototype has no enumerable keys now. */
  private forIn = true
  /** Writing the data document (see writeData), not an input. */
  private dataMode = false
  /**
   * Whether the last value written is its JS value exactly, as JSON data:
   * nothing was left out or written as null (undefined, functions, symbols,
   * non-finite numbers) and no -0 became 0. Then the JS value can stand for
   * the written one (the engine hands it to builtins' plain JSON forms).
   */
  exact = true

  /**
   * @param interned the module's static string values by text: an input
   *   string equal to one (object keys above all) points at it instead of
   *   being written, and lookups of that key find it by address
   * @param hashKey the key the instance's hash was seeded with (`cordon_hash_seed`)
   */
  constructor(
    memory: WebAssembly.Memory,
    private readonly statics: StaticValues,
    private readonly interned: ReadonlyMap<string, number> = new Map(),
    private readonly hashKey?: RuntimeHashKey,
  ) {
    super(memory)
  }

  /**
   * Writes `value` from `start` (8-byte aligned) on. Returns the value's
   * address and the end of the blocks written, or undefined when the value is
   * not plain JSON data (nothing written then counts: the caller starts over).
   */
  write(value: unknown, start: number): { addr: number; end: number } | undefined {
    if (!LITTLE_ENDIAN) return undefined
    this.top = start
    this.entryTop = 0
    this.exact = true
    this.refresh()
    // A field, not `bytes.length`: reading a typed array's length is a slow
    // path for wasm memory in V8.
    this.limit = this.bytes.length
    this.forIn = !hasEnumerableInherited()
    try {
      const addr = this.value(value, 0, this.root)
      // undefined, a function or a symbol: not a JSON document
      return addr === 0 ? undefined : { addr, end: this.top }
    } catch (err) {
      if (err === notPlain) return undefined
      throw err
    }
  }

  /**
   * Writes the data document as `write` does, but its strings carry their
   * hash, as static strings do: data is read decision after decision, and a
   * lookup by one of its strings then hashes nothing. Its keys equal to a
   * static string point at it, so lookups by constant keys compare
   * addresses, not bytes.
   */
  writeData(value: unknown, start: number): { addr: number; end: number } | undefined {
    this.dataMode = true
    try {
      return this.write(value, start)
    } finally {
      this.dataMode = false
    }
  }

  /**
   * The address of `v` written, or 0 for what JSON leaves out of objects
   * (and writes as null in arrays): undefined, functions and symbols.
   * `site`: the key `v` is the value of, whose last object's keys are
   * remembered (see smallObject).
   */
  private value(v: unknown, depth: number, site: KeyInfo): number {
    switch (typeof v) {
      case 'string':
        return this.string(v)
      case 'number':
        return this.number(v)
      case 'boolean':
        return v ? this.statics.true : this.statics.false
      case 'object':
        if (v === null) return this.statics.null
        if (depth >= MAX_DEPTH) throw notPlain
        if (Array.isArray(v)) return this.array(v, depth, site)
        return this.object(v as Record<string, unknown>, depth, site)
      case 'undefined':
      case 'function':
      case 'symbol':
        this.exact = false
        return 0
      default:
        // BigInt
        throw notPlain
    }
  }

  /** A block of `size` payload bytes at the top; returns the payload's address. */
  private alloc(size: number): number {
    const payload = (size + 7) & ~7
    const blk = this.top
    const end = blk + HEADER + payload
    if (end > this.limit) {
      ensureCapacity(this.memory, end)
      this.refresh()
      this.limit = this.bytes.length
    }
    this.u32[blk >> 2] = payload
    this.u32[(blk >> 2) + 1] = TAG_USED
    this.top = end
    return blk + HEADER
  }

  /** `hash`: the string's hash when the caller knows it (an object key's), else -1. */
  private string(s: string, hash = -1): number {
    // The data document's strings carry their hash (see writeData); an
    // input's have room for it, where the runtime keeps it once computed.
    const header = 16
    const n = s.length
    // ASCII, the common case, is written as it is checked: one byte per unit.
    const v = this.alloc(header + n)
    const bytes = this.bytes
    const at = v + header
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i)
      if (c >= 0x80) return this.utf8String(s, v, header, hash)
      bytes[at + i] = c
    }
    this.stringHeader(v, n, header, hash)
    return v
  }

  /**
   * What is known of an object key: the module's own static string when it
   * has an equal one (not written; lookups of it find it by address), its
   * hash, remembered by key text.
   */
  private keyInfo(key: string): KeyInfo {
    const known = this.keys.get(key)
    if (known !== undefined) return known
    const interned = this.interned.get(key)
    let hash: number
    if (interned !== undefined) {
      // Static strings carry their hash.
      hash = this.u32[(interned + 12) >> 2]!
    } else {
      // Hashed from its UTF-8 in a scratch buffer: nothing is written to the module's memory.
      if (this.scratch.length < 3 * key.length) this.scratch = new Uint8Array(3 * key.length)
      hash = runtimeStringHash(this.scratch, 0, encoder.encodeInto(key, this.scratch).written, this.hashKey)
    }
    const info: KeyInfo = { addr: interned ?? 0, hash, child: undefined }
    if (this.keys.size >= 4096) this.keys.clear()
    this.keys.set(key, info)
    return info
  }

  private readonly keys = new Map<string, KeyInfo>()
  /** Entries of the objects being written (see largeObject), and the first free slot. */
  private entryStack = new Uint32Array(192)
  private entryTop = 0
  private scratch = new Uint8Array(64)
  /** The site of the top-level value. */
  private readonly root: KeyInfo = { addr: 0, hash: 0, child: undefined }
  /** The site of the values of a big object's uncached keys (often alike: a map of names to records). */
  private readonly mapValues: KeyInfo = { addr: 0, hash: 0, child: undefined }

  /** A string with non-ASCII text, in place of the block just taken for it at `v`, with a header of `header` bytes. */
  private utf8String(s: string, v: number, header: 12 | 16, hash: number): number {
    // JSON escapes a lone surrogate, which a TextEncoder would turn into U+FFFD.
    if (!isWellFormed(s)) throw notPlain
    this.top = v - HEADER
    const room = 3 * s.length
    const w = this.alloc(header + room)
    const written = encoder.encodeInto(s, this.bytes.subarray(w + header, w + header + room)).written
    this.stringHeader(w, written, header, hash)
    return w
  }

  /** The header of a string whose bytes follow it; a 16-byte header carries the hash (`hash`, or computed when -1). */
  private stringHeader(v: number, len: number, header: 12 | 16, hash: number): void {
    const i = v >> 2
    this.u32[i + 1] = len
    this.u32[i + 2] = v + header
    // An input's object keys come with their hash (keyInfo): kept as well.
    if (this.dataMode || hash >= 0) {
      this.u32[i] = T_STRING | (HASH_STORED << 8)
      this.u32[i + 3] = hash >= 0 ? hash : runtimeStringHash(this.bytes, v + 16, len, this.hashKey)
    } else this.u32[i] = T_STRING | HASH_ROOM
  }

  private number(x: number): number {
    if (!Number.isFinite(x)) {
      this.exact = false
      return this.statics.null
    }
    if (Number.isInteger(x) && x >= -INT64_LIMIT && x < INT64_LIMIT) {
      if (x === 0 && 1 / x < 0) this.exact = false
      const v = this.alloc(16)
      this.view.setUint32(v, T_NUMBER | (N_INT << 8), true)
      this.view.setUint32(v + 4, 0, true)
      if (x >= -0x80000000 && x <= 0x7fffffff) {
        this.view.setInt32(v + 8, x, true)
        this.view.setInt32(v + 12, x < 0 ? -1 : 0, true)
      } else this.view.setBigInt64(v + 8, BigInt(x), true)
      return v
    }
    // The text JSON.stringify gives it (shortest round trip), kept exactly.
    const text = String(x)
    const v = this.alloc(16 + text.length)
    this.view.setUint32(v, T_NUMBER | (N_REF << 8), true)
    this.view.setUint32(v + 4, text.length, true)
    this.view.setUint32(v + 8, v + 16, true)
    this.view.setUint32(v + 12, 0, true)
    for (let i = 0; i < text.length; i++) this.bytes[v + 16 + i] = text.charCodeAt(i)
    return v
  }

  private array(a: readonly unknown[], depth: number, site: KeyInfo): number {
    if (Object.getPrototypeOf(a) !== Array.prototype) throw notPlain
    const n = a.length
    const elems = n > 0 ? this.alloc(4 * n) : 0
    for (let i = 0; i < n; i++) {
      const item = a[i]
      // JSON writes undefined, functions and symbols in arrays as null.
      const addr = this.value(item, depth + 1, site) || this.statics.null
      this.view.setUint32(elems + 4 * i, addr, true)
    }
    const v = this.alloc(16)
    this.view.setUint32(v, T_ARRAY, true)
    this.view.setUint32(v + 4, n, true)
    this.view.setUint32(v + 8, n, true)
    this.view.setUint32(v + 12, elems, true)
    return v
  }

  private object(o: Record<string, unknown>, depth: number, site: KeyInfo): number {
    const proto = Object.getPrototypeOf(o)
    if ((proto !== Object.prototype && proto !== null) || typeof o.toJSON === 'function') throw notPlain
    // JSON.rawJSON's values (Node 22 and later) have no prototype; JSON.stringify writes their text.
    if (proto === null && (JSON as { isRawJSON?: (v: unknown) => boolean }).isRawJSON?.(o)) throw notPlain
    if (this.forIn) return this.smallObject(o, depth, site)
    return this.largeObject(o, depth, Object.keys(o), 0, 0, 0)
  }

  /**
   * Any object, through Object.keys (and a lookup per key: Object.values of an
   * object of many keys, in dictionary mode, costs three times as much). Its
   * entries (key, value, hash) are kept on a stack of the writer's, reused by
   * every object and above it by the objects nested in it, and its nodes and buckets written
   * in one stretch reserved up front, so a document with a large object costs
   * no JS array per key and no growth check per node.
   */
  private largeObject(
    o: Record<string, unknown>,
    depth: number,
    keys: string[],
    from: number,
    written: number,
    smallBuckets: number,
  ): number {
    const base = this.entryTop
    this.entryTop = base + 3 * keys.length
    this.growEntryStack(base)
    // The `written` entries smallObject made of its first `from` keys, in
    // its 8 buckets at `smallBuckets`: their nodes in the order they were
    // written (blocks are only ever taken at the top, so by address), then
    // an entry of each (read before it is overwritten: an entry takes three slots).
    let found = 0
    for (let b = 0; b < SMALL_KEYS && written > 0; b++)
      for (let n = this.u32[(smallBuckets >> 2) + b]!; n !== 0; n = this.u32[(n >> 2) + 2]!)
        this.entryStack[base + found++] = n
    this.entryStack.subarray(base, base + found).sort()
    for (let e = written - 1; e >= 0; e--) {
      const node = this.entryStack[base + e]! >> 2
      this.entryStack[base + 3 * e] = this.u32[node]!
      this.entryStack[base + 3 * e + 1] = this.u32[node + 1]!
      this.entryStack[base + 3 * e + 2] = this.u32[node + 3]!
    }
    // Keys of a big object are mostly its own (a map from names to values):
    // past a few, a key is written and hashed where it lies, not looked up
    // in, then put into, the cache of known keys, which it would only flush.
    const cached = Math.min(keys.length, CACHED_KEYS)
    let count = written
    for (let i = from; i < keys.length; i++) {
      const key = keys[i]!
      let k: number
      let hash: number
      let value: number
      if (i < cached) {
        const info = this.keyInfo(key)
        value = this.value(o[key], depth + 1, info)
        if (value === 0) continue
        k = info.addr !== 0 ? info.addr : this.string(key, info.hash)
        hash = info.hash
      } else {
        value = this.value(o[key], depth + 1, this.mapValues)
        if (value === 0) continue
        k = this.interned.get(key) ?? this.string(key)
        hash = this.hashOf(k)
      }
      // The stack again: an object nested in the value may have grown it.
      const at = base + 3 * count
      const stack = this.entryStack
      stack[at] = k
      stack[at + 1] = value
      stack[at + 2] = hash
      count++
    }
    this.entryTop = base
    const entries = this.entryStack
    // The buckets and chains the runtime's inserts would make (map.ts: 8
    // buckets, doubled when full, new nodes first in their chain), so the
    // object iterates exactly like one parsed from JSON.
    const { head, next } = bucketChains(entries, base, count)
    const nb = count === 0 ? 0 : head.length
    this.reserve(16 + HEADER + count * (16 + HEADER) + 4 * nb + HEADER)
    const v = this.alloc(16)
    const nodes = count === 0 ? 0 : this.alloc(count * (16 + HEADER) - HEADER)
    const buckets = count === 0 ? 0 : this.alloc(4 * nb)
    const u32 = this.u32
    // The nodes lie side by side: node e's payload at nodes + e * 24, each after its own block header.
    const node = (e: number) => nodes + e * (16 + HEADER)
    for (let e = 0; e < count; e++) {
      const at = node(e)
      const i = at >> 2
      if (e > 0) {
        u32[i - 2] = 16
        u32[i - 1] = TAG_USED
      }
      u32[i] = entries[base + 3 * e]!
      u32[i + 1] = entries[base + 3 * e + 1]!
      u32[i + 2] = next[e]! >= 0 ? node(next[e]!) : 0
      u32[i + 3] = entries[base + 3 * e + 2]!
    }
    if (count > 0) u32[(nodes >> 2) - 2] = 16
    for (let b = 0; b < nb; b++) u32[(buckets >> 2) + b] = head[b]! >= 0 ? node(head[b]!) : 0
    const i = v >> 2
    u32[i] = T_OBJECT
    u32[i + 1] = count
    u32[i + 2] = nb
    u32[i + 3] = buckets
    return v
  }

  /**
   * The runtime's hash of the string value at `v`: stored in it (static and
   * data strings), else computed from its bytes, and kept in it when it has
   * room (a string this writer wrote), as the runtime would keep it.
   */
  private hashOf(v: number): number {
    const i = v >> 2
    if (this.bytes[v + 1] === HASH_STORED) return this.u32[i + 3]!
    const hash = runtimeStringHash(this.bytes, this.u32[i + 2]!, this.u32[i + 1]!, this.hashKey)
    if (this.bytes[v + 2] === 1) {
      this.u32[i + 3] = hash
      this.bytes[v + 1] = HASH_STORED
    }
    return hash
  }

  /** Makes the entry stack hold `entryTop` slots, keeping those below `keep`. */
  private growEntryStack(keep: number): void {
    if (this.entryTop > this.entryStack.length) {
      const grown = new Uint32Array(Math.max(2 * this.entryStack.length, this.entryTop))
      grown.set(this.entryStack.subarray(0, keep))
      this.entryStack = grown
    }
  }

  /** Grows the memory now so that the next `bytes` of blocks fit without a check each. */
  private reserve(bytes: number): void {
    if (this.top + bytes > this.limit) {
      ensureCapacity(this.memory, this.top + bytes)
      this.refresh()
      this.limit = this.bytes.length
    }
  }

  /**
   * An object of at most 8 keys, the common case, written as it is read: 8
   * buckets from the start (the runtime's first size), each node first in its
   * chain, in key order, as the runtime's own inserts leave them. Keys come
   * from for-in, several times cheaper than Object.keys and Object.values
   * here. At a key past SMALL_KEYS it hands what it wrote over to
   * largeObject, which goes on from there (the values written stay written:
   * writing them again would write an object nested d big objects deep 2^d
   * times).
   */
  private smallObject(o: Record<string, unknown>, depth: number, site: KeyInfo): number {
    // The object's block and its buckets' block, taken in one stretch.
    const v = this.top + HEADER
    const buckets = v + 16 + HEADER
    this.reserve(2 * HEADER + 16 + 32)
    const zero = this.u32
    const b0 = buckets >> 2
    zero[(v >> 2) - 2] = 16
    zero[(v >> 2) - 1] = TAG_USED
    zero[b0 - 2] = 32
    zero[b0 - 1] = TAG_USED
    this.top = buckets + 32
    // Eight stores: cheaper than a fill call for 32 bytes.
    zero[b0] =
      zero[b0 + 1] =
      zero[b0 + 2] =
      zero[b0 + 3] =
      zero[b0 + 4] =
      zero[b0 + 5] =
      zero[b0 + 6] =
      zero[b0 + 7] =
        0
    // The keys of the last object written at this site, in order: while this
    // one's keys are the same strings, their infos come without a Map lookup.
    let shape = site.child
    let keys = 0
    let count = 0
    for (const key in o) {
      if (keys === SMALL_KEYS) return this.largeObject(o, depth, Object.keys(o), SMALL_KEYS, count, buckets)
      let info: KeyInfo
      if (shape !== undefined && keys < shape.keys.length && shape.keys[keys] === key) info = shape.infos[keys]!
      else {
        info = this.keyInfo(key)
        if (shape === undefined || shape.keys.length > keys)
          shape = {
            keys: shape === undefined ? [] : shape.keys.slice(0, keys),
            infos: shape === undefined ? [] : shape.infos.slice(0, keys),
          }
        shape.keys.push(key)
        shape.infos.push(info)
        site.child = shape
      }
      keys++
      const value = this.value(o[key], depth + 1, info)
      if (value === 0) continue
      const k = info.addr !== 0 ? info.addr : this.string(key, info.hash)
      const node = this.alloc(16)
      // `u32` again after each write: the memory may have grown.
      const u32 = this.u32
      const slot = (buckets >> 2) + (info.hash & 7)
      const n = node >> 2
      u32[n] = k
      u32[n + 1] = value
      u32[n + 2] = u32[slot]!
      u32[n + 3] = info.hash
      u32[slot] = node
      count++
    }
    const u32 = this.u32
    const i = v >> 2
    u32[i] = T_OBJECT
    u32[i + 1] = count
    // The runtime's empty object has no buckets.
    u32[i + 2] = count > 0 ? 8 : 0
    u32[i + 3] = count > 0 ? buckets : 0
    return v
  }
}

/** An object key as the writer knows it (see ValueWriter.keyInfo). */
interface KeyInfo {
  /** Its static string's address, 0 when it has none (then it is written). */
  addr: number
  hash: number
  /** The keys of the last small object written as this key's value (or an element of it). */
  child: Shape | undefined
}

/** Keys of an object in for-in order, with what is known of each. */
interface Shape {
  keys: string[]
  infos: KeyInfo[]
}

/** Keys of a big object that go through the writer's cache of known keys (see largeObject). */
const CACHED_KEYS = 64

/** The most keys an object written by smallObject has: the runtime's first bucket count. */
const SMALL_KEYS = 8

/** for-in also walks inherited enumerable keys, which JSON.stringify leaves out. */
function hasEnumerableInherited(): boolean {
  for (const _ in EMPTY) return true
  return false
}
const EMPTY = Object.freeze(Object.create(Object.prototype) as object)

/**
 * The chains of a runtime map after inserting the `count` entries (key,
 * value, hash) from `entries[base]` in order, as linked lists of entry indices (`head` per bucket, `next` per
 * entry, -1 ending a chain): 8 buckets at the first insert, doubled before
 * an insert into a full map, each old chain walked from its head and its
 * nodes put first in their new chains (map.ts `rehash`). Linear in the keys.
 */
function bucketChains(entries: Uint32Array, base: number, count: number): { head: Int32Array; next: Int32Array } {
  const hash = (e: number) => entries[base + 3 * e + 2]!
  const next = new Int32Array(count)
  let head = new Int32Array(8).fill(-1)
  for (let i = 0; i < count; i++) {
    if (i >= head.length) {
      const grown = new Int32Array(head.length * 2).fill(-1)
      const mask = grown.length - 1
      for (let b = 0; b < head.length; b++) {
        for (let e = head[b]!; e >= 0;) {
          const after = next[e]!
          const slot = hash(e) & mask
          next[e] = grown[slot]!
          grown[slot] = e
          e = after
        }
      }
      head = grown
    }
    const slot = hash(i) & (head.length - 1)
    next[i] = head[slot]!
    head[slot] = i
  }
  return { head, next }
}

function isWellFormed(s: string): boolean {
  const native = (s as { isWellFormed?: () => boolean }).isWellFormed
  if (native) return native.call(s)
  return !/[\ud800-\udfff]/.test(s)
}
