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
  /** Per set of two slots, the one the next text replaces: the one not found last. */
  private readonly victim = new Uint8Array(SLOTS / 2)

  /**
   * The set of two slots of the `len` bytes at `ptr` (its first slot; 0 <
   * len <= RECENT_MAX_BYTES; `bytes` and `view` see the same memory). Two
   * ways, so two messages of one policy that hash alike do not evict each
   * other on every read.
   */
  set(bytes: Uint8Array, view: DataView, ptr: number, len: number): number {
    let h = len
    let i = 0
    for (; i + 4 <= len; i += 4) h = Math.imul(h ^ view.getUint32(ptr + i, true), 0x9e3779b1)
    for (; i < len; i++) h = Math.imul(h ^ bytes[ptr + i]!, 0x9e3779b1)
    return (h ^ (h >>> 15)) & (SLOTS - 2)
  }

  /** The text kept in `set` when it is that of the `len` bytes at `ptr`, else undefined. */
  find(set: number, bytes: Uint8Array, view: DataView, ptr: number, len: number): string | undefined {
    for (let way = 0; way < 2; way++)
      if (this.holds(set + way, bytes, view, ptr, len)) {
        this.victim[set >> 1] = way ^ 1
        return this.texts[set + way]
      }
    return undefined
  }

  /** Whether `slot` holds the `len` bytes at `ptr`. */
  private holds(slot: number, bytes: Uint8Array, view: DataView, ptr: number, len: number): boolean {
    if (this.lengths[slot] !== len) return false
    const copy = this.copyView
    const at = slot * RECENT_MAX_BYTES
    let i = 0
    for (; i + 4 <= len; i += 4) if (view.getUint32(ptr + i, true) !== copy.getUint32(at + i, true)) return false
    for (; i < len; i++) if (bytes[ptr + i] !== this.copies[at + i]) return false
    return true
  }

  /** Keeps `text`, the decoding of the `len` bytes at `ptr`, in their `set`. */
  keep(set: number, bytes: Uint8Array, view: DataView, ptr: number, len: number, text: string): void {
    const way = this.victim[set >> 1]!
    const slot = set + way
    this.victim[set >> 1] = way ^ 1
    const copy = this.copyView
    const at = slot * RECENT_MAX_BYTES
    let i = 0
    for (; i + 4 <= len; i += 4) copy.setUint32(at + i, view.getUint32(ptr + i, true), true)
    for (; i < len; i++) this.copies[at + i] = bytes[ptr + i]!
    this.lengths[slot] = len
    this.texts[slot] = text
  }
}
