/**
 * Strings decoded lately, found again by their bytes. A policy's messages
 * (sprintf of a reason, a concatenation) are built on the heap anew by
 * every evaluation, at no fixed address, but mostly with the same text
 * decision after decision: comparing the bytes with a copy kept from the
 * last decode is a few times cheaper than a TextDecoder call and the new
 * string it makes. A hit is the same bytes, compared in full, so it is never
 * stale; a miss costs the comparison up to the first difference and a copy
 * of the bytes (into room reserved up front: no allocation).
 */

const SLOTS = 128
/** Longer strings are decoded every time (the room kept per slot). */
export const RECENT_MAX_BYTES = 256

export class RecentStrings {
  private readonly texts: string[] = new Array<string>(SLOTS).fill('')
  /** The bytes of each slot's text at slot * RECENT_MAX_BYTES, and their count. */
  private readonly copies = new Uint8Array(SLOTS * RECENT_MAX_BYTES)
  /** `copies` four bytes at a time (a DataView reads at any alignment). */
  private readonly copyView = new DataView(this.copies.buffer)
  private readonly lengths = new Int32Array(SLOTS).fill(-1)

  /** The slot of the `len` bytes at `ptr` (0 < len <= RECENT_MAX_BYTES; `bytes` and `view` see the same memory). */
  slot(bytes: Uint8Array, view: DataView, ptr: number, len: number): number {
    let h = len
    let i = 0
    for (; i + 4 <= len; i += 4) h = Math.imul(h ^ view.getUint32(ptr + i, true), 0x9e3779b1)
    for (; i < len; i++) h = Math.imul(h ^ bytes[ptr + i]!, 0x9e3779b1)
    return (h ^ (h >>> 15)) & (SLOTS - 1)
  }

  /** The text kept in `slot` when it is that of the `len` bytes at `ptr`, else undefined. */
  find(slot: number, bytes: Uint8Array, view: DataView, ptr: number, len: number): string | undefined {
    if (this.lengths[slot] !== len) return undefined
    const copy = this.copyView
    const at = slot * RECENT_MAX_BYTES
    let i = 0
    for (; i + 4 <= len; i += 4) if (view.getUint32(ptr + i, true) !== copy.getUint32(at + i, true)) return undefined
    for (; i < len; i++) if (bytes[ptr + i] !== this.copies[at + i]) return undefined
    return this.texts[slot]
  }

  /** Keeps `text`, the decoding of the `len` bytes at `ptr`, in their `slot`. */
  keep(slot: number, bytes: Uint8Array, view: DataView, ptr: number, len: number, text: string): void {
    const copy = this.copyView
    const at = slot * RECENT_MAX_BYTES
    let i = 0
    for (; i + 4 <= len; i += 4) copy.setUint32(at + i, view.getUint32(ptr + i, true), true)
    for (; i < len; i++) this.copies[at + i] = bytes[ptr + i]!
    this.lengths[slot] = len
    this.texts[slot] = text
  }
}
