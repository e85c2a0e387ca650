import { describe, expect, it } from 'vitest'
import { RECENT_MAX_BYTES, RecentStrings } from './recent-strings.js'

const encoder = new TextEncoder()

/** A memory with `text`'s bytes at `ptr`, and views of it as the reader has them. */
function memoryWith(text: string, ptr: number): { bytes: Uint8Array; view: DataView; len: number } {
  const bytes = new Uint8Array(4096)
  const encoded = encoder.encode(text)
  bytes.set(encoded, ptr)
  return { bytes, view: new DataView(bytes.buffer), len: encoded.length }
}

describe('RecentStrings', () => {
  it('finds a text kept from other bytes, at any address and alignment', () => {
    const recent = new RecentStrings()
    const text = 'requests from SY are embargoed'
    const first = memoryWith(text, 100)
    expect(recent.find(first.bytes, first.view, 100, first.len)).toBeUndefined()
    recent.add(first.bytes, first.view, 100, first.len, text)
    for (const ptr of [100, 0, 1, 2, 3, 777]) {
      const m = memoryWith(text, ptr)
      expect(recent.find(m.bytes, m.view, ptr, m.len)).toBe(text)
    }
  })

  it('never gives a kept text for other bytes: each byte changed, at the same address and length, misses', () => {
    const recent = new RecentStrings()
    for (const text of [
      'model frontier-2 is restricted by order-2026-117',
      'abcdefghijklm',
      'x'.repeat(RECENT_MAX_BYTES),
    ]) {
      const m = memoryWith(text, 41)
      recent.add(m.bytes, m.view, 41, m.len, text)
      expect(recent.find(m.bytes, m.view, 41, m.len)).toBe(text)
      for (let i = 0; i < m.len; i++) {
        const changed = memoryWith(text, 41)
        changed.bytes[41 + i] ^= 1
        expect(recent.find(changed.bytes, changed.view, 41, changed.len), `byte ${i} of ${text}`).toBeUndefined()
      }
      // A prefix of the same bytes is another string.
      expect(recent.find(m.bytes, m.view, 41, m.len - 1)).not.toBe(text)
    }
  })

  it('many texts: a find gives the text of exactly these bytes, or nothing', () => {
    const recent = new RecentStrings()
    const texts = Array.from({ length: 500 }, (_, i) => `message ${i % 37} for user u${i} é ${'-'.repeat(i % 9)}`)
    for (const text of texts) {
      const m = memoryWith(text, 8 + (text.length % 5))
      recent.add(m.bytes, m.view, 8 + (text.length % 5), m.len, text)
    }
    let hits = 0
    for (const text of texts) {
      const m = memoryWith(text, 16)
      const found = recent.find(m.bytes, m.view, 16, m.len)
      if (found !== undefined) {
        expect(found).toBe(text)
        hits++
      }
    }
    // The last ones added are still there (a slot keeps its last text).
    expect(hits).toBeGreaterThan(0)
    const last = texts.at(-1)!
    const m = memoryWith(last, 0)
    expect(recent.find(m.bytes, m.view, 0, m.len)).toBe(last)
  })
})
