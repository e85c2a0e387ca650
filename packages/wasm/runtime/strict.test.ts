// Strict builtin errors (cordon_set_strict) and the OPA-compatibility fixes
// that came with them: each row is a native builtin call with bad arguments,
// the abort message in strict mode (OPA's interpreter error, with the code
// prefix the engine parses) and the result without strict mode (undefined).
import { afterEach, describe, expect, it } from 'vitest'
import { Abort, load } from './harness'

const rt = load({ initialPages: 10 })
const { call } = rt
/** The abort message of a call, or its result when it does not abort. */
const outcome = (name: string, ...args: string[]) => {
  try {
    return call(name, ...args)
  } catch (e) {
    if (e instanceof Abort) return `abort: ${e.message}`
    throw e
  }
}

const T = 'eval_type_error: '
const B = 'eval_builtin_error: '

// [runtime export, arguments (Rego terms), strict-mode abort message]
const errors: [string, string[], string][] = [
  // arithmetic
  ['opa_arith_plus', ['1', '"a"'], `${T}plus: operand 2 must be number but got string`],
  ['opa_arith_plus', ['null', '1'], `${T}plus: operand 1 must be number but got null`],
  ['opa_arith_minus', ['{1}', '1'], `${T}minus: operand 2 must be set but got number`],
  ['opa_arith_minus', ['1', '{1}'], `${T}minus: operand 2 must be number but got set`],
  ['opa_arith_minus', ['"a"', '1'], `${T}minus: operand 1 must be one of {number, set} but got string`],
  ['opa_arith_multiply', ['[]', '1'], `${T}mul: operand 1 must be number but got array`],
  ['opa_arith_divide', ['1', '0'], `${B}div: divide by zero`],
  ['opa_arith_divide', ['1', '0.0'], `${B}div: divide by zero`],
  ['opa_arith_divide', ['1', 'true'], `${T}div: operand 2 must be number but got boolean`],
  ['opa_arith_rem', ['1', '0'], `${B}rem: modulo by zero`],
  ['opa_arith_rem', ['18446744073709551616', '0'], `${B}rem: modulo by zero`],
  ['opa_arith_rem', ['1.5', '1'], `${B}rem: modulo on floating-point number`],
  ['opa_arith_rem', ['1.5', '0'], `${B}rem: modulo on floating-point number`],
  ['opa_arith_abs', ['"x"'], `${T}abs: operand 1 must be number but got string`],
  ['opa_arith_round', ['{}'], `${T}round: operand 1 must be number but got object`],
  ['opa_arith_ceil', ['null'], `${T}ceil: operand 1 must be number but got null`],
  ['opa_arith_floor', ['[1]'], `${T}floor: operand 1 must be number but got array`],
  ['opa_to_number', ['"foo"'], `${B}to_number: strconv.ParseFloat: parsing "foo": invalid syntax`],
  ['opa_to_number', ['"1e400"'], `${B}to_number: strconv.ParseFloat: parsing "1e400": value out of range`],
  ['opa_to_number', ['"-Inf"'], `${T}to_number: operand 1 must be valid number string but got string`],
  ['opa_to_number', ['[]'], `${T}to_number: operand 1 must be one of {null, boolean, number, string} but got array`],
  // bits
  ['opa_bits_and', ['1.5', '1'], `${T}bits.and: operand 1 must be integer number but got floating-point number`],
  ['opa_bits_or', ['1', '"a"'], `${T}bits.or: operand 2 must be integer but got string`],
  ['opa_bits_xor', ['1', '2.5'], `${T}bits.xor: operand 2 must be integer number but got floating-point number`],
  ['opa_bits_negate', ['0.5'], `${T}bits.negate: operand 1 must be integer number but got floating-point number`],
  [
    'opa_bits_shiftleft',
    ['1', '-1'],
    `${T}bits.lsh: operand 2 must be an unsigned integer number but got a negative integer`,
  ],
  [
    'opa_bits_shiftright',
    ['1', '-1'],
    `${T}bits.rsh: operand 2 must be an unsigned integer number but got a negative integer`,
  ],
  // arrays
  ['opa_array_concat', ['{}', '[]'], `${T}array.concat: operand 1 must be array but got object`],
  ['opa_array_concat', ['[]', '{}'], `${T}array.concat: operand 2 must be array but got object`],
  ['opa_array_slice', ['[1]', '"0"', '1'], `${T}array.slice: operand 2 must be number but got string`],
  [
    'opa_array_slice',
    ['[1]', '0', '1.5'],
    `${T}array.slice: operand 3 must be integer number but got floating-point number`,
  ],
  ['opa_array_reverse', ['{}'], `${T}array.reverse: operand 1 must be array but got object`],
  ['opa_array_flatten', ['42'], `${T}array.flatten: operand 1 must be array but got number`],
  [
    'opa_numbers_range',
    ['1.5', '3'],
    `${T}numbers.range: operand 1 must be integer number but got floating-point number`,
  ],
  ['opa_numbers_range', ['1', '"3"'], `${T}numbers.range: operand 2 must be integer but got string`],
  // aggregates
  ['opa_agg_count', ['1'], `${T}count: operand 1 must be one of {array, object, set, string} but got number`],
  ['opa_agg_sum', ['[1, "a"]'], `${T}sum: operand 1 must be array of numbers but got array containing string`],
  ['opa_agg_product', ['{1, null}'], `${T}product: operand 1 must be set of numbers but got set containing null`],
  ['opa_agg_sum', ['"a"'], `${T}sum: operand 1 must be one of {set, array} but got string`],
  ['opa_agg_max', ['1'], `${T}max: operand 1 must be one of {set, array} but got number`],
  ['opa_agg_min', ['{}'], `${T}min: operand 1 must be one of {set, array} but got object`],
  ['opa_agg_sort', ['"cba"'], `${T}sort: operand 1 must be one of {set, array} but got string`],
  ['opa_agg_all', ['{}'], `${T}all: operand 1 must be one of {array, set} but got object`],
  ['opa_agg_any', ['1'], `${T}any: operand 1 must be one of {array, set} but got number`],
  // sets
  ['opa_set_union', ['{1}', '[1]'], `${T}or: operand 2 must be set but got array`],
  ['opa_set_intersection', ['1', '{1}'], `${T}and: operand 1 must be set but got number`],
  ['opa_sets_union', ['{{1}, 2}'], `${T}union: operand 1 must be set but got number`],
  ['opa_sets_intersection', ['[{1}]'], `${T}intersection: operand 1 must be set but got array`],
  // strings
  ['opa_strings_concat', ['1', '[]'], `${T}concat: operand 1 must be string but got number`],
  ['opa_strings_concat', ['","', '"ab"'], `${T}concat: operand 2 must be one of {set, array} but got string`],
  [
    'opa_strings_concat',
    ['","', '["a", 1]'],
    `${T}concat: operand 2 must be array of strings but got array containing number`,
  ],
  ['opa_strings_startswith', ['"a"', '1'], `${T}startswith: operand 2 must be string but got number`],
  ['opa_strings_endswith', ['1', '"a"'], `${T}endswith: operand 1 must be string but got number`],
  ['opa_strings_contains', ['"a"', 'null'], `${T}contains: operand 2 must be string but got null`],
  ['opa_strings_indexof', ['"abc"', '""'], `${B}indexof: empty search character`],
  ['opa_strings_substring', ['"abc"', '-1', '1'], `${B}substring: negative offset`],
  [
    'opa_strings_substring',
    ['"abc"', '0.5', '1'],
    `${T}substring: operand 2 must be integer number but got floating-point number`,
  ],
  ['opa_strings_substring', ['1', '0', '1'], `${T}substring: operand 1 must be string but got number`],
  ['opa_strings_upper', ['1'], `${T}upper: operand 1 must be string but got number`],
  ['opa_strings_lower', ['[]'], `${T}lower: operand 1 must be string but got array`],
  ['opa_strings_trim', ['"a"', '1'], `${T}trim: operand 2 must be string but got number`],
  ['opa_strings_trim_space', ['1'], `${T}trim_space: operand 1 must be string but got number`],
  ['opa_strings_split', ['1', '","'], `${T}split: operand 1 must be string but got number`],
  ['opa_strings_replace', ['"a"', '"b"', '1'], `${T}replace: operand 3 must be string but got number`],
  ['opa_strings_reverse', ['1'], `${T}strings.reverse: operand 1 must be string but got number`],
  ['opa_strings_format_int', ['1', '3'], `${T}format_int: operand 2 must be one of {2, 8, 10, 16}`],
  ['opa_strings_format_int', ['"1"', '10'], `${T}format_int: operand 1 must be number but got string`],
  // objects
  ['builtin_object_get', ['"a"', '"k"', '0'], `${T}object.get: operand 1 must be object but got string`],
  ['builtin_object_keys', ['[]'], `${T}object.keys: operand 1 must be object but got array`],
  ['builtin_object_remove', ['null', '[]'], `${T}object.remove: operand 1 must be object but got null`],
  [
    'builtin_object_filter',
    ['{}', '"a"'],
    `${T}object.filter: operand 2 must be one of {object, set, array} but got string`,
  ],
  ['builtin_object_union', ['{}', '[]'], `${T}object.union: operand 2 must be object but got array`],
  [
    'builtin_object_union_n',
    ['[{"foo": 1}, {"bar": 2}, "baz"]'],
    `${T}object.union_n: operand 1 must be array of objects but got array containing string`,
  ],
  ['builtin_object_union_n', ['{}'], `${T}object.union_n: operand 1 must be array but got object`],
  // json paths, encoding, graphs, globs
  ['builtin_json_remove', ['"s"', '{"a"}'], `${T}json.remove: operand 1 must be object but got string`],
  ['builtin_json_remove', ['{}', '"a"'], `${T}json.remove: operand 2 must be one of {set, array} but got string`],
  [
    'builtin_json_filter',
    ['{}', '[1]'],
    `${T}json.filter: operand 2 must be one of {set, array} containing string paths or array of path segments but got number`,
  ],
  ['opa_json_unmarshal', ['1'], `${T}json.unmarshal: operand 1 must be string but got number`],
  ['opa_json_unmarshal', ['"{bad"'], `${B}json.unmarshal: invalid JSON text`],
  ['opa_base64_encode', ['1'], `${T}base64.encode: operand 1 must be string but got number`],
  ['opa_base64_decode', ['"Zm9v!"'], `${B}base64.decode: illegal base64 data at input byte 4`],
  ['opa_base64_url_decode', ['"a"'], `${B}base64url.decode: illegal base64url string: a`],
  ['builtin_graph_reachable', ['1', '[1]'], `${T}graph.reachable: operand 1 must be object but got number`],
  [
    'builtin_graph_reachable',
    ['{"a": []}', '"a"'],
    `${T}graph.reachable: operand 2 must be {array, set} but got string`,
  ],
  ['opa_glob_match', ['"*"', '1', '"a"'], `${T}glob.match: operand 2 must be one of {array, null} but got number`],
  [
    'opa_glob_match',
    ['"*"', '[1]', '"a"'],
    `${T}glob.match: operand 2 must be array of strings but got array containing number`,
  ],
  [
    'opa_glob_match',
    ['"*"', '["ab"]', '"a"'],
    `${T}glob.match: operand 2 must be array of runes but got array containing string`,
  ],
  ['opa_glob_match', ['"*"', 'null', '1'], `${T}glob.match: operand 3 must be string but got number`],
]

afterEach(() => rt.x.cordon_set_strict(0))

describe('strict builtin errors', () => {
  it('is off by default', () => {
    expect(outcome('opa_arith_divide', '1', '0')).toBe('undefined')
  })
  it.each(errors)('%s(%j) aborts in strict mode', (name, args, message) => {
    rt.x.cordon_set_strict(1)
    expect(outcome(name, ...args)).toBe(`abort: ${message}`)
  })
  it.each(errors)('%s(%j) is undefined without strict mode', (name, args) => {
    rt.x.cordon_set_strict(0)
    expect(outcome(name, ...args)).toBe('undefined')
  })
  it('quotes the input of to_number as Go does and truncates long messages', () => {
    rt.x.cordon_set_strict(1)
    expect(outcome('opa_to_number', JSON.stringify('a"b\\c\n'))).toBe(
      `abort: ${B}to_number: strconv.ParseFloat: parsing "a\\"b\\\\c\\n": invalid syntax`,
    )
    const long = outcome('opa_to_number', JSON.stringify('x'.repeat(5000)))
    expect(long.length).toBeLessThan(1100)
  })
})

// Valid calls are unaffected by the flag: same results with strict on and off.
const valid: [string, string[], string][] = [
  ['opa_arith_rem', ['7', '-3'], '1'],
  ['opa_arith_rem', ['10', '18446744073709551616'], '10'],
  ['opa_arith_rem', ['7.0', '2'], '1'],
  ['opa_arith_minus', ['{1, 2}', '{2}'], '{1}'],
  ['opa_to_number', ['"+1.5"'], '1.5'],
  ['opa_to_number', ['".5"'], '0.5'],
  ['opa_to_number', ['"5."'], '5'],
  ['opa_to_number', ['"007"'], '7'],
  ['opa_to_number', ['"-0012.50e1"'], '-12.50e1'],
  ['opa_to_number', ['"12345678901234567890123"'], '12345678901234567890123'],
  ['opa_bits_and', ['18446744073709551616', '1'], 'undefined'], // beyond int64: undefined, no error
  ['opa_numbers_range', ['1', '18446744073709551616'], 'undefined'],
  ['opa_base64_is_valid', ['1'], 'false'],
  ['opa_json_is_valid', ['1'], 'false'],
  ['opa_agg_max', ['[]'], 'undefined'],
  ['builtin_member3', ['1', '1', '{1}'], 'true'],
  ['builtin_member3', ['1', '2', '{1}'], 'false'],
  ['opa_strings_indexof', ['"héllo"', '"l"'], '2'],
  ['opa_strings_replace', ['"ab"', '""', '"-"'], '"-a-b-"'],
  ['opa_strings_replace', ['"é"', '""', '"-"'], '"-é-"'],
  ['opa_strings_trim_space', ['"\\u00a0\\u2003 x \\u3000\\n"'], '"x"'],
  ['builtin_graph_reachable', ['{"a": {"b": 1}, "b": []}', '["a"]'], '{"a"}'],
  ['builtin_json_filter', ['{"a": 1, "b": 2}', '[""]'], '{}'],
  ['builtin_json_remove', ['{"a": 1, "b": 2}', '["", "//b"]'], '{"a":1}'],
  ['opa_glob_match', ['"a.*"', '[]', '"a.b"'], 'true'],
]

describe('valid calls, strict on and off', () => {
  it.each(valid)('%s(%j) = %s', (name, args, want) => {
    for (const strict of [0, 1]) {
      rt.x.cordon_set_strict(strict)
      expect(outcome(name, ...args)).toBe(want)
    }
  })
})

describe('upper / lower (Go’s unicode.ToUpper / ToLower, simple case mapping)', () => {
  const cases: [string, string, string][] = [
    // input, upper, lower
    ['AbC xYz 09', 'ABC XYZ 09', 'abc xyz 09'],
    ['àéîõüÿ ÀÉÎÕÜ', 'ÀÉÎÕÜŸ ÀÉÎÕÜ', 'àéîõüÿ àéîõü'],
    ['ß', 'ß', 'ß'], // no single-code-point upper case: unchanged, as in Go (JS gives "SS")
    ['ẞ', 'ẞ', 'ß'],
    ['µ', 'Μ', 'µ'],
    ['ıİ', 'Iİ', 'ıi'], // dotless i / dotted capital I: Go's mapping, not Turkish rules
    ['ſ', 'S', 'ſ'],
    ['ŉ ǰ', 'ŉ ǰ', 'ŉ ǰ'],
    ['Ǆǅǆ', 'ǄǄǄ', 'ǆǆǆ'],
    ['ĀāĂăŸžƁɓȺⱥ', 'ĀĀĂĂŸŽƁƁȺȺ', 'āāăăÿžɓɓⱥⱥ'],
    ['Ωμέγα ΣΊΣΥΦΟΣ ς', 'ΩΜΈΓΑ ΣΊΣΥΦΟΣ Σ', 'ωμέγα σίσυφοσ ς'],
    ['ᾳ ᾼ', 'ᾼ ᾼ', 'ᾳ ᾳ'],
    ['Привет мир ЁЖЩ ѣҐ', 'ПРИВЕТ МИР ЁЖЩ ѢҐ', 'привет мир ёжщ ѣґ'],
    ['Բարեւ', 'ԲԱՐԵՒ', 'բարեւ'],
    ['ｆｕｌｌ ＷＩＤＴＨ', 'ＦＵＬＬ ＷＩＤＴＨ', 'ｆｕｌｌ ｗｉｄｔｈ'],
    ['𐐨𐐀 𞤢', '𐐀𐐀 𞤀', '𐐨𐐨 𞤢'],
    ['日本語 😀', '日本語 😀', '日本語 😀'],
  ]
  it.each(cases)('%s', (input, upper, lower) => {
    expect(call('opa_strings_upper', JSON.stringify(input))).toBe(JSON.stringify(upper))
    expect(call('opa_strings_lower', JSON.stringify(input))).toBe(JSON.stringify(lower))
  })
  it('agrees with JS on every code point whose JS mapping is one code point (Unicode simple mapping)', () => {
    // JS uses full case mapping; where that yields one code point it equals the simple mapping.
    // Skipped: pairs added by Unicode 16 and later (Node's ICU has them; Go's Unicode 15 tables do not).
    const newerThanGo = (cp: number) =>
      [0x19b, 0x264, 0x1c89, 0x1c8a].includes(cp) ||
      (cp >= 0xa7cb && cp <= 0xa7dc) ||
      (cp >= 0x10d50 && cp <= 0x10d85) ||
      (cp >= 0x16ea0 && cp <= 0x16ed3)
    const mismatches: string[] = []
    for (let cp = 0x80; cp < 0x20000; cp++) {
      if ((cp >= 0xd800 && cp <= 0xdfff) || newerThanGo(cp)) continue
      const c = String.fromCodePoint(cp)
      for (const [fn, js] of [
        ['opa_strings_upper', c.toUpperCase()],
        ['opa_strings_lower', c.toLowerCase()],
      ] as const) {
        if ([...js].length !== 1) continue
        const got = JSON.parse(call(fn, JSON.stringify(c)))
        if (got !== js) mismatches.push(`${fn} U+${cp.toString(16)}: ${got} vs ${js}`)
      }
    }
    expect(mismatches).toEqual([])
  })
})

describe('json.marshal escapes as Go’s json.Marshal', () => {
  it('escapes <, >, &, U+2028 and U+2029 inside strings', () => {
    const got = JSON.parse(call('opa_json_marshal', JSON.stringify({ 'k<': 'a<b>&c\u2028\u2029é' })))
    expect(got).toBe('{"k\\u003c":"a\\u003cb\\u003e\\u0026c\\u2028\\u2029é"}')
    expect(JSON.parse(got)).toEqual({ 'k<': 'a<b>&c\u2028\u2029é' })
    expect(call('opa_json_marshal', '[1.50, "x"]')).toBe(JSON.stringify('[1.50,"x"]'))
  })
})

describe('Rego term input (opa_value_parse)', () => {
  it('accepts trailing commas in arrays, objects and sets', () => {
    expect(rt.vdump(rt.vparse('{"a": [1, 2,], "b": {"x",}, }'))).toBe('{"a":[1,2],"b":{"x"}}')
    expect(rt.parse('[1,]')).toBe(0) // not JSON
  })
})
