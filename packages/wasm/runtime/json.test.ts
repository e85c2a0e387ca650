import { describe, expect, it } from 'vitest'
import { load } from './harness'

describe('JSON parse → dump round trip', () => {
  const rt = load()
  const roundTrip = (text: string) => rt.dump(rt.parse(text))

  it.each([
    ['null', 'null'],
    ['true', 'true'],
    ['false', 'false'],
    ['0', '0'],
    ['-0', '0'],
    ['42', '42'],
    ['-17', '-17'],
    ['9223372036854775807', '9223372036854775807'],
    ['-9223372036854775808', '-9223372036854775808'],
    ['9223372036854775808', '9223372036854775808'],
    ['12345678901234567890123', '12345678901234567890123'],
    ['-12345678901234567890123', '-12345678901234567890123'],
    ['0.1', '0.1'],
    ['1.0', '1.0'],
    ['1e2', '1e2'],
    ['1.5E-7', '1.5E-7'],
    ['3.141592653589793238462643383279', '3.141592653589793238462643383279'],
    ['""', '""'],
    ['"hello"', '"hello"'],
    ['[]', '[]'],
    ['{}', '{}'],
    ['[1,[2,[3,[]]],{}]', '[1,[2,[3,[]]],{}]'],
    ['{"a":{"b":{"c":[true,null]}}}', '{"a":{"b":{"c":[true,null]}}}'],
  ])('%s', (input, expected) => {
    expect(roundTrip(input)).toBe(expected)
  })

  it('whitespace is accepted and dropped', () => {
    expect(roundTrip(' \n\t{ "a" : [ 1 , 2 ] ,\r\n "b" : null } ')).toBe('{"a":[1,2],"b":null}')
  })

  it('escapes decode and re-encode', () => {
    expect(roundTrip('"a\\"b\\\\c\\/d\\n\\t\\r\\b\\f"')).toBe('"a\\"b\\\\c/d\\n\\t\\r\\b\\f"')
    expect(roundTrip('"\\u0001\\u001f"')).toBe('"\\u0001\\u001f"')
    expect(JSON.parse(roundTrip('"\\u00e9\\u4e2d\\ud83d\\ude00"'))).toBe('é中😀')
  })

  it('unicode text passes through as UTF-8', () => {
    const s = JSON.stringify({ κλειδί: 'naïve 中文 😀', emoji: ['🚀', 'ü'] })
    expect(JSON.parse(roundTrip(s))).toEqual(JSON.parse(s))
  })

  it('lone surrogates become U+FFFD', () => {
    expect(JSON.parse(roundTrip('"\\ud800x"'))).toBe('\ufffdx')
  })

  it('object keys and canonical order', () => {
    expect(roundTrip('{"b":1,"a":2,"c":{"z":1,"y":2},"":0}')).toBe('{"":0,"a":2,"b":1,"c":{"y":2,"z":1}}')
    // duplicate keys: the last one wins
    expect(roundTrip('{"a":1,"a":2}')).toBe('{"a":2}')
  })

  it('matches JSON.stringify on a random-ish document', () => {
    const doc = {
      users: Array.from({ length: 50 }, (_, i) => ({
        id: i,
        name: `user${i}`,
        roles: ['r' + (i % 3)],
        score: i * 1.25,
        active: i % 2 === 0,
      })),
      nested: { deep: { deeper: { deepest: [null, true, false, -1, 'x'] } } },
    }
    const sortKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sortKeys)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, sortKeys((v as any)[k])]),
            )
          : v
    expect(roundTrip(JSON.stringify(doc))).toBe(JSON.stringify(sortKeys(doc)))
  })

  it.each([
    '',
    ' ',
    '{',
    '[1,',
    '[1 2]',
    '{"a" 1}',
    '{"a":}',
    '{1:2}',
    "{'a':1}",
    'nul',
    'tru',
    '01',
    '1.',
    '.5',
    '-',
    '1e',
    '"unterminated',
    '"bad \\x escape"',
    '"raw\ncontrol"',
    '[1]x',
    '{1, 2}',
    'set()',
    '+1',
    'NaN',
  ])('rejects %j', (bad) => {
    expect(rt.parse(bad)).toBe(0)
  })

  it('very deep nesting fails cleanly instead of overflowing the stack', () => {
    expect(rt.parse('['.repeat(5000) + ']'.repeat(5000))).toBe(0)
    expect(rt.dump(rt.parse('['.repeat(200) + ']'.repeat(200)))).toBe('['.repeat(200) + ']'.repeat(200))
  })

  it('large arrays and strings', () => {
    const arr = Array.from({ length: 10000 }, (_, i) => i)
    expect(roundTrip(JSON.stringify(arr))).toBe(JSON.stringify(arr))
    const big = 'x'.repeat(200000)
    expect(roundTrip(JSON.stringify(big))).toBe(JSON.stringify(big))
  })
})

describe('opa_value_parse / opa_value_dump (Rego terms)', () => {
  const rt = load()
  it('sets', () => {
    expect(rt.dump(rt.vparse('{3, 1, 2}'))).toBe('[1,2,3]')
    expect(rt.vdump(rt.vparse('{3, 1, 2}'))).toBe('{1,2,3}')
    expect(rt.vdump(rt.vparse('set()'))).toBe('set()')
    expect(rt.dump(rt.vparse('set( )'))).toBe('[]')
    expect(rt.vdump(rt.vparse('{1, 1, 1.0}'))).toBe('{1}')
    expect(rt.vdump(rt.vparse('{"b", {"x"}, [1], "a", null}'))).toBe('{null,"a","b",[1],{"x"}}')
  })
  it('empty braces are an object', () => {
    expect(rt.vdump(rt.vparse('{}'))).toBe('{}')
  })
  it('non-string keys', () => {
    const v = rt.vparse('{1: "one", [1, 2]: "pair", "s": {true: false}}')
    expect(rt.vdump(v)).toBe('{1:"one","s":{true:false},[1,2]:"pair"}')
    expect(rt.dump(v)).toBe('{"1":"one","s":{"true":false},"[1,2]":"pair"}')
  })
  it('sets inside objects and arrays', () => {
    const v = rt.vparse('{"a": {1, 2}, "b": [set(), {"z", "y"}]}')
    expect(rt.dump(v)).toBe('{"a":[1,2],"b":[[],["y","z"]]}')
    expect(rt.vdump(v)).toBe('{"a":{1,2},"b":[set(),{"y","z"}]}')
  })
  it('raw strings', () => {
    expect(rt.dump(rt.vparse('`a\\b"c`'))).toBe('"a\\\\b\\"c"')
  })
  it('accepts plain JSON', () => {
    expect(rt.dump(rt.vparse('{"a":[1,2.5,"x",null]}'))).toBe('{"a":[1,2.5,"x",null]}')
  })
  it.each(['{1,', '{1 2}', 'set(', 'set(1)', '{1:}'])('rejects %j', (bad) => {
    expect(rt.vparse(bad)).toBe(0)
  })
})
