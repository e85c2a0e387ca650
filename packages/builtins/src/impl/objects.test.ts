import { describe } from 'vitest'
import { table, typeErr } from './core-test-table.js'

describe('object.get', () => {
  table([
    { note: 'key found', fn: 'object.get', args: '[{"a": "b"}, "a", "c"]', want: '"b"' },
    { note: 'key not found', fn: 'object.get', args: '[{"a": "b"}, "c", "c"]', want: '"c"' },
    { note: 'integer key found', fn: 'object.get', args: '[{1: 2}, 1, 3]', want: '2' },
    { note: 'integer key not found', fn: 'object.get', args: '[{1: 2}, 2, 3]', want: '3' },
    { note: 'complex value found', fn: 'object.get', args: '[{"a": {"b": "c"}}, "a", true]', want: '{"b": "c"}' },
    { note: 'empty path returns the object', fn: 'object.get', args: '[{"a": 1}, [], 2]', want: '{"a": 1}' },
    { note: 'path of one', fn: 'object.get', args: '[{"a": 1}, ["a"], 2]', want: '1' },
    { note: 'path of three', fn: 'object.get', args: '[{"a": {"b": {"c": 1}}}, ["a", "b", "c"], 2]', want: '1' },
    { note: 'path not found', fn: 'object.get', args: '[{"a": {"b": 1}}, ["b", "a"], 2]', want: '2' },
    {
      note: 'path with non-string keys',
      fn: 'object.get',
      args: '[{1: {"b": {[1, 2, 3]: 1}}}, [1, "b", [1, 2, 3]], 2]',
      want: '1',
    },
    {
      note: 'path through an array index',
      fn: 'object.get',
      args: '[{"a": [1, {"b": 5}]}, ["a", 1, "b"], 2]',
      want: '5',
    },
    {
      note: 'string index into array is a miss',
      fn: 'object.get',
      args: '[{"a": {"b": [1, 2, 3]}}, ["a", "b", "a"], 2]',
      want: '2',
    },
    { note: 'path through a set member', fn: 'object.get', args: '[{"a": {"x", "y"}}, ["a", "x"], 2]', want: '"x"' },
    { note: 'path into a scalar', fn: 'object.get', args: '[{"a": 1}, ["a", "b"], 2]', want: '2' },
    {
      note: 'type error',
      fn: 'object.get',
      args: '["a", "a", 1]',
      error: typeErr('object.get: operand 1 must be object but got string'),
    },
  ])
})

describe('object.keys', () => {
  table([
    { note: 'keys', fn: 'object.keys', args: '[{"a": 1, "b": 2}]', want: '{"a", "b"}' },
    { note: 'non-string keys', fn: 'object.keys', args: '[{1: 1, [2]: 2}]', want: '{1, [2]}' },
    { note: 'empty', fn: 'object.keys', args: '[{}]', want: 'set()' },
    {
      note: 'type error',
      fn: 'object.keys',
      args: '["a"]',
      error: typeErr('object.keys: operand 1 must be object but got string'),
    },
  ])
})

describe('object.remove and object.filter', () => {
  table([
    { note: 'remove by array', fn: 'object.remove', args: '[{"a": 1, "b": 2, "c": 3}, ["a", "c"]]', want: '{"b": 2}' },
    { note: 'remove by set', fn: 'object.remove', args: '[{"a": 1, "b": 2}, {"b"}]', want: '{"a": 1}' },
    {
      note: 'remove by object keys',
      fn: 'object.remove',
      args: '[{"a": 1, "b": 2}, {"a": "ignored"}]',
      want: '{"b": 2}',
    },
    { note: 'remove missing keys', fn: 'object.remove', args: '[{"a": 1}, ["x"]]', want: '{"a": 1}' },
    { note: 'remove non-string key', fn: 'object.remove', args: '[{1: "a", "1": "b"}, [1]]', want: '{"1": "b"}' },
    {
      note: 'remove operand 1',
      fn: 'object.remove',
      args: '[[], ["a"]]',
      error: typeErr('object.remove: operand 1 must be object but got array'),
    },
    {
      note: 'remove operand 2',
      fn: 'object.remove',
      args: '[{}, "a"]',
      error: typeErr('object.remove: operand 2 must be one of {object, set, array} but got string'),
    },
    {
      note: 'filter by array',
      fn: 'object.filter',
      args: '[{"a": 1, "b": 2, "c": 3}, ["a", "c"]]',
      want: '{"a": 1, "c": 3}',
    },
    { note: 'filter by set', fn: 'object.filter', args: '[{"a": 1, "b": 2}, {"b", "x"}]', want: '{"b": 2}' },
    { note: 'filter by object', fn: 'object.filter', args: '[{"a": 1, "b": 2}, {"a": 0}]', want: '{"a": 1}' },
    { note: 'filter non-string key', fn: 'object.filter', args: '[{1: "a", "1": "b"}, [1]]', want: '{1: "a"}' },
    {
      note: 'filter keeps nested values whole',
      fn: 'object.filter',
      args: '[{"a": {"x": 1}, "b": 2}, ["a"]]',
      want: '{"a": {"x": 1}}',
    },
    {
      note: 'filter operand 1',
      fn: 'object.filter',
      args: '[null, ["a"]]',
      error: typeErr('object.filter: operand 1 must be object but got null'),
    },
    {
      note: 'filter operand 2',
      fn: 'object.filter',
      args: '[{}, true]',
      error: typeErr('object.filter: operand 2 must be one of {object, set, array} but got boolean'),
    },
  ])
})

describe('object.union and object.union_n', () => {
  table([
    { note: 'union', fn: 'object.union', args: '[{"a": 1}, {"b": 2}]', want: '{"a": 1, "b": 2}' },
    { note: 'union right wins', fn: 'object.union', args: '[{"a": 1}, {"a": 2}]', want: '{"a": 2}' },
    {
      note: 'union merges nested objects',
      fn: 'object.union',
      args: '[{"a": {"b": 1, "c": 2}}, {"a": {"c": 3}}]',
      want: '{"a": {"b": 1, "c": 3}}',
    },
    {
      note: 'union non-object replaces object',
      fn: 'object.union',
      args: '[{"a": {"b": 1}}, {"a": 1}]',
      want: '{"a": 1}',
    },
    {
      note: 'union operand 1',
      fn: 'object.union',
      args: '[[], {}]',
      error: typeErr('object.union: operand 1 must be object but got array'),
    },
    {
      note: 'union operand 2',
      fn: 'object.union',
      args: '[{}, []]',
      error: typeErr('object.union: operand 2 must be object but got array'),
    },
    { note: 'union_n of one empty', fn: 'object.union_n', args: '[[{}]]', want: '{}' },
    { note: 'union_n of none', fn: 'object.union_n', args: '[[]]', want: '{}' },
    {
      note: 'union_n merge',
      fn: 'object.union_n',
      args: '[[{"foo": "bar"}, {"x": "y"}]]',
      want: '{"foo": "bar", "x": "y"}',
    },
    {
      note: 'union_n conflict: last wins',
      fn: 'object.union_n',
      args: '[[{"foo": "bar"}, {"foo": "baz"}]]',
      want: '{"foo": "baz"}',
    },
    {
      note: 'union_n nested merge',
      fn: 'object.union_n',
      args: '[[{"a": {"b": 1}}, {"a": {"c": 2}}, {"d": 4}]]',
      want: '{"a": {"b": 1, "c": 2}, "d": 4}',
    },
    {
      note: 'union_n non-object in between freezes the key',
      fn: 'object.union_n',
      args: '[[{"a": {"b": 2}}, {"a": 4}, {"a": {"c": 3}}]]',
      want: '{"a": {"c": 3}}',
    },
    {
      note: 'union_n element error (5073)',
      fn: 'object.union_n',
      args: '[[{"foo": 1}, {"bar": 2}, "baz"]]',
      error: typeErr('object.union_n: operand 1 must be array of objects but got array containing string'),
    },
    {
      note: 'union_n type error',
      fn: 'object.union_n',
      args: '[{}]',
      error: typeErr('object.union_n: operand 1 must be array but got object'),
    },
  ])
})

describe('object.subset', () => {
  table([
    { note: 'simple object subset', fn: 'object.subset', args: '[{"a": 1, "b": 2}, {"a": 1}]', want: 'true' },
    { note: 'simple object not subset', fn: 'object.subset', args: '[{"a": 1}, {"a": 1, "b": 2}]', want: 'false' },
    { note: 'object value differs', fn: 'object.subset', args: '[{"a": 1}, {"a": 2}]', want: 'false' },
    {
      note: 'nested object subset',
      fn: 'object.subset',
      args: '[{"a": {"b": 1, "c": 2}, "d": 3}, {"a": {"b": 1}}]',
      want: 'true',
    },
    { note: 'nested set subset', fn: 'object.subset', args: '[{"a": {1, 2, 3}}, {"a": {1, 3}}]', want: 'true' },
    { note: 'nested array subset', fn: 'object.subset', args: '[{"a": [1, 2, 3]}, {"a": [2, 3]}]', want: 'true' },
    { note: 'sets', fn: 'object.subset', args: '[{1, 2, 3}, {3, 1}]', want: 'true' },
    { note: 'sets not subset', fn: 'object.subset', args: '[{1, 2}, {3}]', want: 'false' },
    {
      note: 'nested sets are compared whole',
      fn: 'object.subset',
      args: '[{1, 2, 3, {"a", "b", "c"}}, {3, 2, {"a", "b"}}]',
      want: 'false',
    },
    { note: 'arrays: contiguous run', fn: 'object.subset', args: '[[1, 2, 3, 4, 5, 6], [3, 4, 5]]', want: 'true' },
    { note: 'arrays: not contiguous', fn: 'object.subset', args: '[[1, 2, 3, 4, 5, 6], [3, 5]]', want: 'false' },
    { note: 'arrays: past the end', fn: 'object.subset', args: '[[1, 2, 3, 4, 5, 6], [4, 5, 6, 8]]', want: 'false' },
    { note: 'arrays: restart after partial match', fn: 'object.subset', args: '[[1, 1, 2], [1, 2]]', want: 'true' },
    { note: 'arrays: empty sub', fn: 'object.subset', args: '[[1], []]', want: 'true' },
    { note: 'array and set', fn: 'object.subset', args: '[[1, 2, 3, 4, 5, 6], {6, 2}]', want: 'true' },
    { note: 'array and set: missing', fn: 'object.subset', args: '[[1, 2, 3, 4, 5, 6], {9, 8, 7}]', want: 'false' },
    { note: 'array and empty set', fn: 'object.subset', args: '[[1], set()]', want: 'true' },
    { note: 'empty array and empty set (OPA quirk)', fn: 'object.subset', args: '[[], set()]', want: 'false' },
    {
      note: 'set and array is an error',
      fn: 'object.subset',
      args: '[{9, 8, 7}, [1, 2, 3]]',
      error: typeErr('object.subset: both arguments object.subset must be of the same type or array and set'),
    },
    {
      note: 'mismatched types',
      fn: 'object.subset',
      args: '[{"a": 1}, [1]]',
      error: typeErr('object.subset: both arguments object.subset must be of the same type or array and set'),
    },
  ])
})
