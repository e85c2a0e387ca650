import { describe } from 'vitest'
import { table, typeErr } from './core-test-table.js'

describe('type tests and type_name', () => {
  table([
    { note: 'is_number int', fn: 'is_number', args: '[1]', want: 'true' },
    { note: 'is_number bignum', fn: 'is_number', args: '[18446744073709551617]', want: 'true' },
    { note: 'is_number string', fn: 'is_number', args: '["1"]', want: 'false' },
    { note: 'is_string', fn: 'is_string', args: '["a"]', want: 'true' },
    { note: 'is_boolean', fn: 'is_boolean', args: '[false]', want: 'true' },
    { note: 'is_boolean null', fn: 'is_boolean', args: '[null]', want: 'false' },
    { note: 'is_array', fn: 'is_array', args: '[[]]', want: 'true' },
    { note: 'is_array set', fn: 'is_array', args: '[set()]', want: 'false' },
    { note: 'is_set', fn: 'is_set', args: '[{1}]', want: 'true' },
    { note: 'is_object', fn: 'is_object', args: '[{}]', want: 'true' },
    { note: 'is_object set', fn: 'is_object', args: '[set()]', want: 'false' },
    { note: 'is_null', fn: 'is_null', args: '[null]', want: 'true' },
    { note: 'type_name null', fn: 'type_name', args: '[null]', want: '"null"' },
    { note: 'type_name boolean', fn: 'type_name', args: '[true]', want: '"boolean"' },
    { note: 'type_name number', fn: 'type_name', args: '[1.5]', want: '"number"' },
    { note: 'type_name string', fn: 'type_name', args: '["x"]', want: '"string"' },
    { note: 'type_name array', fn: 'type_name', args: '[[1]]', want: '"array"' },
    { note: 'type_name object', fn: 'type_name', args: '[{"a": 1}]', want: '"object"' },
    { note: 'type_name set', fn: 'type_name', args: '[{1}]', want: '"set"' },
  ])
})

describe('cast_*', () => {
  table([
    { note: 'cast_array of array', fn: 'cast_array', args: '[[1, 2]]', want: '[1, 2]' },
    { note: 'cast_array of set', fn: 'cast_array', args: '[{2, 1}]', want: '[1, 2]' },
    {
      note: 'cast_array error',
      fn: 'cast_array',
      args: '["x"]',
      error: typeErr('cast_array: operand 1 must be one of {array, set} but got string'),
    },
    { note: 'cast_set of array', fn: 'cast_set', args: '[[1, 1, 2]]', want: '{1, 2}' },
    {
      note: 'cast_set error',
      fn: 'cast_set',
      args: '[{}]',
      error: typeErr('cast_set: operand 1 must be one of {array, set} but got object'),
    },
    { note: 'cast_string', fn: 'cast_string', args: '["x"]', want: '"x"' },
    {
      note: 'cast_string error',
      fn: 'cast_string',
      args: '[1]',
      error: typeErr('cast_string: operand 1 must be string but got number'),
    },
    { note: 'cast_boolean', fn: 'cast_boolean', args: '[true]', want: 'true' },
    {
      note: 'cast_boolean error',
      fn: 'cast_boolean',
      args: '["true"]',
      error: typeErr('cast_boolean: operand 1 must be boolean but got string'),
    },
    { note: 'cast_null', fn: 'cast_null', args: '[null]', want: 'null' },
    {
      note: 'cast_null error',
      fn: 'cast_null',
      args: '[0]',
      error: typeErr('cast_null: operand 1 must be null but got number'),
    },
    { note: 'cast_object', fn: 'cast_object', args: '[{"a": 1}]', want: '{"a": 1}' },
    {
      note: 'cast_object error',
      fn: 'cast_object',
      args: '[[]]',
      error: typeErr('cast_object: operand 1 must be object but got array'),
    },
  ])
})
