import { describe } from 'vitest'
import { builtinErr, table, typeErr } from './core-test-table.js'

describe('concat, contains, startswith, endswith', () => {
  table([
    { note: 'concat array', fn: 'concat', args: '["/", ["", "foo", "bar", "0", "baz"]]', want: '"/foo/bar/0/baz"' },
    { note: 'concat set (sorted)', fn: 'concat', args: '[",", {"3", "1", "2"}]', want: '"1,2,3"' },
    { note: 'concat empty', fn: 'concat', args: '["-", []]', want: '""' },
    {
      note: 'concat element error',
      fn: 'concat',
      args: '["-", ["a", 1]]',
      error: typeErr('concat: operand 2 must be array of strings but got array containing number'),
    },
    {
      note: 'concat operand 2',
      fn: 'concat',
      args: '["-", "ab"]',
      error: typeErr('concat: operand 2 must be one of {set, array} but got string'),
    },
    {
      note: 'concat operand 1',
      fn: 'concat',
      args: '[1, []]',
      error: typeErr('concat: operand 1 must be string but got number'),
    },
    { note: 'contains', fn: 'contains', args: '["abcdefgh", "defg"]', want: 'true' },
    { note: 'contains not', fn: 'contains', args: '["abcdefgh", "ac"]', want: 'false' },
    { note: 'contains empty', fn: 'contains', args: '["abc", ""]', want: 'true' },
    { note: 'startswith', fn: 'startswith', args: '["abcdefgh", "abcd"]', want: 'true' },
    { note: 'startswith not', fn: 'startswith', args: '["abcdefgh", "bcd"]', want: 'false' },
    { note: 'endswith', fn: 'endswith', args: '["abcdefgh", "fgh"]', want: 'true' },
    { note: 'endswith not', fn: 'endswith', args: '["abcdefgh", "fg"]', want: 'false' },
    {
      note: 'endswith type error',
      fn: 'endswith',
      args: '["a", 1]',
      error: typeErr('endswith: operand 2 must be string but got number'),
    },
  ])
})

describe('indexof, indexof_n, substring, strings.count', () => {
  table([
    { note: 'indexof', fn: 'indexof', args: '["abcdefgh", "cde"]', want: '2' },
    { note: 'indexof first of many', fn: 'indexof', args: '["abcabcabcdefgh", "cde"]', want: '8' },
    { note: 'indexof not found', fn: 'indexof', args: '["abcdefgh", "xyz"]', want: '-1' },
    { note: 'indexof counts code points', fn: 'indexof', args: '["μx", "x"]', want: '1' },
    { note: 'indexof unicode not found', fn: 'indexof', args: '["μ", "μμ"]', want: '-1' },
    { note: 'indexof unicode string', fn: 'indexof', args: '["skön var våren", "vår"]', want: '9' },
    { note: 'indexof emoji', fn: 'indexof', args: '["🍧🍨🧁🍰🍮", "🍮"]', want: '4' },
    { note: 'indexof whole', fn: 'indexof', args: '["🍧🍨🧁🍰🍮", "🍧🍨🧁🍰🍮"]', want: '0' },
    {
      note: 'indexof empty needle',
      fn: 'indexof',
      args: '["abc", ""]',
      error: builtinErr('indexof: empty search character'),
    },
    { note: 'indexof_n', fn: 'indexof_n', args: '["dogcatdogcat", "cat"]', want: '[3, 9]' },
    { note: 'indexof_n none', fn: 'indexof_n', args: '["dogcat", "rabbit"]', want: '[]' },
    { note: 'indexof_n overlapping', fn: 'indexof_n', args: '["aaa", "aa"]', want: '[0, 1]' },
    { note: 'indexof_n unicode', fn: 'indexof_n', args: '["😇😀😇😀😇😀", "😀"]', want: '[1, 3, 5]' },
    {
      note: 'indexof_n empty needle',
      fn: 'indexof_n',
      args: '["abc", ""]',
      error: builtinErr('indexof_n: empty search character'),
    },
    { note: 'substring', fn: 'substring', args: '["abcdefgh", 2, 3]', want: '"cde"' },
    { note: 'substring unicode', fn: 'substring', args: '["åäö", 0, 2]', want: '"åä"' },
    { note: 'substring remainder', fn: 'substring', args: '["abcdefgh", 2, -1]', want: '"cdefgh"' },
    { note: 'substring remainder unicode', fn: 'substring', args: '["aåäö", 2, -1]', want: '"äö"' },
    { note: 'substring too long', fn: 'substring', args: '["abcdefghåäö", 2, 10000]', want: '"cdefghåäö"' },
    { note: 'substring offset at end', fn: 'substring', args: '["åäö", 3, -1]', want: '""' },
    { note: 'substring offset past end', fn: 'substring', args: '["aaa", 4, -1]', want: '""' },
    {
      note: 'substring negative offset',
      fn: 'substring',
      args: '["aaa", -1, -1]',
      error: builtinErr('substring: negative offset'),
    },
    {
      note: 'substring float length',
      fn: 'substring',
      args: '["aaa", 0, 1.5]',
      error: typeErr('substring: operand 3 must be integer number but got floating-point number'),
    },
    { note: 'count', fn: 'strings.count', args: '["cheese", "e"]', want: '3' },
    { note: 'count words', fn: 'strings.count', args: '["hello hello hello world", "hello"]', want: '3' },
    { note: 'count none', fn: 'strings.count', args: '["dummy", "x"]', want: '0' },
    { note: 'count empty needle', fn: 'strings.count', args: '["dummy", ""]', want: '6' },
    { note: 'count empty both', fn: 'strings.count', args: '["", ""]', want: '1' },
    { note: 'count non-overlapping', fn: 'strings.count', args: '["11111", "11"]', want: '2' },
    { note: 'count equal', fn: 'strings.count', args: '["11111", "11111"]', want: '1' },
  ])
})

describe('case, split, replace', () => {
  table([
    { note: 'lower', fn: 'lower', args: '["AbCdEf"]', want: '"abcdef"' },
    { note: 'upper', fn: 'upper', args: '["AbCdEf"]', want: '"ABCDEF"' },
    { note: 'upper unicode', fn: 'upper', args: '["straße é"]', want: '"STRAßE É"' },
    { note: 'lower dotted capital I maps to i (Go simple folding)', fn: 'lower', args: '["\u0130"]', want: '"i"' },
    {
      note: 'lower type error',
      fn: 'lower',
      args: '[1]',
      error: typeErr('lower: operand 1 must be string but got number'),
    },
    { note: 'split', fn: 'split', args: '["foo.bar.baz", "."]', want: '["foo", "bar", "baz"]' },
    { note: 'split empty text', fn: 'split', args: '["", "."]', want: '[""]' },
    { note: 'split empty delimiter', fn: 'split', args: '["test", ""]', want: '["t", "e", "s", "t"]' },
    { note: 'split empty both', fn: 'split', args: '["", ""]', want: '[]' },
    { note: 'split no delimiter found', fn: 'split', args: '["foo", "."]', want: '["foo"]' },
    { note: 'split unicode delimiter empty', fn: 'split', args: '["😀a", ""]', want: '["😀", "a"]' },
    { note: 'split_n positive', fn: 'strings.split_n', args: '["a.b.c.d", ".", 2]', want: '["a", "b"]' },
    { note: 'split_n one', fn: 'strings.split_n', args: '["a.b.c.d", ".", 1]', want: '["a"]' },
    {
      note: 'split_n more than parts',
      fn: 'strings.split_n',
      args: '["a.b.c.d", ".", 10]',
      want: '["a", "b", "c", "d"]',
    },
    { note: 'split_n zero', fn: 'strings.split_n', args: '["a.b.c.d", ".", 0]', want: '[]' },
    {
      note: 'split_n negative takes the last parts',
      fn: 'strings.split_n',
      args: '["a.b.c.d", ".", -2]',
      want: '["c", "d"]',
    },
    { note: 'split_n negative one', fn: 'strings.split_n', args: '["a.b.c.d", ".", -1]', want: '["d"]' },
    {
      note: 'split_n negative more than parts',
      fn: 'strings.split_n',
      args: '["a.b.c.d", ".", -10]',
      want: '["a", "b", "c", "d"]',
    },
    { note: 'split_n delimiter not found', fn: 'strings.split_n', args: '["abc", ".", -2]', want: '["abc"]' },
    { note: 'split_n empty string', fn: 'strings.split_n', args: '["", ".", 2]', want: '[""]' },
    { note: 'split_n empty delimiter', fn: 'strings.split_n', args: '["abc", "", 2]', want: '["a", "b"]' },
    { note: 'split_n empty delimiter negative', fn: 'strings.split_n', args: '["abc", "", -2]', want: '["b", "c"]' },
    {
      note: 'split_n float n',
      fn: 'strings.split_n',
      args: '["a.b.c", ".", 1.5]',
      error: typeErr('strings.split_n: operand 3 must be integer number but got floating-point number'),
    },
    { note: 'replace empty string', fn: 'replace', args: '["", "hi", "bye"]', want: '""' },
    { note: 'replace many', fn: 'replace', args: '["foo.bar.baz", ".", ","]', want: '"foo,bar,baz"' },
    { note: 'replace overlap', fn: 'replace', args: '["foo...bar", "..", ",,"]', want: '"foo,,.bar"' },
    { note: 'replace empty old inserts everywhere', fn: 'replace', args: '["abc", "", "-"]', want: '"-a-b-c-"' },
    { note: 'replace_n', fn: 'strings.replace_n', args: '[{"<": "&lt;", ">": "&gt;"}, "<a>"]', want: '"&lt;a&gt;"' },
    {
      note: 'replace_n first key in order wins',
      fn: 'strings.replace_n',
      args: '[{"a": "1", "ab": "2"}, "abc"]',
      want: '"1bc"',
    },
    {
      note: 'replace_n no re-replacement',
      fn: 'strings.replace_n',
      args: '[{"a": "b", "b": "c"}, "ab"]',
      want: '"bc"',
    },
    {
      note: 'replace_n empty key then the others at the same position',
      fn: 'strings.replace_n',
      args: '[{"": "-", "a": "1"}, "ab"]',
      want: '"-1-b-"',
    },
    { note: 'replace empty old with unicode', fn: 'replace', args: '["é😀", "", "."]', want: '".é.😀."' },
    {
      note: 'replace_n non-string value',
      fn: 'strings.replace_n',
      args: '[{"a": 1}, "abc"]',
      error: typeErr('strings.replace_n: operand 1 non-string value found in pattern object'),
    },
    {
      note: 'replace_n non-string key',
      fn: 'strings.replace_n',
      args: '[{1: "a"}, "abc"]',
      error: typeErr('strings.replace_n: operand 1 non-string key found in pattern object'),
    },
    { note: 'reverse', fn: 'strings.reverse', args: '["bar"]', want: '"rab"' },
    { note: 'reverse code points', fn: 'strings.reverse', args: '["1😀𝛾"]', want: '"𝛾😀1"' },
    { note: 'reverse combining sequence by code point', fn: 'strings.reverse', args: '["2️⃣"]', want: '"⃣️2"' },
    { note: 'reverse empty', fn: 'strings.reverse', args: '[""]', want: '""' },
    {
      note: 'reverse number',
      fn: 'strings.reverse',
      args: '[1]',
      error: typeErr('strings.reverse: operand 1 must be string but got number'),
    },
    {
      note: 'reverse object',
      fn: 'strings.reverse',
      args: '[{}]',
      error: typeErr('strings.reverse: operand 1 must be string but got object'),
    },
  ])
})

describe('trim family', () => {
  table([
    { note: 'trim empty', fn: 'trim', args: '["", "."]', want: '""' },
    { note: 'trim both ends', fn: 'trim', args: '["...foo.bar...", "."]', want: '"foo.bar"' },
    { note: 'trim multi cutset', fn: 'trim', args: '["...foo.bar...", ".fr"]', want: '"oo.ba"' },
    { note: 'trim unicode cutset', fn: 'trim', args: '["¡¡¡foo, bar!!!", "!¡"]', want: '"foo, bar"' },
    { note: 'trim nothing', fn: 'trim', args: '["¡¡¡foo, bar!!!", "i"]', want: '"¡¡¡foo, bar!!!"' },
    { note: 'trim_left', fn: 'trim_left', args: '["¡¡¡foo, bar!!!", "!¡"]', want: '"foo, bar!!!"' },
    { note: 'trim_left nothing', fn: 'trim_left', args: '["!!!foo, bar¡¡¡", "¡"]', want: '"!!!foo, bar¡¡¡"' },
    { note: 'trim_right', fn: 'trim_right', args: '["¡¡¡foo, bar!!!", "!¡"]', want: '"¡¡¡foo, bar"' },
    { note: 'trim_prefix', fn: 'trim_prefix', args: '["¡¡¡foo, bar!!!", "¡¡¡foo"]', want: '", bar!!!"' },
    { note: 'trim_prefix nothing', fn: 'trim_prefix', args: '["¡¡¡foo, bar!!!", "¡¡¡bar"]', want: '"¡¡¡foo, bar!!!"' },
    { note: 'trim_prefix only once', fn: 'trim_prefix', args: '["aaab", "a"]', want: '"aab"' },
    { note: 'trim_suffix', fn: 'trim_suffix', args: '["¡¡¡foo, bar!!!", ", bar!!!"]', want: '"¡¡¡foo"' },
    {
      note: 'trim_suffix nothing',
      fn: 'trim_suffix',
      args: '["¡¡¡foo, bar!!!", ", foo!!!"]',
      want: '"¡¡¡foo, bar!!!"',
    },
    { note: 'trim_suffix empty suffix', fn: 'trim_suffix', args: '["abc", ""]', want: '"abc"' },
    { note: 'trim_space', fn: 'trim_space', args: '[" \\t\\n foo, bar \\n\\t\\r\\n"]', want: '"foo, bar"' },
    { note: 'trim_space unicode spaces', fn: 'trim_space', args: '["\\u00a0\\u2003x\\u3000\\u0085"]', want: '"x"' },
    { note: 'trim_space keeps BOM (not a Go space)', fn: 'trim_space', args: '["\\ufeffx"]', want: '"\\ufeffx"' },
    { note: 'trim_space nothing', fn: 'trim_space', args: '["foo, bar"]', want: '"foo, bar"' },
    {
      note: 'trim type error',
      fn: 'trim',
      args: '["a", 1]',
      error: typeErr('trim: operand 2 must be string but got number'),
    },
  ])
})

describe('strings.any_prefix_match and strings.any_suffix_match', () => {
  table([
    { note: 'prefix string/string', fn: 'strings.any_prefix_match', args: '["foo/bar", "foo"]', want: 'true' },
    { note: 'prefix string/string no', fn: 'strings.any_prefix_match', args: '["foo/bar", "bar"]', want: 'false' },
    { note: 'prefix array/set', fn: 'strings.any_prefix_match', args: '[["a/b", "c/d"], {"x", "c/"}]', want: 'true' },
    { note: 'prefix set/array no', fn: 'strings.any_prefix_match', args: '[{"a/b"}, ["b"]]', want: 'false' },
    { note: 'prefix empty list', fn: 'strings.any_prefix_match', args: '[[], "a"]', want: 'false' },
    { note: 'prefix empty prefix', fn: 'strings.any_prefix_match', args: '["abc", ""]', want: 'true' },
    {
      note: 'prefix element error 1',
      fn: 'strings.any_prefix_match',
      args: '[["a", 1], "a"]',
      error: typeErr('strings.any_prefix_match: operand 1 must be array of strings but got array containing number'),
    },
    {
      note: 'prefix type error 1',
      fn: 'strings.any_prefix_match',
      args: '[1, "a"]',
      error: typeErr('strings.any_prefix_match: operand 1 must be one of {string, set, array} but got number'),
    },
    {
      note: 'prefix element error 2',
      fn: 'strings.any_prefix_match',
      args: '["a", {1}]',
      error: typeErr('strings.any_prefix_match: operand 2 must be set of strings but got set containing number'),
    },
    {
      note: 'prefix type error 2',
      fn: 'strings.any_prefix_match',
      args: '["a", 1]',
      error: typeErr('strings.any_prefix_match: operand 2 must be one of {string, set, array} but got number'),
    },
    { note: 'suffix', fn: 'strings.any_suffix_match', args: '["foo/bar", "bar"]', want: 'true' },
    { note: 'suffix no', fn: 'strings.any_suffix_match', args: '[["foo/bar", "x"], ["foo", "y"]]', want: 'false' },
    { note: 'suffix unicode', fn: 'strings.any_suffix_match', args: '[{"añb😀"}, {"b😀"}]', want: 'true' },
    {
      note: 'suffix type error 2',
      fn: 'strings.any_suffix_match',
      args: '["a", 1]',
      error: typeErr('strings.any_suffix_match: operand 2 must be one of {string, set, array} but got number'),
    },
  ])
})

describe('format_int (strings use)', () => {
  table([
    { note: 'truncates the float', fn: 'format_int', args: '[15.5, 16]', want: '"f"' },
    { note: 'base 10 of a float', fn: 'format_int', args: '[3.1, 10]', want: '"3"' },
    {
      note: 'bad base',
      fn: 'format_int',
      args: '[4.1, 199]',
      error: typeErr('format_int: operand 2 must be one of {2, 8, 10, 16}'),
    },
    { note: 'bignum base 8', fn: 'format_int', args: '[18446744073709551617, 8]', want: '"2000000000000000000001"' },
    {
      note: 'negative bignum base 16',
      fn: 'format_int',
      args: '[-18446744073709551617, 16]',
      want: '"-10000000000000001"',
    },
  ])
})
