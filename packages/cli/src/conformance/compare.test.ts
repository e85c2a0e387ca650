import { describe, expect, it } from 'vitest'
import { compareValues, sameResults } from './compare.js'
import { ExactNumber, fromPlain, parseExactJson } from './exact-json.js'

describe('exact numbers', () => {
  it.each([
    { note: 'integer and float of the same value', a: '1', b: '1.0', cmp: 0 },
    { note: 'exponent', a: '1e3', b: '1000', cmp: 0 },
    { note: 'past 2^53', a: '9007199254740993', b: '9007199254740992', cmp: 1 },
    { note: 'negative', a: '-2', b: '-10', cmp: 1 },
    { note: 'fractions', a: '0.1', b: '0.10000000000000001', cmp: -1 },
    { note: 'zero forms', a: '-0', b: '0.000', cmp: 0 },
    { note: 'small vs large', a: '0.5', b: '5', cmp: -1 },
  ])('$note', ({ a, b, cmp }) => {
    expect(Math.sign(ExactNumber.parse(a)!.compare(ExactNumber.parse(b)!))).toBe(cmp)
  })

  it('prints normalised text', () => {
    expect(ExactNumber.parse('001.2300e2')!.toString()).toBe('123')
    expect(ExactNumber.parse('-0.00045')!.toString()).toBe('-0.00045')
    expect(ExactNumber.parse('12345678901234567890123')!.toString()).toBe('12345678901234567890123')
  })

  it('rejects non-numbers', () => {
    expect(ExactNumber.parse('abc')).toBeUndefined()
    expect(ExactNumber.parse('.')).toBeUndefined()
  })
})

describe('parseExactJson', () => {
  it('keeps big integers exact and leaves digits inside strings alone', () => {
    const v = parseExactJson('{"n": 123456789012345678901234567890, "s": "42 \\" 7", "a": [1.5, -2]}')
    expect(compareValues(v, fromPlain({ n: 123456789012345678901234567890n, s: '42 " 7', a: [1.5, -2] }))).toBe(0)
    expect((v as Record<string, unknown>).s).toBe('42 " 7')
  })
})

describe('sameResults', () => {
  const rows = (v: unknown) => fromPlain(v) as Record<string, never>[]
  it.each([
    { note: 'row order does not matter', e: [{ x: 1 }, { x: 2 }], a: [{ x: 2 }, { x: 1 }], opts: {}, same: true },
    { note: 'numbers by value', e: [{ x: 1 }], a: [{ x: 1.0 }], opts: {}, same: true },
    { note: 'array order matters', e: [{ x: [1, 2] }], a: [{ x: [2, 1] }], opts: {}, same: false },
    { note: 'sort_bindings', e: [{ x: [1, 2] }], a: [{ x: [2, 1] }], opts: { sortBindings: true }, same: true },
    { note: 'undefined vs defined', e: [], a: [{ x: true }], opts: {}, same: false },
    {
      note: 'generated vars dropped',
      e: [{ x: 1 }],
      a: [{ x: 1, __localq0__: 2 }],
      opts: { ignoreGeneratedVars: true },
      same: true,
    },
    {
      note: 'generated vars kept without the flag',
      e: [{ x: 1 }],
      a: [{ x: 1, __localq0__: 2 }],
      opts: {},
      same: false,
    },
    { note: 'object key order', e: [{ x: { a: 1, b: 2 } }], a: [{ x: { b: 2, a: 1 } }], opts: {}, same: true },
  ])('$note', ({ e, a, opts, same }) => {
    expect(sameResults(rows(e), rows(a), opts)).toBe(same)
  })
})
