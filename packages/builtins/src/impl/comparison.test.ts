import { describe } from 'vitest'
import { table } from './core-test-table.js'

describe('comparison', () => {
  table([
    { note: 'equal ints', fn: 'equal', args: '[1, 1]', want: 'true' },
    { note: 'equal int and float', fn: 'equal', args: '[1, 1.0]', want: 'true' },
    { note: 'equal across types is false', fn: 'equal', args: '[1, "1"]', want: 'false' },
    { note: 'equal sets ignore order', fn: 'equal', args: '[{1, 2}, {2, 1}]', want: 'true' },
    { note: 'equal big ints', fn: 'equal', args: '[28857836529306024611913, 28857836529306024611912]', want: 'false' },
    { note: 'neq', fn: 'neq', args: '[28857836529306024611913, 28857836529306024611912]', want: 'true' },
    { note: 'neq same', fn: 'neq', args: '[[1], [1]]', want: 'false' },
    { note: 'lt numbers', fn: 'lt', args: '[1, 2]', want: 'true' },
    { note: 'lt by type rank: null < boolean', fn: 'lt', args: '[null, false]', want: 'true' },
    { note: 'lt by type rank: number < string', fn: 'lt', args: '[99, "1"]', want: 'true' },
    { note: 'lt arrays lexicographic', fn: 'lt', args: '[[1, 2], [1, 3]]', want: 'true' },
    { note: 'lt shorter array first', fn: 'lt', args: '[[1], [1, 0]]', want: 'true' },
    { note: 'lte equal', fn: 'lte', args: '["a", "a"]', want: 'true' },
    { note: 'gt strings', fn: 'gt', args: '["b", "a"]', want: 'true' },
    { note: 'gt object vs array', fn: 'gt', args: '[{}, [1]]', want: 'true' },
    { note: 'gte set vs object', fn: 'gte', args: '[set(), {"a": 1}]', want: 'true' },
    { note: 'gte false', fn: 'gte', args: '[1, 2]', want: 'false' },
  ])
})

describe('membership (in)', () => {
  table([
    { note: 'member of array', fn: 'internal.member_2', args: '[2, [1, 2, 3]]', want: 'true' },
    { note: 'member of array by value (1 == 1.0)', fn: 'internal.member_2', args: '[1.0, [1]]', want: 'true' },
    { note: 'not member of array', fn: 'internal.member_2', args: '[4, [1, 2, 3]]', want: 'false' },
    { note: 'member of set', fn: 'internal.member_2', args: '["a", {"a", "b"}]', want: 'true' },
    { note: 'member is an object value', fn: 'internal.member_2', args: '[1, {"a": 1}]', want: 'true' },
    { note: 'object key is not a member', fn: 'internal.member_2', args: '["a", {"a": 1}]', want: 'false' },
    { note: 'scalar collection', fn: 'internal.member_2', args: '["a", "abc"]', want: 'false' },
    { note: 'key and value in array', fn: 'internal.member_3', args: '[1, "b", ["a", "b"]]', want: 'true' },
    { note: 'wrong index in array', fn: 'internal.member_3', args: '[0, "b", ["a", "b"]]', want: 'false' },
    { note: 'out of range index', fn: 'internal.member_3', args: '[5, "b", ["a", "b"]]', want: 'false' },
    { note: 'key and value in object', fn: 'internal.member_3', args: '["k", 1, {"k": 1}]', want: 'true' },
    { note: 'missing key in object', fn: 'internal.member_3', args: '["x", 1, {"k": 1}]', want: 'false' },
    { note: 'set: key equals value', fn: 'internal.member_3', args: '["a", "a", {"a"}]', want: 'true' },
    { note: 'set: key differs from value', fn: 'internal.member_3', args: '["a", "b", {"a", "b"}]', want: 'false' },
    { note: 'scalar collection (3)', fn: 'internal.member_3', args: '[0, "a", "a"]', want: 'false' },
  ])
})
