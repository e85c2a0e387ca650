/**
 * The JSON order of an object's keys, remembered by the addresses of its
 * key strings. Objects a policy returns are mostly built from the same
 * constant keys ({allow, code, reasons, …}), and a key string that lies in
 * the module's static data or in the data document (below the reader's
 * `stableEnd`) keeps its address and text until the data changes: an object
 * whose nodes point, in bucket order, at the same key strings as one read
 * before has the same keys in the same JSON order. Reading it then decodes
 * and sorts nothing. `clear` must be called whenever that memory may change
 * (setData, patches).
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
  /** Direct-mapped by the first key's address and the count: a miss costs one ordinary read. */
  private readonly slots: (KeyOrder | undefined)[] = new Array<KeyOrder | undefined>(SLOTS).fill(undefined)

  /** The order remembered for an object of `count` keys whose first node's key is at `firstKey`. */
  get(firstKey: number, count: number): KeyOrder | undefined {
    const order = this.slots[slotOf(firstKey, count)]
    return order !== undefined && order.addrs.length === count && order.addrs[0] === firstKey ? order : undefined
  }

  /** Remembers an order (the caller has checked that every key string lies in stable memory). */
  set(order: KeyOrder): void {
    this.slots[slotOf(order.addrs[0]!, order.addrs.length)] = order
  }

  /** Forgets every order: the memory of the key strings may change. */
  clear(): void {
    this.slots.fill(undefined)
  }
}

const slotOf = (firstKey: number, count: number): number => ((firstKey >>> 3) ^ (firstKey >>> 11) ^ count) & (SLOTS - 1)
