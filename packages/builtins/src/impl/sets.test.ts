import { describe } from 'vitest'
import { table, typeErr } from './core-test-table.js'

describe('sets', () => {
  table([
    { note: 'and', fn: 'and', args: '[{1, 2, 3}, {2, 3, 4}]', want: '{2, 3}' },
    { note: 'and disjoint', fn: 'and', args: '[{1}, {2}]', want: 'set()' },
    {
      note: 'and type error',
      fn: 'and',
      args: '[{1}, [1]]',
      error: typeErr('and: operand 2 must be set but got array'),
    },
    { note: 'or', fn: 'or', args: '[{1, 2}, {2, 3}]', want: '{1, 2, 3}' },
    { note: 'or type error', fn: 'or', args: '[1, {1}]', error: typeErr('or: operand 1 must be set but got number') },
    { note: 'set_diff', fn: 'set_diff', args: '[{1, 2, 3}, {2}]', want: '{1, 3}' },
    { note: 'intersection', fn: 'intersection', args: '[{{1, 2, 3}, {2, 3, 4}, {3, 2}}]', want: '{2, 3}' },
    { note: 'intersection of nothing', fn: 'intersection', args: '[set()]', want: 'set()' },
    { note: 'intersection of one', fn: 'intersection', args: '[{{1, 2}}]', want: '{1, 2}' },
    { note: 'intersection with empty', fn: 'intersection', args: '[{{1, 2}, set()}]', want: 'set()' },
    {
      note: 'intersection element error',
      fn: 'intersection',
      args: '[{1, {2}}]',
      error: typeErr('intersection: operand 1 must be set but got number'),
    },
    {
      note: 'intersection type error',
      fn: 'intersection',
      args: '[[{1}]]',
      error: typeErr('intersection: operand 1 must be set but got array'),
    },
    { note: 'union', fn: 'union', args: '[{{1, 2}, {2, 3}, {"a"}}]', want: '{1, 2, 3, "a"}' },
    { note: 'union of nothing', fn: 'union', args: '[set()]', want: 'set()' },
    {
      note: 'union element error',
      fn: 'union',
      args: '[{[1]}]',
      error: typeErr('union: operand 1 must be set but got array'),
    },
  ])
})
