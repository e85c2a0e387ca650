/**
 * A small LZ77 format for static data that a module's start function
 * unpacks in place (codegen/filled-at-start.ts): a sequence of
 *
 *   [LEB128 n][n literal bytes] then, unless the output is complete,
 *   [LEB128 length − 4][LEB128 distance]: copy `length` bytes from `distance`
 *   bytes back in the output, byte by byte (a copy may overlap its source).
 *
 * The compressor is greedy over hash chains of 4-byte sequences, a few
 * candidates deep: trivy-checks' 198 KB of static data (121 KB of it in the
 * file, the rest zero) pack to ~56 KB in ~10 ms.
 */
import { decodeU32, writeU32 } from './leb128.js'

export const LZ_MIN_MATCH = 4
const HASH_BITS = 15
/** Candidates tried per position: 8 is within 2% of 64 on trivy-checks' data, at a third of the time. */
const CHAIN_DEPTH = 8

export interface Packed {
  bytes: Uint8Array
  /**
   * How far ahead of the output's start the packed bytes must begin so that
   * unpacking in place never writes over bytes it has yet to read: the most
   * the output runs ahead of the input at the end of any token (at least
   * `src.length − bytes.length`).
   */
  lead: number
}

/** Packs `src` (see the module comment). */
export function packLz(src: Uint8Array): Packed {
  const out = new Uint8Array(src.length + (src.length >> 3) + 16)
  let o = 0
  let lead = 0
  const head = new Int32Array(1 << HASH_BITS).fill(-1)
  const prev = new Int32Array(src.length)
  const hash = (i: number) =>
    Math.imul(src[i]! | (src[i + 1]! << 8) | (src[i + 2]! << 16) | (src[i + 3]! << 24), 0x9e3779b1) >>> (32 - HASH_BITS)
  const n = src.length
  const last = n - LZ_MIN_MATCH
  let literalsFrom = 0
  let i = 0
  while (i <= last) {
    // Reads stay inside `src` (an out-of-bounds read makes V8 deoptimise the loop).
    const room = n - i
    let best = 0
    let bestAt = 0
    for (let c = head[hash(i)]!, d = 0; c >= 0 && d < CHAIN_DEPTH; c = prev[c]!, d++) {
      if (best > 0 && (best >= room || src[c + best] !== src[i + best])) continue
      let len = 0
      while (len < room && src[c + len] === src[i + len]) len++
      if (len > best) {
        best = len
        bestAt = c
      }
    }
    if (best < LZ_MIN_MATCH) {
      insert(head, prev, hash(i), i++)
      continue
    }
    o = writeU32(out, o, i - literalsFrom)
    // A loop, not `out.set(src.subarray(…))`: a view per token costs more than its few bytes' copy.
    for (let j = literalsFrom; j < i; j++) out[o++] = src[j]!
    o = writeU32(out, o, best - LZ_MIN_MATCH)
    o = writeU32(out, o, i - bestAt)
    const end = Math.min(i + best, last + 1)
    for (let j = i; j < end; j++) insert(head, prev, hash(j), j)
    i += best
    literalsFrom = i
    lead = Math.max(lead, i - o)
  }
  o = writeU32(out, o, src.length - literalsFrom)
  out.set(src.subarray(literalsFrom), o)
  o += src.length - literalsFrom
  return { bytes: out.slice(0, o), lead: Math.max(lead, src.length - o) }
}

/** Puts position `i` at the head of the chain of hash `k`. */
function insert(head: Int32Array, prev: Int32Array, k: number, i: number): void {
  prev[i] = head[k]!
  head[k] = i
}

/** Unpacks `bytes` into `size` bytes (for tests and tools). */
export function unpackLz(bytes: Uint8Array, size: number): Uint8Array {
  const mem = new Uint8Array(size + bytes.length)
  mem.set(bytes, size)
  unpackLzInPlace(mem, size, 0, size)
  return mem.slice(0, size)
}

/**
 * Unpacks the packed bytes at `mem[from]` into `size` bytes at `mem[to]`, as
 * the start function does: literal runs moved with memmove's semantics, and
 * copies byte by byte. With `from = to + Packed.lead` it reads every packed
 * byte before any write reaches it.
 * @throws RangeError when a copy would overwrite packed bytes not read yet.
 */
export function unpackLzInPlace(mem: Uint8Array, from: number, to: number, size: number): void {
  let i = from
  let o = to
  const end = to + size
  for (;;) {
    const [literals, next] = decodeU32(mem, i)
    mem.copyWithin(o, next, next + literals)
    i = next + literals
    o += literals
    if (o >= end) return
    const [n, at] = decodeU32(mem, i)
    const [distance, after] = decodeU32(mem, at)
    i = after
    if (o + n + LZ_MIN_MATCH > i)
      throw new RangeError(`unpackLzInPlace: a copy at ${o} would overwrite packed bytes from ${i} on`)
    for (let k = 0; k < n + LZ_MIN_MATCH; k++, o++) mem[o] = mem[o - distance]!
  }
}
