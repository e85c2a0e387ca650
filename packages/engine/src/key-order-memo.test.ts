import { describe, expect, it } from 'vitest'
import { KeyOrderMemo, type KeyOrder } from './key-order-memo.js'

const order = (addrs: number[]): KeyOrder => ({
  addrs: Int32Array.from(addrs),
  rank: Int32Array.from(addrs.map((_, i) => i)),
  keys: addrs.map((a) => `k${a}`),
})

describe('KeyOrderMemo', () => {
  it('gives back only an order of the same first key and count', () => {
    const memo = new KeyOrderMemo()
    const a = order([16448, 17648, 16352])
    memo.set(a)
    expect(memo.get(16448, 3)).toBe(a)
    expect(memo.get(16448, 2)).toBeUndefined()
    expect(memo.get(17648, 3)).toBeUndefined()
  })

  it('keeps the last two orders set, even of objects that fall into one set (no eviction on every read)', () => {
    // Among 2,000 random pairs some fall into one set of the memo: a
    // direct-mapped memo would lose the first of such a pair.
    let seed = 1
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0)
    for (let i = 0; i < 2000; i++) {
      const memo = new KeyOrderMemo()
      const a = order([8 * (rand() % 10000), 1, 2].slice(0, 1 + (rand() % 3)))
      let b = order([8 * (rand() % 10000), 3, 4, 5].slice(0, 1 + (rand() % 4)))
      if (b.addrs[0] === a.addrs[0] && b.addrs.length === a.addrs.length) b = order([a.addrs[0]! + 8])
      memo.set(a)
      memo.set(b)
      expect(memo.get(a.addrs[0]!, a.addrs.length), `pair ${i}`).toBe(a)
      expect(memo.get(b.addrs[0]!, b.addrs.length), `pair ${i}`).toBe(b)
    }
  })

  it('remembers an object only once it has been read twice, and forgets everything on clear', () => {
    const memo = new KeyOrderMemo()
    expect(memo.seenBefore(12345)).toBe(false)
    expect(memo.seenBefore(12345)).toBe(true)
    const a = order([16448, 17648])
    memo.set(a)
    memo.clear()
    expect(memo.get(16448, 2)).toBeUndefined()
    expect(memo.seenBefore(12345)).toBe(false)
  })
})
