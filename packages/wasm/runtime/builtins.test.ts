import { describe, expect, it } from 'vitest'
import { load } from './harness'

const rt = load({ initialPages: 10 })
const { call } = rt

describe('more native builtins (names as in OPA’s Wasm backend)', () => {
  it('membership', () => {
    expect(call('builtin_member', '2', '[1,2]')).toBe('true')
    expect(call('builtin_member', '2.0', '{1,2}')).toBe('true')
    expect(call('builtin_member', '"v"', '{"k":"v"}')).toBe('true')
    expect(call('builtin_member', '"k"', '{"k":"v"}')).toBe('false')
    expect(call('builtin_member', '1', '"1"')).toBe('false')
    expect(call('builtin_member3', '1', '"b"', '["a","b"]')).toBe('true')
    expect(call('builtin_member3', '"k"', '"v"', '{"k":"v"}')).toBe('true')
    expect(call('builtin_member3', '0', '"b"', '["a","b"]')).toBe('false')
    expect(call('opa_agg_all', '[true, true]')).toBe('true')
    expect(call('opa_agg_any', '{false}')).toBe('false')
  })
  it('objects', () => {
    expect(call('builtin_object_get', '{"a":{"b":1}}', '["a","b"]', '0')).toBe('1')
    expect(call('builtin_object_get', '{"a":1}', '"x"', '"d"')).toBe('"d"')
    expect(call('builtin_object_get', '{"a":1}', '[]', '"d"')).toBe('{"a":1}')
    expect(call('builtin_object_keys', '{"a":1,"b":2}')).toBe('{"a","b"}')
    expect(call('builtin_object_remove', '{"a":1,"b":2,"c":3}', '["a"]')).toBe('{"b":2,"c":3}')
    expect(call('builtin_object_remove', '{"a":1,"b":2,"c":3}', '{"c":0}')).toBe('{"a":1,"b":2}')
    expect(call('builtin_object_filter', '{"a":1,"b":2,"c":3}', '{"a","c"}')).toBe('{"a":1,"c":3}')
    expect(call('builtin_object_union', '{"a":{"x":1},"b":1}', '{"a":{"y":2},"b":2}')).toBe('{"a":{"x":1,"y":2},"b":2}')
    expect(call('builtin_object_union_n', '[{"a":1},{"b":2},{"a":3}]')).toBe('{"a":3,"b":2}')
    expect(call('builtin_object_union_n', '[{"a":1},2]')).toBe('undefined')
  })
  it('arrays and ranges', () => {
    expect(call('opa_array_concat', '[1]', '[2,3]')).toBe('[1,2,3]')
    expect(call('opa_array_slice', '[1,2,3,4]', '1', '3')).toBe('[2,3]')
    expect(call('opa_array_slice', '[1,2,3,4]', '-5', '10')).toBe('[1,2,3,4]')
    expect(call('opa_array_slice', '[1,2,3,4]', '3', '1')).toBe('[]')
    expect(call('opa_array_reverse', '[1,2,3]')).toBe('[3,2,1]')
    expect(call('opa_array_flatten', '[[1],[2,[3]],4]')).toBe('[1,2,[3],4]')
    expect(call('opa_numbers_range', '1', '4')).toBe('[1,2,3,4]')
    expect(call('opa_numbers_range', '2', '-1')).toBe('[2,1,0,-1]')
    expect(call('opa_numbers_range', '1', '2.5')).toBe('undefined')
  })
  it('encoding', () => {
    expect(call('opa_json_marshal', '{"a":{1,2}}')).toBe(JSON.stringify('{"a":[1,2]}'))
    expect(call('opa_json_unmarshal', JSON.stringify('{"b":[1.50,2]}'))).toBe('{"b":[1.50,2]}')
    expect(call('opa_json_unmarshal', '"{bad"')).toBe('undefined')
    expect(call('opa_json_is_valid', '"[1,2]"')).toBe('true')
    expect(call('opa_json_is_valid', '"[1,"')).toBe('false')
    const b64 = (s: string) => Buffer.from(s).toString('base64')
    for (const s of ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar', 'héllo wörld']) {
      expect(call('opa_base64_encode', JSON.stringify(s))).toBe(JSON.stringify(b64(s)))
      expect(call('opa_base64_decode', JSON.stringify(b64(s)))).toBe(JSON.stringify(s))
    }
    expect(call('opa_base64_is_valid', '"Zm9v"')).toBe('true')
    expect(call('opa_base64_is_valid', '"Zm9"')).toBe('false')
    expect(call('opa_base64_url_encode', '"\\u00ff\\u00fe?"')).toBe(
      JSON.stringify(
        Buffer.from('ÿþ?').toString('base64url') +
          '='.repeat((4 - (Buffer.from('ÿþ?').toString('base64url').length % 4)) % 4),
      ),
    )
    expect(call('opa_base64_url_decode', '"Zm9vYg"')).toBe('"foob"')
  })
  it('bits', () => {
    expect(call('opa_bits_or', '12', '3')).toBe('15')
    expect(call('opa_bits_and', '12', '6')).toBe('4')
    expect(call('opa_bits_xor', '12', '6')).toBe('10')
    expect(call('opa_bits_negate', '0')).toBe('-1')
    expect(call('opa_bits_shiftleft', '1', '70')).toBe('1180591620717411303424')
    expect(call('opa_bits_shiftright', '-8', '1')).toBe('-4')
    expect(call('opa_bits_or', '18446744073709551616', '1')).toBe('undefined')
  })
  it('strings', () => {
    expect(call('opa_strings_reverse', '"héllo"')).toBe('"olléh"')
    expect(call('opa_strings_trim', '"xxhixx"', '"x"')).toBe('"hi"')
    expect(call('opa_strings_trim_left', '"éaéb"', '"éa"')).toBe('"b"')
    expect(call('opa_strings_trim_right', '"abccc"', '"c"')).toBe('"ab"')
    expect(call('opa_strings_format_int', '255', '16')).toBe('"ff"')
    expect(call('opa_strings_format_int', '-5.9', '2')).toBe('"-101"')
    expect(call('opa_strings_format_int', '18446744073709551617', '16')).toBe('"10000000000000001"')
    expect(call('opa_strings_format_int', '10', '3')).toBe('undefined')
  })
  it('template strings', () => {
    expect(call('opa_template_string', '["a=", {1}, ", b=", {"x"}, ", c=", set(), ", d=", {[1, {"k": {2}}]}]')).toBe(
      '"a=1, b=x, c=<undefined>, d=[1, {\\"k\\": {2}}]"',
    )
    expect(call('opa_template_string', '[{1, 2}]')).toBe('undefined')
  })
  it('json.filter / json.remove', () => {
    expect(call('builtin_json_filter', '{"a":{"b":{"c":7,"d":8}},"e":9}', '{"a/b/c","e"}')).toBe(
      '{"a":{"b":{"c":7}},"e":9}',
    )
    expect(call('builtin_json_filter', '{"a":[{"b":7,"c":8},{"d":9}]}', '{"a/0/b","a/1"}')).toBe(
      '{"a":[{"b":7},{"d":9}]}',
    )
    expect(call('builtin_json_filter', '{"a":{"b":7}}', '{"a","a/b"}')).toBe('{"a":{"b":7}}')
    expect(call('builtin_json_remove', '{"a":[{"1":["b","c","d"]},{"x":"y"}]}', '{"a/0/1/2"}')).toBe(
      '{"a":[{"1":["b","c"]},{"x":"y"}]}',
    )
    expect(call('builtin_json_remove', '{"a":{"b":{"c":7,"d":8,"x":0}},"e":9}', '{"a/b/d",["a","b","c"]}')).toBe(
      '{"a":{"b":{"x":0}},"e":9}',
    )
    expect(call('builtin_json_remove', '"s"', '{"a"}')).toBe('undefined')
  })
  it('glob.match', () => {
    const g = (p: string, d: string, s: string) => call('opa_glob_match', JSON.stringify(p), d, JSON.stringify(s))
    expect(g('*.github.com', '["."]', 'api.github.com')).toBe('true')
    expect(g('*.github.com', '["."]', 'api.cdn.github.com')).toBe('false')
    expect(g('api.**.com', '["."]', 'api.cdn.github.com')).toBe('true')
    expect(g('*', '[]', 'foo.bar')).toBe('false')
    expect(g('*', 'null', 'foo.bar')).toBe('true')
    expect(g('[!a-c]at', '[]', 'fat')).toBe('true')
    expect(g('{cat,bat,[fr]at}', '[]', 'rat')).toBe('true')
    expect(g('{cat,bat,[fr]at}', '[]', 'at')).toBe('false')
    expect(g('?at', '["f"]', 'fat')).toBe('false')
    expect(g('a\\*b', '[]', 'a*b')).toBe('true')
  })
  it('graph.reachable and walk', () => {
    expect(call('builtin_graph_reachable', '{"a":["b"],"b":{"c"},"c":[],"d":["a"]}', '["a"]')).toBe('{"a","b","c"}')
    expect(call('builtin_graph_reachable', '{"a":["b"]}', '{"x"}')).toBe('set()')
    expect(call('cordon_value_transitive_closure', '{"a":[1]}')).toBe('[[[],{"a":[1]}],[["a"],[1]],[["a",0],1]]')
    // Keys and elements in Rego value order, as OPA's walk visits them.
    expect(call('cordon_value_transitive_closure', '{"b":{3,1},"a":2}')).toBe(
      '[[[],{"a":2,"b":{1,3}}],[["a"],2],[["b"],{1,3}],[["b",1],1],[["b",3],3]]',
    )
  })
})
