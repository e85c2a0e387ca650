import { describe, expect, it } from 'vitest'
import { load } from './harness'

const rt = load({ initialPages: 20 })
const { term: v, show } = rt
const sign = (n: number) => Math.sign(n)

describe('total order and equality', () => {
  const ordered = [
    'null',
    'false',
    'true',
    '-12345678901234567890123',
    '-9223372036854775808',
    '-1.5',
    '-1',
    '0',
    '1e-400',
    '0.1',
    '0.5',
    '1',
    '1.0000000000000000001',
    '2',
    '9223372036854775807',
    '9223372036854775808',
    '12345678901234567890123.5',
    '1e30',
    '""',
    '"A"',
    '"a"',
    '"aa"',
    '"b"',
    '"é"',
    '[]',
    '[null]',
    '[1]',
    '[1,1]',
    '[1,2]',
    '[2]',
    '["a"]',
    '{}',
    '{"a":1}',
    '{"a":1,"b":1}',
    '{"a":2}',
    '{"b":0}',
    'set()',
    '{1}',
    '{1,2}',
    '{1,3}',
    '{2}',
  ]
  it('strictly increasing chain across all types', () => {
    const ptrs = ordered.map(v)
    for (let i = 0; i < ptrs.length; i++) {
      for (let j = 0; j < ptrs.length; j++) {
        expect([ordered[i], ordered[j], rt.x.opa_value_compare(ptrs[i], ptrs[j])]).toEqual([
          ordered[i],
          ordered[j],
          sign(i - j),
        ])
      }
    }
  })

  it.each([
    ['1', '1.0'],
    ['1', '1e0'],
    ['100', '1e2'],
    ['0.5', '5e-1'],
    ['-0', '0'],
    ['0', '0.000'],
    ['12345678901234567890123', '1.2345678901234567890123e22'],
    ['{"a":[1,{"b":2}]}', '{"a":[1.0,{"b":2e0}]}'],
    ['{1,2,3}', '{3,2,1}'],
    ['{1.0}', '{1}'],
    ['{[1]: 2}', '{[1.0]: 2.0}'],
  ])('%s == %s, with equal hashes', (a, b) => {
    const [pa, pb] = [v(a), v(b)]
    expect(rt.x.opa_value_compare(pa, pb)).toBe(0)
    expect(rt.x.opa_value_compare_eq(pa, pb)).toBe(1)
    expect(rt.x.opa_value_hash(pa)).toBe(rt.x.opa_value_hash(pb))
  })

  it('floats compare by value with ints and decimal text', () => {
    const tenth = rt.x.opa_number_float(0.1)
    expect(rt.x.opa_value_compare(tenth, v('0.1'))).toBe(0)
    expect(rt.x.opa_value_hash(tenth)).toBe(rt.x.opa_value_hash(v('0.1')))
    expect(rt.x.opa_value_compare(rt.x.opa_number_float(2.5), v('2'))).toBe(1)
    expect(rt.x.opa_value_compare(rt.x.opa_number_float(2.5), v('3'))).toBe(-1)
    expect(rt.x.opa_value_compare(rt.x.opa_number_float(3.0), v('3'))).toBe(0)
    expect(rt.x.opa_number_float(Infinity)).toBe(0)
  })

  it('objects and sets keyed by numbers find 1 as 1.0', () => {
    const obj = v('{1: "one", "k": 2}')
    expect(show(rt.x.opa_value_get(obj, v('1.0')))).toBe('"one"')
    expect(show(rt.x.opa_value_get(v('{1, 2}'), v('2.0')))).toBe('2')
    expect(rt.x.opa_value_get(v('{1, 2}'), v('3'))).toBe(0)
    expect(show(rt.x.opa_value_get(v('[10, 20, 30]'), v('2')))).toBe('30')
    expect(show(rt.x.opa_value_get(v('[10, 20, 30]'), v('1.0')))).toBe('20')
    expect(rt.x.opa_value_get(v('[10, 20, 30]'), v('3'))).toBe(0)
    expect(rt.x.opa_value_get(v('[10, 20, 30]'), v('0.5'))).toBe(0)
    expect(rt.x.opa_value_get(v('"str"'), v('0'))).toBe(0)
  })

  it('many keys: map growth keeps everything reachable', () => {
    const obj = rt.x.opa_object()
    for (let i = 0; i < 5000; i++) rt.x.opa_object_insert(obj, rt.str(`k${i}`), rt.num(i))
    expect(rt.x.opa_value_length(obj)).toBe(5000)
    for (let i = 0; i < 5000; i += 97) expect(show(rt.x.opa_value_get(obj, rt.str(`k${i}`)))).toBe(String(i))
    for (let i = 0; i < 5000; i += 2) expect(rt.x.opa_object_remove(obj, rt.str(`k${i}`))).toBe(1)
    expect(rt.x.opa_value_length(obj)).toBe(2500)
    expect(rt.x.opa_value_get(obj, rt.str('k10'))).toBe(0)
    expect(show(rt.x.opa_value_get(obj, rt.str('k11')))).toBe('11')
  })
})

describe('iteration, length, types', () => {
  const iterate = (p: number) => {
    const keys: string[] = []
    for (let k = rt.x.opa_value_iter(p, 0); k !== 0; k = rt.x.opa_value_iter(p, k)) keys.push(show(k))
    return keys
  }
  it('arrays give indexes, objects keys, sets elements', () => {
    expect(iterate(v('["a","b","c"]'))).toEqual(['0', '1', '2'])
    expect(iterate(v('[]'))).toEqual([])
    expect(iterate(v('{"x":1,"y":2,"z":3}'))).toEqual(['"x"', '"y"', '"z"'])
    expect(iterate(v('{3,1,2}'))).toEqual(['1', '2', '3'])
    expect(iterate(v('set()'))).toEqual([])
    expect(iterate(v('"abc"'))).toEqual([])
    const big = rt.x.opa_set()
    for (let i = 0; i < 1000; i++) rt.x.opa_set_add(big, rt.num(i))
    expect(iterate(big)).toEqual(Array.from({ length: 1000 }, (_, i) => String(i)))
  })
  it('objects and sets enumerate in Rego value order, as OPA evaluates', () => {
    const order = ['null', 'false', 'true', '-1', '2', '10', '"B"', '"a"', '"b"', '[1]', '{"a":1}', '{1}']
    expect(iterate(v(`{${[...order].reverse().join(',')}}`))).toEqual(order)
    const scan = (p: number, fn = 'cordon_scan_sorted_') => {
      const keys: string[] = []
      for (let c = rt.x[`${fn}next`](p, 0); c !== 0; c = rt.x[`${fn}next`](p, c)) {
        keys.push(`${show(rt.x[`${fn}key`](p, c))}:${show(rt.x[`${fn}value`](p, c))}`)
      }
      return keys
    }
    expect(scan(v('{"c":1,"a":2,"b":3,"aa":4}'))).toEqual(['"a":2', '"aa":4', '"b":3', '"c":1'])
    expect(scan(v('{10,3,1,2}'))).toEqual(['1:1', '2:2', '3:3', '10:10'])
    expect(scan(v('set()'))).toEqual([])
    expect(scan(v('["b","a"]'))).toEqual(['0:"b"', '1:"a"'])
    // The unordered scan (order does not show) gives the same elements in bucket order.
    expect(scan(v('{"c":1,"a":2,"b":3,"aa":4}'), 'cordon_scan_').sort()).toEqual(['"a":2', '"aa":4', '"b":3', '"c":1'])
    // A finished scan gives its sorted view back to the heap.
    const big = rt.x.opa_set()
    for (let i = 0; i < 300; i++) rt.x.opa_set_add(big, rt.num((i * 7919) % 1000))
    const count = (p: number) => {
      let n = 0
      for (let c = rt.x.cordon_scan_sorted_next(p, 0); c !== 0; c = rt.x.cordon_scan_sorted_next(p, c)) n++
      return n
    }
    count(big)
    const before = rt.x.opa_heap_ptr_get()
    for (let i = 0; i < 50; i++) expect(count(big)).toBe(300)
    expect(rt.x.opa_heap_ptr_get()).toBe(before)
  })
  it('length', () => {
    expect(rt.x.opa_value_length(v('[1,2,3]'))).toBe(3)
    expect(rt.x.opa_value_length(v('{"a":1}'))).toBe(1)
    expect(rt.x.opa_value_length(v('{1,2}'))).toBe(2)
    expect(rt.x.opa_value_length(v('"héllo😀"'))).toBe(6)
    expect(rt.x.opa_value_length(v('1'))).toBe(0)
  })
  it('type tags and type_name', () => {
    const terms = ['null', 'true', '1', '"s"', '[]', '{}', 'set()']
    expect(terms.map((t) => rt.x.opa_value_type(v(t)))).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(terms.map((t) => show(rt.x.opa_types_name(v(t))))).toEqual([
      '"null"',
      '"boolean"',
      '"number"',
      '"string"',
      '"array"',
      '"object"',
      '"set"',
    ])
    expect(show(rt.x.opa_types_is_number(v('1.5')))).toBe('true')
    expect(show(rt.x.opa_types_is_number(v('"1"')))).toBe('false')
    expect(show(rt.x.opa_types_is_set(v('set()')))).toBe('true')
    expect(show(rt.x.opa_types_is_object(v('set()')))).toBe('false')
    expect(rt.x.opa_types_is_null(0)).toBe(0)
  })
  it('merge, copies', () => {
    const a = v('{"a":{"x":1,"y":{"deep":1}},"b":1}')
    const b = v('{"a":{"y":{"deeper":2},"z":3},"c":2}')
    expect(show(rt.x.opa_value_merge(a, b))).toBe('{"a":{"x":1,"y":{"deep":1,"deeper":2},"z":3},"b":1,"c":2}')
    expect(rt.x.opa_value_merge(a, v('1'))).toBe(0)
    expect(rt.x.opa_value_merge(0, b)).toBe(b)
    const c = rt.x.opa_value_copy(a)
    expect(show(c)).toBe(show(a))
    rt.x.opa_value_free(a)
    rt.vparse('["overwrite", "freed", "blocks", 1, 2, 3, {"a": "b"}]')
    expect(show(c)).toBe('{"a":{"x":1,"y":{"deep":1}},"b":1}')
  })
  it('insert_once reports conflicts', () => {
    const o = rt.x.opa_object()
    expect(rt.x.opa_object_insert_once(o, rt.str('k'), v('1'))).toBe(0)
    expect(rt.x.opa_object_insert_once(o, rt.str('k'), v('1.0'))).toBe(0)
    expect(rt.x.opa_object_insert_once(o, rt.str('k'), v('2'))).toBe(1)
  })
  it('number conversions', () => {
    expect(rt.x.opa_number_is_int(v('42'))).toBe(1)
    expect(rt.x.opa_number_as_int(v('1e3'))).toBe(1000n)
    expect(rt.x.opa_number_is_int(v('1e30'))).toBe(0)
    expect(rt.x.opa_number_is_int(v('0.5'))).toBe(0)
    expect(rt.x.opa_number_as_float(v('0.5'))).toBe(0.5)
    expect(rt.x.opa_number_as_float(v('12345678901234567890123'))).toBe(12345678901234567890123)
    const n = rt.num(5)
    rt.x.opa_value_number_set_int(n, 77n)
    expect(show(n)).toBe('77')
  })
})

describe('arithmetic', () => {
  const op = (name: string, a: string, b?: string) => show(b === undefined ? rt.x[name](v(a)) : rt.x[name](v(a), v(b)))
  it.each([
    ['opa_arith_plus', '1', '2', '3'],
    ['opa_arith_plus', '0.1', '0.2', '0.3'],
    ['opa_arith_plus', '9223372036854775807', '1', '9223372036854775808'],
    ['opa_arith_plus', '-9223372036854775808', '-1', '-9223372036854775809'],
    ['opa_arith_plus', '12345678901234567890123', '1', '12345678901234567890124'],
    ['opa_arith_plus', '1.5', '1.5', '3'],
    ['opa_arith_plus', '1e2', '1', '101'],
    ['opa_arith_plus', '1', '"a"', 'undefined'],
    ['opa_arith_minus', '5', '7', '-2'],
    ['opa_arith_minus', '-9223372036854775808', '1', '-9223372036854775809'],
    ['opa_arith_minus', '0.3', '0.1', '0.2'],
    ['opa_arith_minus', '{1,2,3}', '{2}', '{1,3}'],
    ['opa_arith_multiply', '6', '7', '42'],
    ['opa_arith_multiply', '4294967296', '4294967296', '18446744073709551616'],
    ['opa_arith_multiply', '9223372036854775807', '9223372036854775807', '85070591730234615847396907784232501249'],
    ['opa_arith_multiply', '-9223372036854775808', '-1', '9223372036854775808'],
    ['opa_arith_multiply', '1.1', '1.1', '1.21'],
    ['opa_arith_multiply', '0', '-5', '0'],
    ['opa_arith_divide', '6', '3', '2'],
    ['opa_arith_divide', '1', '2', '0.5'],
    ['opa_arith_divide', '1', '3', '0.3333333333333333'],
    ['opa_arith_divide', '1', '0', 'undefined'],
    ['opa_arith_divide', '1', '0.0', 'undefined'],
    ['opa_arith_divide', '-9223372036854775808', '-1', '9223372036854775808'],
    ['opa_arith_rem', '7', '3', '1'],
    ['opa_arith_rem', '-7', '3', '-1'],
    ['opa_arith_rem', '7', '0', 'undefined'],
    ['opa_arith_rem', '7.5', '2', 'undefined'],
    ['opa_arith_rem', '-9223372036854775808', '-1', '0'],
    ['opa_arith_rem', '10', '18446744073709551616', '10'],
    ['opa_arith_rem', '100', '-18446744073709551616', '100'],
    ['opa_arith_rem', '18446744073709551617', '18446744073709551616', '1'],
    ['opa_arith_rem', '-340282366920938463463374607431768211457', '18446744073709551616', '-1'],
    ['opa_arith_rem', '123456789012345678901234567890', '97', '52'],
    ['opa_arith_rem', '1e20', '7', '2'],
    ['opa_arith_rem', '4.0', '3', '1'],
    ['opa_arith_rem', '1e20', '0', 'undefined'],
  ])('%s(%s, %s) = %s', (name, a, b, want) => {
    expect(op(name, a, b)).toBe(want)
  })
  it.each([
    ['opa_arith_abs', '-5', '5'],
    ['opa_arith_abs', '5', '5'],
    ['opa_arith_abs', '-9223372036854775808', '9223372036854775808'],
    ['opa_arith_abs', '-1.5', '1.5'],
    ['opa_arith_abs', '-12345678901234567890123', '12345678901234567890123'],
    ['opa_arith_round', '2.5', '3'],
    ['opa_arith_round', '-2.5', '-3'],
    ['opa_arith_round', '2.4999', '2'],
    ['opa_arith_round', '0.5', '1'],
    ['opa_arith_round', '0.05', '0'],
    ['opa_arith_round', '7', '7'],
    ['opa_arith_ceil', '1.1', '2'],
    ['opa_arith_ceil', '-1.1', '-1'],
    ['opa_arith_ceil', '-0.5', '0'],
    ['opa_arith_ceil', '0.001', '1'],
    ['opa_arith_floor', '1.9', '1'],
    ['opa_arith_floor', '-1.1', '-2'],
    ['opa_arith_floor', '-0.5', '-1'],
    ['opa_arith_floor', '0.5', '0'],
    ['opa_arith_floor', '12345678901234567890123.7', '12345678901234567890123'],
    ['opa_to_number', '"12.5"', '12.5'],
    ['opa_to_number', 'true', '1'],
    ['opa_to_number', 'null', '0'],
    ['opa_to_number', '"x"', 'undefined'],
  ])('%s(%s) = %s', (name, a, want) => {
    expect(op(name, a)).toBe(want)
  })
  it('results dump as JSON numbers', () => {
    const third = rt.x.opa_arith_divide(v('1'), v('3'))
    expect(JSON.parse(rt.dump(third))).toBeCloseTo(1 / 3, 15)
    expect(rt.dump(rt.x.opa_arith_multiply(v('1e200'), v('1e200')))).toBe('1e+400')
    expect(rt.dump(rt.x.opa_arith_plus(v('1e-50'), v('1')))).toBe('1.' + '0'.repeat(49) + '1')
  })
})

describe('comparison, aggregate, set and string builtins', () => {
  const { call } = rt
  it('cmp', () => {
    expect(call('opa_cmp_eq', '1', '1.0')).toBe('true')
    expect(call('opa_cmp_neq', '1', '"1"')).toBe('true')
    expect(call('opa_cmp_lt', '1', '"1"')).toBe('true')
    expect(call('opa_cmp_lte', '2', '2.0')).toBe('true')
    expect(call('opa_cmp_gt', '[1,2]', '[1]')).toBe('true')
    expect(call('opa_cmp_gte', 'null', 'false')).toBe('false')
  })
  it('aggregates', () => {
    expect(call('opa_agg_count', '[1,2,3]')).toBe('3')
    expect(call('opa_agg_count', '"héllo"')).toBe('5')
    expect(call('opa_agg_count', '1')).toBe('undefined')
    expect(call('opa_agg_sum', '[1,2,3.5]')).toBe('6.5')
    expect(call('opa_agg_sum', '{1,2}')).toBe('3')
    expect(call('opa_agg_sum', '[]')).toBe('0')
    expect(call('opa_agg_sum', '[1,"x"]')).toBe('undefined')
    expect(call('opa_agg_sum', '[9223372036854775807, 9223372036854775807]')).toBe('18446744073709551614')
    expect(call('opa_agg_product', '[2,3,4]')).toBe('24')
    expect(call('opa_agg_max', '[1,"a",null]')).toBe('"a"')
    expect(call('opa_agg_min', '{3,1,2}')).toBe('1')
    expect(call('opa_agg_max', '[]')).toBe('undefined')
    expect(call('opa_agg_sort', '[3,"a",1,null]')).toBe('[null,1,3,"a"]')
    expect(call('opa_agg_sort', '{3,1,2}')).toBe('[1,2,3]')
  })
  it('sets', () => {
    expect(call('opa_set_union', '{1,2}', '{2,3}')).toBe('{1,2,3}')
    expect(call('opa_set_intersection', '{1,2}', '{2,3}')).toBe('{2}')
    expect(call('opa_set_diff', '{1,2}', '{2,3}')).toBe('{1}')
    expect(call('opa_set_union', '{1}', '[1]')).toBe('undefined')
    expect(call('opa_sets_union', '{{1},{2,3},set()}')).toBe('{1,2,3}')
    expect(call('opa_sets_intersection', '{{1,2},{2,3}}')).toBe('{2}')
  })
  it('strings', () => {
    expect(call('opa_strings_concat', '", "', '["a","b","c"]')).toBe('"a, b, c"')
    expect(call('opa_strings_concat', '"-"', '{"b","a"}')).toBe('"a-b"')
    expect(call('opa_strings_concat', '"-"', '[]')).toBe('""')
    expect(call('opa_strings_concat', '"-"', '["a",1]')).toBe('undefined')
    expect(call('opa_strings_startswith', '"hello"', '"he"')).toBe('true')
    expect(call('opa_strings_startswith', '"hello"', '"lo"')).toBe('false')
    expect(call('opa_strings_endswith', '"hello"', '"lo"')).toBe('true')
    expect(call('opa_strings_contains', '"hello"', '"ell"')).toBe('true')
    expect(call('opa_strings_contains', '"hello"', '""')).toBe('true')
    expect(call('opa_strings_contains', '"hello"', '"xyz"')).toBe('false')
    expect(call('opa_strings_contains', '1', '"1"')).toBe('undefined')
    expect(call('opa_strings_indexof', '"héllo"', '"l"')).toBe('2')
    expect(call('opa_strings_indexof', '"héllo"', '"z"')).toBe('-1')
    expect(call('opa_strings_substring', '"héllo"', '1', '3')).toBe('"éll"')
    expect(call('opa_strings_substring', '"héllo"', '2', '-1')).toBe('"llo"')
    expect(call('opa_strings_upper', '"abcÉ"')).toBe('"ABCÉ"')
    expect(call('opa_strings_lower', '"ABC"')).toBe('"abc"')
    expect(call('opa_strings_trim_prefix', '"prefix-x"', '"prefix-"')).toBe('"x"')
    expect(call('opa_strings_trim_suffix', '"x.rego"', '".rego"')).toBe('"x"')
    expect(call('opa_strings_trim_space', '"  a b \\n"')).toBe('"a b"')
    expect(call('opa_strings_split', '"a,b,,c"', '","')).toBe('["a","b","","c"]')
    expect(call('opa_strings_split', '"hé"', '""')).toBe('["h","é"]')
    expect(call('opa_strings_replace', '"a.b.c"', '"."', '"::"')).toBe('"a::b::c"')
  })
})

describe('host builtin imports', () => {
  it('cordon_builtinN forwards to env.opa_builtinN with ctx 0', () => {
    const r = load({ builtin: (id, args) => (id === 9 ? args[0] : 0) })
    const s = r.str('x')
    expect(r.x.cordon_builtin1(9, s)).toBe(s)
    expect(r.x.cordon_builtin0(3)).toBe(0)
    expect(r.builtinCalls).toEqual([[9, s], [3]])
  })
})

describe("a string's hash kept in it (value.ts, compare.ts)", () => {
  const u8 = () => new Uint8Array(rt.memory.buffer)
  const u32At = (addr: number) => new DataView(rt.memory.buffer).getUint32(addr, true)

  it('the runtime keeps the hash of its own strings at offset 12 the first time it hashes one', () => {
    const s = rt.str('a reason made once, hashed often')
    expect([u8()[s + 1], u8()[s + 2]]).toEqual([0, 1])
    const h = rt.x.opa_value_hash(s) >>> 0
    expect([u8()[s + 1], u32At(s + 12)]).toEqual([1, h])
    // The kept hash is the one its bytes give, and equal strings still hash alike.
    expect(rt.x.opa_value_hash(s) >>> 0).toBe(h)
    expect(rt.x.opa_value_hash(rt.str('a reason made once, hashed often')) >>> 0).toBe(h)
    expect(rt.x.opa_value_hash(rt.x.opa_value_copy(s)) >>> 0).toBe(h)
  })

  it('a string without room (a 12-byte header, as a host may write) is hashed without a write', () => {
    const text = 'twelve-byte header'
    const v = rt.x.opa_malloc(12 + text.length)
    const dv = new DataView(rt.memory.buffer)
    dv.setUint32(v, 4, true)
    dv.setUint32(v + 4, text.length, true)
    dv.setUint32(v + 8, v + 12, true)
    u8().set(new TextEncoder().encode(text), v + 12)
    const before = u8().slice(v, v + 12 + text.length)
    expect(rt.x.opa_value_hash(v) >>> 0).toBe(rt.x.opa_value_hash(rt.str(text)) >>> 0)
    expect(u8().slice(v, v + 12 + text.length)).toEqual(before)
  })

  it('a copy of a string points at its own bytes, whatever its header', () => {
    const s = rt.str('copied')
    const c = rt.x.opa_value_copy(s)
    expect(u32At(c + 8)).toBe(c + 16)
    expect(show(c)).toBe('"copied"')
  })
})

describe('lookups by a string key that carries its hash (cordon_value_get_str, _str2)', () => {
  /** A key as the code generator's static strings are: its hash stored (here by hashing it once). */
  const key = (text: string) => {
    const k = rt.str(text)
    rt.x.opa_value_hash(k)
    return k
  }
  const doc = v('{"user": {"tier": "pro", "id": 7}, "tags": {"a", "b"}, "list": ["user"]}')

  it('finds by equal bytes or by the same address, in objects and sets; 0 for anything else', () => {
    expect(show(rt.x.cordon_value_get_str(doc, key('user')))).toBe('{"id":7,"tier":"pro"}')
    expect(show(rt.x.cordon_value_get_str2(doc, key('user'), key('tier')))).toBe('"pro"')
    expect(show(rt.x.cordon_value_get_str2(doc, key('tags'), key('b')))).toBe('"b"')
    const sameKey = rt.x.opa_map_first(doc) && new DataView(rt.memory.buffer).getUint32(rt.x.opa_map_first(doc), true)
    expect(rt.x.cordon_value_get_str(doc, sameKey)).toBe(rt.x.opa_value_get(doc, sameKey))
    for (const [k1, k2] of [
      ['user', 'missing'],
      ['missing', 'tier'],
      ['list', 'user'],
      ['user', 'id'],
    ])
      expect(rt.x.cordon_value_get_str2(doc, key(k1), key(k2))).toBe(
        rt.x.opa_value_get(rt.x.opa_value_get(doc, key(k1)), key(k2)),
      )
    expect(rt.x.cordon_value_get_str2(0, key('user'), key('tier'))).toBe(0)
    expect(rt.x.cordon_value_get_str(v('"user"'), key('user'))).toBe(0)
  })
})

describe('short copies and fills as word stores (mem.ts)', () => {
  it('strings, concat and grown arrays of every length up to past the bulk-instruction cut hold exactly their bytes', () => {
    for (let n = 0; n <= 200; n++) {
      const text = Array.from({ length: n }, (_, i) => String.fromCharCode(0x41 + ((i * 7) % 26))).join('')
      const s = rt.str(text)
      const guard = rt.term('[1, 2]')
      expect(show(s)).toBe(JSON.stringify(text))
      expect(rt.call('opa_strings_concat', '"-"', `[${JSON.stringify(text)}, "x"]`)).toBe(JSON.stringify(`${text}-x`))
      expect(show(rt.x.opa_value_copy(s))).toBe(JSON.stringify(text))
      expect(show(guard)).toBe('[1,2]')
    }
    const arr = rt.x.opa_array()
    for (let i = 0; i < 100; i++) rt.x.opa_array_append(arr, rt.num(i))
    expect(show(arr)).toBe(`[${Array.from({ length: 100 }, (_, i) => i).join(',')}]`)
  })

  it('a set grown through many bucket counts finds every element (buckets zeroed on each growth)', () => {
    const set = rt.x.opa_set()
    for (let i = 0; i < 300; i++) rt.x.opa_set_add(set, rt.num(i))
    for (let i = 0; i < 300; i++) expect(rt.x.opa_value_get(set, rt.num(i))).not.toBe(0)
    expect(rt.x.opa_value_get(set, rt.num(300))).toBe(0)
  })
})
