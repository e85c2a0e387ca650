/**
 * Ground composite terms are planned as one constant value (ADR 0004); terms
 * with computed parts are still built element by element. Each row plans a
 * policy and runs it with the reference interpreter.
 */
import { describe, expect, it } from 'vitest'
import { printPolicy } from '../ir/print.js'
import { evaluate } from './testing/ir-interpreter.js'
import { mustPlan } from './testing/helpers.js'
import { fromJSON, keyOf, type RObject, toJSONValue } from './testing/values.js'

const list = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(', ')

interface Row {
  note: string
  module: string
  input?: unknown
  want: unknown
  /** How many constant values the plan holds. */
  values: number
  /** Statement kinds that must not appear (the constant is not rebuilt). */
  absent?: string[]
}

const table: Row[] = [
  {
    note: 'a 10,000-element array is one constant',
    module: `p := count([${list(10_000, (i) => `"n${i}"`)}])`,
    want: 10_000,
    values: 1,
    absent: ['ArrayAppend'],
  },
  {
    note: 'a 5,000-key object is one constant',
    module: `o := {${list(5_000, (i) => `"k${i}": ${i}`)}}\np := o.k4999 + count(o)`,
    want: 9_999,
    values: 1,
    absent: ['ObjectInsert'],
  },
  {
    note: 'nested constants of every type',
    module: 'p := {"a": [1, 2.5, null, true, {"x", ["y"]}], "b": {"c": set()}}',
    want: { a: [1, 2.5, null, true, ['x', ['y']]], b: { c: [] } },
    values: 1,
    absent: ['MakeSet', 'MakeArray'],
  },
  {
    note: 'equal numbers collapse in sets and as keys, the later key wins',
    module: 'p := [{1, 1.0, 2}, {1: "a", 1.0: "b"}]',
    want: [[1, 2], { '1': 'b' }],
    values: 1,
  },
  {
    note: 'a non-ground part keeps the composite computed, ground parts inside are constants',
    module: 'p := {"k": [1, input.v, {"z": [3]}]}',
    input: { v: 7 },
    want: { k: [1, 7, { z: [3] }] },
    values: 1,
  },
  {
    note: 'a large computed array plans without deep recursion',
    module: `p := [${list(10_000, (i) => (i % 2 ? `input.v` : String(i)))}][9999]`,
    input: { v: 'x' },
    want: 'x',
    values: 0,
  },
  {
    note: 'a large array of calls plans without deep recursion',
    module: `p := count([${list(10_000, (i) => `count([${i}])`)}])`,
    want: 10_000,
    values: 10_000,
  },
  {
    note: 'ground arrays on both sides of = are compared, not unified element-wise',
    module: `p if [${list(5_000, String)}] = [${list(5_000, String)}]`,
    want: true,
    values: 1,
  },
  {
    note: 'equal constants share one value',
    module: 'p := [[1, 2], [1, 2]]\nq := [1, 2]\nr := [p, q]',
    want: [
      [
        [1, 2],
        [1, 2],
      ],
      [1, 2],
    ],
    values: 2,
  },
]

describe('constant values', () => {
  for (const row of table) {
    it(row.note, () => {
      const policy = mustPlan({ modules: [`package t\n${row.module}`], queries: { q: 'x := data.t' } })
      const all = evaluate(policy, 'q', { input: fromJSON(row.input ?? {}) })
      expect(all).toHaveLength(1)
      const doc = (all[0] as RObject).get('x') as RObject
      const key = row.module.includes('\nr :=') ? 'r' : 'p'
      expect(keyOf(toJSONValue(doc.get(key)!))).toEqual(keyOf(fromJSON(row.want)))
      expect(policy.values?.length ?? 0).toBe(row.values)
      const text = printPolicy({ ...policy, plans: [] })
      for (const stmt of row.absent ?? []) expect(text).not.toContain(stmt)
    })
  }
})
