/** The test interpreter's value model: Rego's total order and equality. */
import { describe, expect, it } from 'vitest'
import { compare, equal, fromJSON, RSet, type Value } from './values.js'

const ordered: { note: string; a: Value; b: Value }[] = [
  { note: 'null before booleans', a: null, b: false },
  { note: 'booleans before numbers', a: true, b: 0 },
  { note: 'numbers by value across int and float', a: 1, b: 1.5 },
  { note: 'bigints compare with numbers', a: 2 ** 53, b: 2n ** 60n },
  { note: 'numbers before strings', a: 99, b: '' },
  { note: 'strings before arrays', a: 'z', b: [] },
  { note: 'arrays element-wise, then by length', a: [1, 2], b: [1, 2, 0] },
  { note: 'arrays before objects', a: [9], b: fromJSON({}) },
  { note: 'objects before sets', a: fromJSON({ a: 1 }), b: new RSet() },
]

describe('compare', () => {
  for (const row of ordered)
    it(row.note, () => {
      expect(compare(row.a, row.b)).toBeLessThan(0)
      expect(compare(row.b, row.a)).toBeGreaterThan(0)
    })
})

describe('equal', () => {
  it('1 equals 1.0 and small bigints', () => expect(equal(1, 1.0) && equal(1, 1n)).toBe(true))
  it('objects regardless of key order', () =>
    expect(equal(fromJSON({ a: 1, b: 2 }), fromJSON({ b: 2, a: 1 }))).toBe(true))
  it('sets regardless of insertion order', () => expect(equal(new RSet([1, 2]), new RSet([2, 1]))).toBe(true))
})
