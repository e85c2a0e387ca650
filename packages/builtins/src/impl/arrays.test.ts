import { describe } from 'vitest'
import { table, typeErr } from './core-test-table.js'

describe('array.*', () => {
  table([
    { note: 'concat', fn: 'array.concat', args: '[[1, 2], [3]]', want: '[1, 2, 3]' },
    { note: 'concat empty', fn: 'array.concat', args: '[[], []]', want: '[]' },
    {
      note: 'concat operand 1',
      fn: 'array.concat',
      args: '[{}, []]',
      error: typeErr('array.concat: operand 1 must be array but got object'),
    },
    {
      note: 'concat operand 2',
      fn: 'array.concat',
      args: '[[], {}]',
      error: typeErr('array.concat: operand 2 must be array but got object'),
    },
    { note: 'slice', fn: 'array.slice', args: '[[1, 2, 3, 4], 1, 3]', want: '[2, 3]' },
    { note: 'slice clamps stop', fn: 'array.slice', args: '[[1, 2, 3], 1, 10]', want: '[2, 3]' },
    { note: 'slice negative start', fn: 'array.slice', args: '[[1, 2, 3], -1, 2]', want: '[1, 2]' },
    { note: 'slice start past stop', fn: 'array.slice', args: '[[1, 2, 3], 2, 1]', want: '[]' },
    { note: 'slice negative stop', fn: 'array.slice', args: '[[1, 2, 3], 0, -1]', want: '[]' },
    {
      note: 'slice float index',
      fn: 'array.slice',
      args: '[[1, 2, 3], 0.5, 1]',
      error: typeErr('array.slice: operand 2 must be integer number but got floating-point number'),
    },
    { note: 'reverse', fn: 'array.reverse', args: '[[1, 2, 3]]', want: '[3, 2, 1]' },
    { note: 'reverse empty', fn: 'array.reverse', args: '[[]]', want: '[]' },
    {
      note: 'reverse type error',
      fn: 'array.reverse',
      args: '[{}]',
      error: typeErr('array.reverse: operand 1 must be array but got object'),
    },
    { note: 'flatten empty', fn: 'array.flatten', args: '[[]]', want: '[]' },
    { note: 'flatten only arrays', fn: 'array.flatten', args: '[[[1, 2], [3, 4], [5]]]', want: '[1, 2, 3, 4, 5]' },
    { note: 'flatten single item', fn: 'array.flatten', args: '[[1, 2, [3]]]', want: '[1, 2, 3]' },
    {
      note: 'flatten one level only',
      fn: 'array.flatten',
      args: '[[[[1], [2, 3, []]], [[4, 5]]]]',
      want: '[[1], [2, 3, []], [4, 5]]',
    },
    {
      note: 'flatten mixed types',
      fn: 'array.flatten',
      args: '[[[1, 2], "string", [3, {"a": "b"}], 4.5, [6, [7, 8]]]]',
      want: '[1, 2, "string", 3, {"a": "b"}, 4.5, 6, [7, 8]]',
    },
    {
      note: 'flatten type error',
      fn: 'array.flatten',
      args: '[42]',
      error: typeErr('array.flatten: operand 1 must be array but got number'),
    },
  ])
})
