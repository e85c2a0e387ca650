/**
 * The JSON order of an object's keys, remembered by the addresses of its
 * key strings. Objects a policy returns are mostly built from the same
 * constant keys ({allow, code, reasons, …}), and a key string that lies in
 * the module's static data or in the data document (below the reader's
 * `stableEnd`) keeps its address and text until the data changes: an object
 * whose nodes point, in bucket order, at the same key strings as one read
 * before has the same keys in the same JSON order. Reading it then decodes
 * and sorts nothing. An order is remembered at its second read, so objects
 * whose keys never repeat cost no allocation. `clear` must be called
 * whenever that memory may change (setData, patches).
 */

/** The keys of one object, as read once. */
export interface KeyOrder {
  /** The addresses of its key strings, in bucket order (the order its nodes are walked in). */
  readonly addrs: Int32Array
  /** For each node in bucket order, the index of its key in JSON order. */
  readonly rank: Int32Array
  /** The keys in JSON order. */
  readonly keys: readonly string[]
}

/** Objects of more keys are read key by key: a map of names to values rarely repeats, and its order would cost a big entry. */
export const MEMO_KEYS = 16
const SLOTS = 256

export class KeyOrderMemo {
  /**
   * Two ways per set, the set chosen by the first key's address and the
   * count: two objects of one policy that fall into one set (the decision
   * and its result set's binding, say) do not evict each other on every read.
   */
  private readonly slots: (KeyOrder | undefined)[] = new Array<KeyOrder | undefined>(SLOTS).fill(undefined)

  /** The order remembered for an object of `count` keys whose first node's key is at `firstKey`. */
  get(firstKey: number, count: number): KeyOrder | undefined {
    const at = setOf(firstKey, count)
    const first = this.slots[at]
    if (first !== undefined && first.addrs[0] === firstKey && first.addrs.length === count) return first
    const second = this.slots[at + 1]
    if (second !== undefined && second.addrs[0] === firstKey && second.addrs.length === count) return second
    return undefined
  }

  /**
   * Whether an object whose key strings have signature `sig` was read since
   * the last one of its pending slot: only then is its order worth a memo
   * entry, so objects whose keys never repeat cost no allocation.
   */
  seenBefore(sig: number): boolean {
    const slot = sig & (SLOTS - 1)
    if (this.pending[slot] === sig) return true
    this.pending[slot] = sig
    return false
  }

  private readonly pending = new Int32Array(SLOTS)

  /** Remembers an order (the caller has checked that every key string lies in stable memory). */
  set(order: KeyOrder): void {
    const at = setOf(order.addrs[0]!, order.addrs.length)
    const first = this.slots[at]
    // The newest first; the other way keeps the one it replaces there, unless that had the same first key and count.
    if (first !== undefined && (first.addrs[0] !== order.addrs[0] || first.addrs.length !== order.addrs.length))
      this.slots[at + 1] = first
    this.slots[at] = order
  }

  /** Forgets every order: the memory of the key strings may change. */
  clear(): void {
    this.slots.fill(undefined)
    this.pending.fill(0)
  }
}

/** The first slot of the set of an object's orders (the high bits of a multiplicative hash, even). */
const setOf = (firstKey: number, count: number): number =>
  (Math.imul(firstKey ^ (count << 24), 0x9e3779b1) >>> 24) & (SLOTS - 2)
