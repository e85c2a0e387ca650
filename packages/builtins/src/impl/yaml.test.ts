import { describe, expect, test } from 'vitest'
import { goFloat } from './yaml.js'
import { builtinErr, q, table, typeErr } from './text-test-util.js'

describe('yaml.marshal', () => {
  table('yaml.marshal', [
    { note: 'scalars', args: ['{"a": 1, "b": true, "c": null, "d": "x"}'], want: q('a: 1\nb: true\nc: null\nd: x\n') },
    { note: 'sequences are not indented under their key', args: ['{"a": [1, 2]}'], want: q('a:\n- 1\n- 2\n') },
    { note: 'nested mappings indent by two', args: ['{"a": {"b": {"c": 1}}}'], want: q('a:\n  b:\n    c: 1\n') },
    { note: 'mappings in sequences', args: ['[{"a": 1, "b": 2}, 3]'], want: q('- a: 1\n  b: 2\n- 3\n') },
    { note: 'sequences in sequences', args: ['[[1, 2], [3]]'], want: q('- - 1\n  - 2\n- - 3\n') },
    { note: 'empty collections', args: ['{"a": {}, "b": [], "c": set()}'], want: q('a: {}\nb: []\nc: []\n') },
    {
      note: 'strings that read as other types are double-quoted',
      args: ['["true", "1", "yes", "null", "", "1.5", "~"]'],
      want: q('- "true"\n- "1"\n- "yes"\n- "null"\n- ""\n- "1.5"\n- "~"\n'),
    },
    {
      note: 'strings with indicators are single-quoted',
      args: ['["a: b", "- x", " lead", "#c", "it\'s: x"]'],
      want: q("- 'a: b'\n- '- x'\n- ' lead'\n- '#c'\n- 'it''s: x'\n"),
    },
    {
      note: 'multi-line strings are literal blocks',
      args: ['{"a": "x\\ny", "b": "x\\n"}'],
      want: q('a: |-\n  x\n  y\nb: |\n  x\n'),
    },
    { note: 'control characters are escaped', args: ['["a\\tb"]'], want: q('- "a\\tb"\n') },
    {
      note: 'keys sorted as go-yaml does (non-letters first, digit runs by value)',
      args: ['{"a10": 1, "a9": 2, "B": 3, "_x": 4}'],
      want: q('_x: 4\nB: 3\na9: 2\na10: 1\n'),
    },
    { note: 'key that reads as a number is quoted', args: ['{"1": "a", "y": "b"}'], want: q('"1": a\n"y": b\n') },
    {
      note: 'floats as Go writes them',
      args: ['[1.5, 1234567.5, 0.00001]'],
      want: q('- 1.5\n- 1.2345675e+06\n- 1e-05\n'),
    },
    {
      note: 'big integers',
      args: ['[9007199254740993, 100000000000000000000]'],
      want: q('- 9007199254740993\n- 1e+20\n'),
    },
    { note: 'top-level scalar', args: [q('hello')], want: q('hello\n') },
    {
      note: 'long plain strings fold after column 80',
      args: [`{"k": ${q('word '.repeat(20).trim())}}`],
      want: q(`k: ${'word '.repeat(15)}word\n  word word word word\n`),
    },
    { note: 'set elements in order', args: ['{"s": {"b", "a"}}'], want: q('s:\n- a\n- b\n') },
  ])
})

describe('yaml.unmarshal', () => {
  table('yaml.unmarshal', [
    { note: 'mapping', args: [q('a: 1\nb: [x, z]\nc: {d: e}\n')], want: '{"a": 1, "b": ["x", "z"], "c": {"d": "e"}}' },
    {
      note: 'YAML 1.1 booleans (go-yaml v2)',
      args: [q('[yes, no, on, off, y, n, true]')],
      want: '[true, false, true, false, true, false, true]',
    },
    { note: 'numbers', args: [q('[1, -2, 1.5, 0x1F, 0777, 1e3]')], want: '[1, -2, 1.5, 31, 511, 1000]' },
    { note: 'big integer stays exact', args: [q('9223372036854775807')], want: '9223372036854775807' },
    { note: 'nulls', args: [q('[~, null, ]')], want: '[null, null]' },
    { note: 'timestamps stay strings', args: [q('d: 2001-12-14')], want: '{"d": "2001-12-14"}' },
    { note: 'non-string keys become strings', args: [q('1: a\ntrue: b')], want: '{"1": "a", "true": "b"}' },
    { note: 'first document only', args: [q('a: 1\n---\nb: 2\n')], want: '{"a": 1}' },
    { note: 'empty document is null', args: [q('')], want: 'null' },
    {
      note: 'anchors and merge keys',
      args: [q('base: &b {x: 1}\nc:\n  <<: *b\n  z: 2\n')],
      want: '{"base": {"x": 1}, "c": {"x": 1, "z": 2}}',
    },
    { note: 'key y is the boolean true in YAML 1.1', args: [q('y: 1')], want: '{"true": 1}' },
    { note: 'not a string', args: ['1'], error: typeErr('yaml.unmarshal: operand 1 must be string but got number') },
  ])
  table('yaml.unmarshal', [
    {
      note: 'syntax error',
      args: [q('a: [1, 2')],
      error: builtinErr("yaml.unmarshal: yaml: line 1: did not find expected ',' or ']'"),
    },
    {
      note: 'unterminated flow sequence (conformance jsonbuiltins)',
      args: [q('[1,2,3')],
      error: builtinErr("yaml.unmarshal: yaml: line 1: did not find expected ',' or ']'"),
    },
    {
      note: 'nested compact mapping',
      args: [q('a: b: c')],
      error: builtinErr('yaml.unmarshal: yaml: line 1: mapping values are not allowed in this context'),
    },
    {
      note: 'tab indentation',
      args: [q('a:\n\tb: 1')],
      error: builtinErr('yaml.unmarshal: yaml: line 2: found character that cannot start any token'),
    },
    {
      note: 'unknown alias',
      args: [q('a: *x')],
      error: builtinErr("yaml.unmarshal: yaml: unknown anchor 'x' referenced"),
    },
    {
      note: 'unterminated quote',
      args: [q('a: "x')],
      error: builtinErr('yaml.unmarshal: yaml: line 1: found unexpected end of stream'),
    },
  ])
})

describe('yaml.is_valid', () => {
  table('yaml.is_valid', [
    { note: 'valid', args: [q('a: 1')], want: 'true' },
    { note: 'invalid', args: [q('a: [1, 2')], want: 'false' },
    { note: 'duplicate keys are accepted (go-yaml v2)', args: [q('a: 1\na: 2')], want: 'true' },
    { note: 'not a string', args: ['1'], want: 'false' },
  ])
})

test('goFloat follows strconv.FormatFloat(f, g, -1, 64)', () => {
  expect([1.5, 100000, 1000000, 123456789, 0.0001, 0.00001, -2.5e-7, 1e21].map(goFloat)).toEqual([
    '1.5',
    '100000',
    '1e+06',
    '1.23456789e+08',
    '0.0001',
    '1e-05',
    '-2.5e-07',
    '1e+21',
  ])
})
