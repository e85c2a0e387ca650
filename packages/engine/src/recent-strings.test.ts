import { describe, expect, it } from 'vitest'
import { RECENT_MAX_BYTES, RecentStrings } from './recent-strings.js'

const encoder = new TextEncoder()

/** A memory with `text`'s bytes at `ptr`, and views of it as the reader has them. */
function memoryWith(text: string, ptr: number): { bytes: Uint8Array; view: DataView; ptr: number; len: number } {
  const bytes = new Uint8Array(4096)
  const encoded = encoder.encode(text)
  bytes.set(encoded, ptr)
  return { bytes, view: new DataView(bytes.buffer), ptr, len: encoded.length }
}

type Memory = ReturnType<typeof memoryWith>

const find = (recent: RecentStrings, m: Memory) =>
  recent.find(recent.set(m.bytes, m.view, m.ptr, m.len), m.bytes, m.view, m.ptr, m.len)
const keep = (recent: RecentStrings, m: Memory, text: string) =>
  recent.keep(recent.set(m.bytes, m.view, m.ptr, m.len), m.bytes, m.view, m.ptr, m.len, text)

describe('RecentStrings', () => {
  it('finds a text kept from other bytes, at any address and alignment', () => {
    const recent = new RecentStrings()
    const text = 'requests from SY are embargoed'
    const first = memoryWith(text, 100)
    expect(find(recent, first)).toBeUndefined()
    keep(recent, first, text)
    for (const ptr of [100, 0, 1, 2, 3, 777]) expect(find(recent, memoryWith(text, ptr))).toBe(text)
  })

  it('never gives a kept text for other bytes: each byte changed, at the same address and length, misses', () => {
    const recent = new RecentStrings()
    for (const text of [
      'model frontier-2 is restricted by order-2026-117',
      'abcdefghijklm',
      'x'.repeat(RECENT_MAX_BYTES),
    ]) {
      const m = memoryWith(text, 41)
      keep(recent, m, text)
      expect(find(recent, m)).toBe(text)
      for (let i = 0; i < m.len; i++) {
        const changed = memoryWith(text, 41)
        changed.bytes[41 + i] ^= 1
        expect(find(recent, changed), `byte ${i} of ${text}`).toBeUndefined()
        // Even looked for in the kept text's own set (a set is only a hint).
        const set = recent.set(m.bytes, m.view, 41, m.len)
        expect(recent.find(set, changed.bytes, changed.view, 41, changed.len), `byte ${i} of ${text}`).toBeUndefined()
      }
      // A prefix of the same bytes is another string.
      expect(find(recent, { ...m, len: m.len - 1 })).toBeUndefined()
    }
  })

  it('keeps two texts of one set: two messages that hash alike do not evict each other', () => {
    const recent = new RecentStrings()
    const bySet = new Map<number, string>()
    let pair: [string, string] | undefined
    for (let i = 0; pair === undefined; i++) {
      const text = `model frontier-${i} is restricted by order-2026-117`
      const m = memoryWith(text, 0)
      const set = recent.set(m.bytes, m.view, 0, m.len)
      const other = bySet.get(set)
      if (other !== undefined) pair = [other, text]
      bySet.set(set, text)
    }
    for (const text of pair) keep(recent, memoryWith(text, 0), text)
    for (let round = 0; round < 3; round++)
      for (const text of pair) expect(find(recent, memoryWith(text, 5)), text).toBe(text)
  })

  it('many texts: a find gives the text of exactly these bytes, or nothing', () => {
    const recent = new RecentStrings()
    const texts = Array.from({ length: 500 }, (_, i) => `message ${i % 37} for user u${i} é ${'-'.repeat(i % 9)}`)
    for (const text of texts) keep(recent, memoryWith(text, 8 + (text.length % 5)), text)
    let hits = 0
    for (const text of texts) {
      const found = find(recent, memoryWith(text, 16))
      if (found !== undefined) {
        expect(found).toBe(text)
        hits++
      }
    }
    // A slot keeps its last text: the last one kept is found.
    expect(hits).toBeGreaterThan(0)
    expect(find(recent, memoryWith(texts.at(-1)!, 0))).toBe(texts.at(-1))
  })
})
