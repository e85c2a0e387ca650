import { describe, expect, it } from 'vitest'
import {
  compare,
  DecimalNumber,
  equal,
  fromJson,
  numberFromText,
  parseTermText,
  RegoObject,
  RegoSet,
  toJson,
  toTermText,
  typeName,
  type Value,
} from './index.js'

describe('Rego order and equality', () => {
  it.each([
    { note: 'type ranks', a: null, b: false, cmp: -1 },
    { note: 'booleans', a: false, b: true, cmp: -1 },
    { note: 'int equals float', a: 1, b: 1.0, cmp: 0 },
    { note: 'bigint vs number', a: 9007199254740993n, b: 9007199254740992, cmp: 1 },
    { note: 'number before string', a: 99, b: '1', cmp: -1 },
    { note: 'arrays lexicographic', a: [1, 2], b: [1, 3], cmp: -1 },
    { note: 'shorter array first', a: [1], b: [1, 0], cmp: -1 },
    { note: 'array before object', a: [9], b: new RegoObject(), cmp: -1 },
    { note: 'object before set', a: new RegoObject(), b: new RegoSet(), cmp: -1 },
    { note: 'sets by sorted elements', a: new RegoSet([3, 1]), b: new RegoSet([1, 3]), cmp: 0 },
    {
      note: 'objects by keys then values',
      a: RegoObject.fromRecord({ a: 1 }),
      b: RegoObject.fromRecord({ a: 2 }),
      cmp: -1,
    },
  ] as { note: string; a: Value; b: Value; cmp: number }[])('$note', ({ a, b, cmp }) => {
    expect(Math.sign(compare(a, b))).toBe(cmp)
    expect(Math.sign(compare(b, a))).toBe(cmp === 0 ? 0 : -cmp)
  })

  it('keys objects and sets by value, not by JS identity', () => {
    const s = new RegoSet([[1, 'a'], [1, 'a'], 1, 1.0, 'a,sb', 'a'])
    expect(s.size).toBe(4)
    const o = new RegoObject([[[1], 'x']])
    expect(o.get([1])).toBe('x')
  })
})

describe('term text', () => {
  it.each([
    { note: 'JSON', text: '{"a":[1,2.5,"x",null,true]}' },
    { note: 'set', text: '{1,"a",[2]}' },
    { note: 'empty set', text: 'set()' },
    { note: 'non-string keys', text: '{1:"a",[1]:{"b":set()}}' },
    { note: 'big integer', text: '123456789012345678901234567890' },
  ])('round-trips $note', ({ text }) => {
    const v = parseTermText(text)
    expect(equal(parseTermText(toTermText(v)), v)).toBe(true)
  })

  it('reads trailing commas and spaces', () => {
    expect(equal(parseTermText('{ "a" : [1, 2,], }'), RegoObject.fromRecord({ a: [1, 2] }))).toBe(true)
  })

  it.each(['{', '[1 2]', '{"a" 1}', 'nul', '"open', '1 2', '['.repeat(2000)])('rejects %s', (text) => {
    expect(() => parseTermText(text)).toThrow(SyntaxError)
  })

  it('converts to and from JSON data', () => {
    const v = parseTermText('{"s":{2,1},1:"n"}')
    expect(toJson(v)).toEqual({ s: [1, 2], '1': 'n' })
    expect(typeName(fromJson({ a: [1] }))).toBe('object')
  })
})

describe('numbers a double cannot hold (DecimalNumber)', () => {
  it.each([
    { note: 'overflow keeps its text', text: '2e308', decimal: true, out: '2e308' },
    { note: 'negative overflow', text: '-1.5E400', decimal: true, out: '-1.5E400' },
    { note: 'underflow keeps its text', text: '1e-400', decimal: true, out: '1e-400' },
    {
      note: 'more digits than a double keeps',
      text: '0.1000000000000000000001',
      decimal: true,
      out: '0.1000000000000000000001',
    },
    { note: 'an ordinary float stays a double', text: '2.5', decimal: false, out: '2.5' },
    {
      note: 'seventeen digits that round-trip stay a double',
      text: '0.30000000000000004',
      decimal: false,
      out: '0.30000000000000004',
    },
    { note: 'trailing zeros do not count', text: '1.50000000000000000000', decimal: false, out: '1.5' },
    { note: 'zero with many digits', text: '0.000000000000000000000', decimal: false, out: '0' },
    { note: 'largest double', text: '1.7976931348623157e308', decimal: false, out: '1.7976931348623157e+308' },
  ])('$note', ({ text, decimal, out }) => {
    const v = parseTermText(text)
    expect(v instanceof DecimalNumber).toBe(decimal)
    expect(typeName(v)).toBe('number')
    expect(toTermText(v)).toBe(out)
  })

  it.each([
    { note: 'overflow above the largest double', a: '2e308', b: '1.7976931348623157e308', cmp: 1 },
    { note: 'two overflows', a: '2e308', b: '3e308', cmp: -1 },
    { note: 'same value, other spelling', a: '2e308', b: '20e307', cmp: 0 },
    { note: 'negative overflow below everything', a: '-2e308', b: '-1', cmp: -1 },
    { note: 'extra digits above the double', a: '0.1000000000000000000001', b: '0.1', cmp: 1 },
    { note: 'integral decimal equals the bigint', a: '1234567890123456789.0', b: '1234567890123456789', cmp: 0 },
    { note: 'underflow above zero', a: '1e-400', b: '0', cmp: 1 },
  ])('orders $note', ({ a, b, cmp }) => {
    const x = parseTermText(a)
    const y = parseTermText(b)
    expect(Math.sign(compare(x, y))).toBe(cmp)
    expect(Math.sign(compare(y, x))).toBe(cmp === 0 ? 0 : -cmp)
    expect(new RegoSet([x, y]).size).toBe(cmp === 0 ? 1 : 2)
  })

  it('reads numbers only through numberFromText', () => {
    expect(numberFromText('12')).toBe(12)
    expect(numberFromText('123456789012345678901234567890')).toBe(123456789012345678901234567890n)
    expect(Number(numberFromText('2e308'))).toBe(Infinity)
  })
})

describe('subnormal numbers', () => {
  it.each([
    { note: 'a subnormal a double holds stays a double', text: '5e-324', decimal: false },
    { note: 'a subnormal with more digits than it keeps', text: '1.23456789e-320', decimal: true },
  ])('$note', ({ text, decimal }) => {
    expect(parseTermText(text) instanceof DecimalNumber).toBe(decimal)
  })
})
