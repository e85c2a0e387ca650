import { describe } from 'vitest'
import { table, typeErr } from './core-test-table.js'

describe('walk', () => {
  table([
    { note: 'scalar', fn: 'walk', args: '[1]', want: '[[[], 1]]' },
    {
      note: 'nested, root first, keys in order',
      fn: 'walk',
      args: '[{"b": [true], "a": 1}]',
      want: '[[[], {"a": 1, "b": [true]}], [["a"], 1], [["b"], [true]], [["b", 0], true]]',
    },
    {
      note: 'set members are their own path segment',
      fn: 'walk',
      args: '[{"x", 2}]',
      want: '[[[], {2, "x"}], [[2], 2], [["x"], "x"]]',
    },
    { note: 'empty object', fn: 'walk', args: '[{}]', want: '[[[], {}]]' },
  ])
})

describe('graph.reachable', () => {
  table([
    { note: 'empty graph', fn: 'graph.reachable', args: '[{}, {"a"}]', want: 'set()' },
    {
      note: 'cycle',
      fn: 'graph.reachable',
      args: '[{"a": {"b"}, "b": {"c"}, "c": {"a"}}, {"a"}]',
      want: '{"a", "b", "c"}',
    },
    {
      note: 'components',
      fn: 'graph.reachable',
      args: '[{"a": {"b", "c"}, "b": {"d"}, "c": {"d"}, "d": set(), "e": {"f"}, "f": {"e"}, "x": {"x"}}, {"b", "e"}]',
      want: '{"b", "d", "e", "f"}',
    },
    {
      note: 'arrays',
      fn: 'graph.reachable',
      args: '[{"a": ["b"], "b": ["c"], "c": ["a"]}, ["a"]]',
      want: '{"a", "b", "c"}',
    },
    { note: 'null edges still reach the node', fn: 'graph.reachable', args: '[{"a": null}, ["a"]]', want: '{"a"}' },
    {
      note: 'nodes outside the graph are not reached',
      fn: 'graph.reachable',
      args: '[{"a": ["z"]}, ["a"]]',
      want: '{"a"}',
    },
    {
      note: 'malformed graph',
      fn: 'graph.reachable',
      args: '[1, [1]]',
      error: typeErr('graph.reachable: operand 1 must be object but got number'),
    },
    {
      note: 'malformed initial',
      fn: 'graph.reachable',
      args: '[{"a": []}, "a"]',
      error: typeErr('graph.reachable: operand 2 must be {array, set} but got string'),
    },
  ])
})

describe('graph.reachable_paths', () => {
  table([
    { note: 'empty', fn: 'graph.reachable_paths', args: '[{}, {"a"}]', want: 'set()' },
    {
      note: 'cycle',
      fn: 'graph.reachable_paths',
      args: '[{"a": {"b"}, "b": {"c"}, "c": {"a"}}, {"a"}]',
      want: '{["a", "b", "c"]}',
    },
    {
      note: 'components',
      fn: 'graph.reachable_paths',
      args: '[{"a": {"b", "c"}, "b": {"d"}, "c": {"d"}, "d": set(), "e": {"f"}, "f": {"e"}, "x": {"x"}}, {"b", "e"}]',
      want: '{["b", "d"], ["e", "f"]}',
    },
    { note: 'malformed 2', fn: 'graph.reachable_paths', args: '[{"a": null}, ["a"]]', want: '{["a"]}' },
    {
      note: 'multiple paths',
      fn: 'graph.reachable_paths',
      args: '[{"a": ["b", "c"], "b": ["c"], "c": []}, {"a"}]',
      want: '{["a", "b", "c"], ["a", "c"]}',
    },
    {
      note: 'shared ancestor',
      fn: 'graph.reachable_paths',
      args: '[{"1": [], "2": ["1"], "3": ["2"], "4": ["3", "2"], "5": ["4"]}, ["5"]]',
      want: '{["5", "4", "2", "1"], ["5", "4", "3", "2", "1"]}',
    },
    {
      note: 'edge to a missing node ends the path',
      fn: 'graph.reachable_paths',
      args: '[{"a": ["b"], "b": ["nonexistent"]}, {"a", "b"}]',
      want: '{["a", "b"], ["b"]}',
    },
    {
      note: 'cycle 1022',
      fn: 'graph.reachable_paths',
      args: '[{"one": ["two", "five"], "two": ["four"], "three": [""], "four": ["three"], "five": ["seven", "six"], "six": ["nine", "seven"], "seven": ["eight"], "eight": ["three"], "nine": [""]}, {"one"}]',
      want: '{["one", "five", "seven", "eight", "three"], ["one", "five", "six", "nine"], ["one", "five", "six", "seven", "eight", "three"], ["one", "two", "four", "three"]}',
    },
    {
      note: 'malformed initial',
      fn: 'graph.reachable_paths',
      args: '[{"a": []}, "a"]',
      error: typeErr('graph.reachable_paths: operand 2 must be {array, set} but got string'),
    },
  ])
})
