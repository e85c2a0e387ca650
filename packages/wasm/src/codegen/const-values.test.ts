/**
 * Constant values end to end (ADR 0004): ground composites are prebuilt in
 * the module's data segment and behave exactly like values built at run time
 * (lookups by hash, equality across number forms, iteration, dumping).
 */
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { buildWasm } from './build.js'

const list = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(', ')

interface Row {
  note: string
  module: string
  input?: unknown
  want: unknown
}

const table: Row[] = [
  {
    note: '4,000 names (the reported policy)',
    module: `names := [ ${list(4_000, (i) => `"n${i}"`)} ]\np := count(names)`,
    want: 4_000,
  },
  {
    note: 'two 10,000-element arrays',
    module: `a := [${list(10_000, String)}]\nb := [${list(10_000, (i) => `"s${i}"`)}]\np := [count(a), a[9999], b[0], sum(a)]`,
    want: [10_000, 9_999, 's0', 49_995_000],
  },
  {
    note: 'a 5,000-key object: lookups by hash, iteration',
    module: `o := {${list(5_000, (i) => `"k${i}": ${i}`)}}\np := [o.k4321, count(o), count([k | o[k] > 4990]), object.get(o, "nope", -1)]`,
    want: [4_321, 5_000, 9, -1],
  },
  {
    note: 'input key lookup in a constant object',
    module: `o := {${list(5_000, (i) => `"k${i}": ${i}`)}}\np := o[input.k]`,
    input: { k: 'k77' },
    want: 77,
  },
  {
    note: 'membership in a constant set, numbers across forms',
    module: 'p := [1.0 in {1, 2}, 3 in {1, 2}, {1, 1.0, 2} == {2, 1}, {1: "a"}[1.0]]',
    want: [true, false, true, 'a'],
  },
  {
    note: 'nested constant with every type',
    module:
      'p := {"a": [1, 2.5, 1e400, 12345678901234567890, null, true, {"x", ["y"]}], "b": {"c": set(), "d": {}, "e": []}, [1]: {{"k": 1}}}',
    want: {
      '[1]': [{ k: 1 }],
      a: [1, 2.5, 1e400, 12345678901234567890, null, true, ['x', ['y']]],
      b: { c: [], d: {}, e: [] },
    },
  },
  {
    note: 'a constant with a non-ground part',
    module: 'p := {"k": [1, input.v, {"z": [3]}], "n": [x | some x in [1, 2, 3]; x > 1]}',
    input: { v: 7 },
    want: { k: [1, 7, { z: [3] }], n: [2, 3] },
  },
  {
    note: 'a constant compared with input',
    module: 'p if input == {"a": [1, {"b": true}]}',
    input: { a: [1, { b: true }] },
    want: true,
  },
  {
    note: 'a constant set never equals a JSON array',
    module: 'p if input.a == {"b"}',
    input: { a: ['b'] },
    want: undefined,
  },
  {
    note: 'a constant object merged with input by object.union',
    module: 'p := object.union({"a": 1, "b": {"c": 2}}, input)',
    input: { b: { d: 3 } },
    want: { a: 1, b: { c: 2, d: 3 } },
  },
  {
    note: 'with upserts below a constant input leave the constant intact',
    module:
      'c := {"a": {"b": 0, "l": [1]}}\ninner := [input.a.b, input.a.l]\nq := x if { x := inner with input.a.b as 5 with input.a.l as [9] }\np := [x, c, y] if { x := q with input as c; y := inner with input as c }',
    want: [[5, [9]], { a: { b: 0, l: [1] } }, [0, [1]]],
  },
  {
    note: 'with replaces input by a constant',
    module: 'q := input.a[1]\np := x if x := q with input as {"a": [0, "w"]}',
    want: 'w',
  },
]

describe('constant values in Wasm', () => {
  for (const row of table) {
    it(row.note, () => {
      const r = buildWasm([{ file: 'p.rego', text: `package t\n${row.module}` }], { entrypoints: ['t/p'] })
      if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
      const inst = PolicyInstance.createSync(r.wasm)
      // Twice: the static values survive the heap reset between evaluations.
      for (let i = 0; i < 2; i++) {
        const out = inst.evaluate(row.input ?? {}, 't/p')
        expect(out).toEqual(row.want === undefined ? [] : [{ result: row.want }])
      }
    })
  }
})
