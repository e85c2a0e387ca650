/**
 * Array comprehensions passed straight to sort, count, max or min scan in
 * bucket order (the planner's noteOrderFreeArgument): the values are those
 * the same comprehension gives when its order shows, on objects and sets
 * large enough for bucket order to differ from Rego's value order.
 */
import { PolicyInstance } from '@cordon/engine'
import { expect, test } from 'vitest'
import { buildWasm } from './build.js'

const POLICY = `package t
keys := [k | some k, _ in input.o]
values := [v | some v in input.o]
pairs := [[k, v] | some k, v in input.o; some w in input.s; w > v]
sorted_keys := sort([k | some k, _ in input.o])
sorted_pairs := sort([[k, v] | some k, v in input.o; some w in input.s; w > v])
counted := count([v | some v in input.o; v > 2])
extremes := [max([v | some v in input.o]), min([k | some k, _ in input.o])]
set_sorted := sort([x | some x in {y | some y in input.s}])
`
const EPS = ['keys', 'values', 'pairs', 'sorted_keys', 'sorted_pairs', 'counted', 'extremes', 'set_sorted']

test('sort, count, max and min of a comprehension scanned in bucket order', () => {
  const r = buildWasm([{ file: 'p.rego', text: POLICY }], { entrypoints: EPS.map((e) => `t/${e}`) })
  if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  const inst = PolicyInstance.createSync(r.wasm)
  const o = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${(i * 7919) % 101}`, (i * 31) % 17]))
  const input = { o, s: [5, 16, 3, 9, 12] }
  const value = (ep: string) => (inst.evaluate(input, `t/${ep}`)[0] as { result: unknown }).result
  const keys = value('keys') as string[]
  const values = value('values') as number[]
  const pairs = value('pairs') as unknown[]
  const byRego = (a: unknown, b: unknown) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)
  expect(value('sorted_keys')).toEqual([...keys].sort())
  expect(value('sorted_pairs')).toEqual([...pairs].sort(byRego))
  expect(value('counted')).toBe(values.filter((v) => v > 2).length)
  expect(value('extremes')).toEqual([Math.max(...values), [...keys].sort()[0]])
  expect(value('set_sorted')).toEqual([3, 5, 9, 12, 16])
})
