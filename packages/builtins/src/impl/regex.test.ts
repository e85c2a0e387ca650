import { describe } from 'vitest'
import { builtinErr, q, table, typeErr } from './text-test-util.js'

describe('regex.match / re_match', () => {
  table('regex.match', [
    { note: 'positive (conformance regexmatch)', args: [q('^[a-z]+\\[[0-9]+\\]$'), q('foo[1]')], want: 'true' },
    { note: 'empty anchored', args: [q('^$'), q('')], want: 'true' },
    { note: 'empty pattern, empty string', args: [q(''), q('')], want: 'true' },
    { note: 'empty pattern, non-empty string', args: [q(''), q('x')], want: 'true' },
    { note: 'negative', args: [q('^$'), q('something')], want: 'false' },
    { note: 'unanchored search', args: [q('b+'), q('abbbc')], want: 'true' },
    { note: 'RE2 syntax: \\pL class', args: [q('^\\pL+$'), q('héllo')], want: 'true' },
    {
      note: 'RE2 has no backreferences',
      args: [q('(a)\\1'), q('aa')],
      error: builtinErr('regex.match: error parsing regexp: invalid escape sequence: `\\1`'),
    },
    {
      note: 'RE2 has no lookahead',
      args: [q('a(?=b)'), q('ab')],
      error: builtinErr('regex.match: error parsing regexp: invalid or unsupported Perl syntax: `(?=`'),
    },
    {
      note: 'bad RE (conformance: undefined when not strict)',
      args: [q('$^[[['), q('something')],
      error: builtinErr('regex.match: error parsing regexp: missing closing ]: `[[[`'),
    },
    { note: 'dot matches a whole astral code point', args: [q('^.$'), q('😀')], want: 'true' },
    {
      note: 'operand 1 not a string',
      args: ['1', q('x')],
      error: typeErr('regex.match: operand 1 must be string but got number'),
    },
    {
      note: 'operand 2 not a string',
      args: [q('x'), 'null'],
      error: typeErr('regex.match: operand 2 must be string but got null'),
    },
    { note: 're_match is the same builtin', name: 're_match', args: [q('^a'), q('abc')], want: 'true' },
    {
      note: 're_match errors under its own name',
      name: 're_match',
      args: [q('('), q('abc')],
      error: builtinErr('re_match: error parsing regexp: missing closing ): `(`'),
    },
  ])
})

describe('regex.is_valid', () => {
  table('regex.is_valid', [
    { note: 'valid', args: [q('^[a-z]+$')], want: 'true' },
    { note: 'invalid', args: [q('[')], want: 'false' },
    { note: 'Perl lookbehind is not RE2', args: [q('(?<=a)b')], want: 'false' },
    { note: 'a non-string is false, not an error', args: ['1'], want: 'false' },
  ])
})

describe('regex.find_n', () => {
  table('regex.find_n', [
    { note: 'all matches', args: [q('a.'), q('paranormal'), '-1'], want: '["ar", "an", "al"]' },
    { note: 'two matches', args: [q('a.'), q('paranormal'), '2'], want: '["ar", "an"]' },
    { note: 'zero matches requested', args: [q('a.'), q('paranormal'), '0'], want: '[]' },
    { note: 'anchored start', args: [q('^a.'), q('abacadaeaf'), '-1'], want: '["ab"]' },
    { note: 'anchored end', args: [q('.$'), q('abacadaeaf'), '-1'], want: '["f"]' },
    {
      note: 'non-overlapping',
      args: [q('[abcdef]{2}'), q('abacadaeaf'), '-1'],
      want: '["ab", "ac", "ad", "ae", "af"]',
    },
    { note: 'no match', args: [q('bork'), q('paranormal'), '-1'], want: '[]' },
    { note: 'empty matches not right after a match (Go)', args: [q('a*'), q('baaab'), '-1'], want: '["", "aaa", ""]' },
    {
      note: 'n must be an integer',
      args: [q('a'), q('a'), '1.5'],
      error: typeErr('regex.find_n: operand 3 must be integer number but got floating-point number'),
    },
    {
      note: 'n beyond 64 bits is not an int (OPA)',
      args: [q('a'), q('a'), '100000000000000000000'],
      error: typeErr('regex.find_n: operand 3 must be integer number but got floating-point number'),
    },
    { note: 'large n within 64 bits finds all', args: [q('a'), q('aa'), '9007199254740993'], want: '["a", "a"]' },
    {
      note: 'n must be a number',
      args: [q('a'), q('a'), q('1')],
      error: typeErr('regex.find_n: operand 3 must be number but got string'),
    },
  ])
})

describe('regex.find_all_string_submatch_n', () => {
  table('regex.find_all_string_submatch_n', [
    { note: 'no matches', args: [q('a(x*)b'), q('-'), '-1'], want: '[]' },
    { note: 'single match, empty capture', args: [q('a(x*)b'), q('-ab-'), '-1'], want: '[["ab", ""]]' },
    { note: 'single match with capture', args: [q('a(x*)b'), q('-axxb-'), '-1'], want: '[["axxb", "xx"]]' },
    { note: 'multiple matches', args: [q('a(x*)b'), q('-ab-axb-'), '-1'], want: '[["ab", ""], ["axb", "x"]]' },
    {
      note: 'optional group that did not take part',
      args: [q('[^aouiye]([aouiye])([^aouiye])?'), q('somestri'), '-1'],
      want: '[["som", "o", "m"], ["ri", "i", ""]]',
    },
    {
      note: 'limited to n',
      args: [q('[^aouiye]([aouiye])([^aouiye])?'), q('somestri'), '1'],
      want: '[["som", "o", "m"]]',
    },
    {
      note: 'large input',
      args: [q('^.*$'), q('a'.repeat(2000) + 'bc'), '-1'],
      want: `[[${q('a'.repeat(2000) + 'bc')}]]`,
    },
  ])
})

describe('regex.split', () => {
  table('regex.split', [
    { note: 'empty string', args: [q('^[a-z]+\\[[0-9]+\\]$'), q('')], want: '[""]' },
    { note: 'anchored start', args: [q('^[a-z]+'), q('foobar baz')], want: '["", " baz"]' },
    { note: 'anchored end', args: [q('[a-z]+$'), q('foobar baz')], want: '["foobar ", ""]' },
    { note: 'anchored start and end, no match', args: [q('^[a-z]+$'), q('foobar baz')], want: '["foobar baz"]' },
    { note: 'anchored start and end, match', args: [q('^[a-z ]+$'), q('foobar baz')], want: '["", ""]' },
    { note: 'non-repeat pattern', args: [q('a'), q('banana')], want: '["b", "n", "n", ""]' },
    { note: 'repeat pattern', args: [q('z+'), q('pizza')], want: '["pi", "a"]' },
    { note: 'empty pattern on empty string (Go: no pieces)', args: [q(''), q('')], want: '[]' },
    { note: 'empty pattern splits characters', args: [q(''), q('abc')], want: '["a", "b", "c"]' },
  ])
})

describe('regex.replace', () => {
  table('regex.replace', [
    { note: 'match and replace', args: [q('-wy-wxxy-'), q('w(x*)y'), q('0')], want: q('-0-0-') },
    { note: 'groups', args: [q('foo'), q('(foo)'), q('$1$1')], want: q('foofoo') },
    {
      note: 'bad pattern',
      args: [q('foo'), q('['), q('$1')],
      error: builtinErr('regex.replace: error parsing regexp: missing closing ]: `[`'),
    },
    { note: 'anchored start', args: [q('foo'), q('^[a-z]'), q('F')], want: q('Foo') },
    { note: 'anchored, no match', args: [q('foo'), q('^[a-z]$'), q('F')], want: q('foo') },
    { note: 'anchored, whole match', args: [q('foo'), q('^[a-z]+$'), q('M')], want: q('M') },
    { note: 'anchored end', args: [q('foo'), q('[a-z]$'), q('F')], want: q('foF') },
    { note: 'anchored end, no match', args: [q('foo'), q('x[a-z]$'), q('F')], want: q('foo') },
    { note: 'per character', args: [q('foo bar'), q('[a-z]'), q('_')], want: q('___ ___') },
    { note: 'counted repeat', args: [q('foo barx'), q('[a-z]{3}'), q('_')], want: q('_ _x') },
    { note: 'counted repeat 2', args: [q('foo barx'), q('[a-z]{2}'), q('_')], want: q('_o __') },
    {
      note: 'Go expansion: names, ${1}, $1x is group "1x", $$',
      args: [q('abc'), q('(?P<x>b)'), q('[$x|${1}|$1x|$$]')],
      want: q('a[b|b||$]c'),
    },
    { note: 'empty matches between characters', args: [q('abc'), q('x*'), q('-')], want: q('-a-b-c-') },
  ])
})

describe('regex.template_match', () => {
  table('regex.template_match', [
    { note: 'wildcard with {}', args: [q('urn:foo:{.*}'), q('urn:foo:bar:baz'), q('{'), q('}')], want: 'true' },
    { note: 'wildcard with <>', args: [q('urn:foo:<.*>'), q('urn:foo:bar:baz'), q('<'), q('>')], want: 'true' },
    { note: 'literal parts are quoted', args: [q('a.b:{[0-9]+}'), q('axb:12'), q('{'), q('}')], want: 'false' },
    { note: 'anchored both ends', args: [q('foo:{[0-9]+}'), q('foo:12x'), q('{'), q('}')], want: 'false' },
    {
      note: 'unbalanced',
      args: [q('urn:foo:{.*'), q('urn:foo:bar'), q('{'), q('}')],
      error: builtinErr('regex.template_match: unbalanced braces in "urn:foo:{.*"'),
    },
    {
      note: 'start delimiter length',
      args: [q('x'), q('x'), q('{{'), q('}')],
      error: builtinErr('regex.template_match: start delimiter has to be exactly one character long but is 2 long'),
    },
    {
      note: 'end delimiter length (OPA reports the start length)',
      args: [q('x'), q('x'), q('{'), q('')],
      error: builtinErr('regex.template_match: end delimiter has to be exactly one character long but is 1 long'),
    },
    {
      note: 'bad inner pattern',
      args: [q('a{[}'), q('a'), q('{'), q('}')],
      error: builtinErr('regex.template_match: error parsing regexp: missing closing ]: `[$`'),
    },
  ])
})

describe('regex.globs_match', () => {
  table('regex.globs_match', [
    { note: 'intersecting', args: [q('a.a.[0-9]+z'), q('.b.b2359825792*594823z')], want: 'true' },
    { note: 'disjoint sets', args: [q('[a-z]+'), q('[0-9]*')], want: 'false' },
    { note: 'escaped brackets', args: [q('[a-z]+\\[[0-9]+\\]'), q('foo\\[1\\]')], want: 'true' },
    { note: 'no intersection', args: [q('[a-z]+\\[[0-9]+\\]'), q('foo["bar"]')], want: 'false' },
    { note: 'star against plain text', args: [q('b.*'), q('bar')], want: 'true' },
    { note: 'only the empty string in common is not enough', args: [q('a*'), q('b*')], want: 'false' },
    {
      note: 'set-close without open',
      args: [q('pqrs]'), q('[a-b]+')],
      error: builtinErr(
        "regex.globs_match: input:pqrs], pos:5, set-close ']' with no preceding '[': the input provided is invalid",
      ),
    },
    {
      note: 'unclosed set',
      args: [q('a'), q('[ab')],
      error: builtinErr(
        'regex.globs_match: input:[ab, pos:3, found [ without matching ]: the input provided is invalid',
      ),
    },
    {
      note: 'leading flag',
      args: [q('*a'), q('a')],
      error: builtinErr(
        "regex.globs_match: input:*a, pos:1, flag '*' must be preceded by a non-flag: the input provided is invalid",
      ),
    },
    {
      note: 'trailing escape',
      args: [q('a\\'), q('a')],
      error: builtinErr(
        'regex.globs_match: input:a\\, pos:1, input ends with a \\ (escape) character: the input provided is invalid',
      ),
    },
    {
      note: 'range out of order',
      args: [q('[z-a]'), q('a')],
      error: builtinErr(
        "regex.globs_match: input:[z-a], pos:4, range is out of order: 'a' comes before 'z' in Unicode: the input provided is invalid",
      ),
    },
  ])
})
