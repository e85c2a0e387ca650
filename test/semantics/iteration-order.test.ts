/**
 * Sets and object keys enumerate in Rego's value order, as in OPA's evaluator
 * (issue #15 §2): every path that enumerates a collection into something
 * ordered (an array, a string) gives OPA's order, not the hash table's.
 */
import { describe, expect, it } from 'vitest'
import { evalRules } from './support.js'

const POLICY = `package t
nums := [x | some x in {3, 1, 2, 10}]
strs := [x | some x in {"c", "a", "b"}]
labels := [x.l | some x in {{"d": "string", "l": "b"}, {"d": "object", "l": "a"}, {"d": "string", "l": "c"}}]
keys := [k | some k, _ in {"b": 1, "a": 2, "c": 3}]
values := [v | some _, v in {"b": 1, "a": 2, "c": 3}]
mixed := [x | some x in {"s", 1, null, true, [1], {"a": 1}, {2}}]
ref_iter := [k | obj[k]]
obj := {"zeta": 1, "alpha": 2, "mid": 3}
rules := [k | some k, _ in data.t.r]
r.zeta := 1
r.alpha := 2
r.mid := 3
nested := [[x, y] | some x in {2, 1}; some y in {"b", "a"}]
walked := [p | walk({"b": {"y": 1, "x": 2}, "a": {3, 1}}, [p, _])]
joined := concat(",", {"b", "a", "c"})
sliced := array.slice([x | some x in {5, 4, 3, 2, 1}], 0, 2)
msg := sprintf("%v", [[x | some x in {"b", "a"}]])
first := [x | some x in input.tags][0]
set_of_input := [x | some x in {t | some t in input.tags}]
`

const EXPECTED: Record<string, unknown> = {
  nums: [1, 2, 3, 10],
  strs: ['a', 'b', 'c'],
  labels: ['a', 'b', 'c'],
  keys: ['a', 'b', 'c'],
  values: [2, 1, 3],
  mixed: [null, true, 1, 's', [1], { a: 1 }, [2]],
  ref_iter: ['alpha', 'mid', 'zeta'],
  rules: ['alpha', 'mid', 'zeta'],
  nested: [
    [1, 'a'],
    [1, 'b'],
    [2, 'a'],
    [2, 'b'],
  ],
  walked: [[], ['a'], ['a', 1], ['a', 3], ['b'], ['b', 'x'], ['b', 'y']],
  joined: 'a,b,c',
  sliced: [1, 2],
  msg: '["a", "b"]',
  first: 'x',
  set_of_input: ['a', 'm', 'x', 'z'],
}

describe('iteration order of sets and objects', () => {
  const got = evalRules(POLICY, Object.keys(EXPECTED), { tags: ['x', 'z', 'a', 'm', 'a'] })
  it.each(Object.keys(EXPECTED))('%s', (name) => expect(got[name]).toEqual(EXPECTED[name]))

  it('a large set built at run time comes out sorted', () => {
    const n = 2000
    const input = { xs: Array.from({ length: n }, (_, i) => `k${(i * 7919) % n}`) }
    const out = evalRules('package t\nsorted := [x | some x in {y | some y in input.xs}]', ['sorted'], input)
    expect(out.sorted).toEqual([...input.xs].sort())
  })
})
