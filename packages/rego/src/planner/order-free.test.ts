/**
 * Array comprehensions passed straight to sort, count, max or min
 * (noteOrderFreeArgument): their scans go in bucket order, as a set
 * comprehension's do; every other array comprehension's scans go in Rego's
 * value order, which its element order shows. The values are the same
 * (packages/wasm/src/codegen/order-free.test.ts).
 */
import { describe, expect, it } from 'vitest'
import { walkPolicy } from '../ir/walk.js'
import { mustPlan } from './testing/helpers.js'

/** The `ordered` flag of each scan of `t/p`'s plan and funcs, in plan order. */
function scanOrder(module: string): boolean[] {
  const policy = mustPlan({ modules: [`package t\n${module}`], entrypoints: ['t/p'] })
  const out: boolean[] = []
  walkPolicy(policy, (s) => {
    if (s.type === 'Scan') out.push(s.ordered === true)
  })
  return out
}

const table = [
  { note: 'sort of an array comprehension', module: 'p := sort([k | some k, _ in input.o])', ordered: [false] },
  { note: 'count of one', module: 'p := count([k | some k, _ in input.o])', ordered: [false] },
  {
    note: 'max and min',
    module: 'p := [max([v | some v in input.o]), min([v | some v in input.o])]',
    ordered: [false, false],
  },
  {
    note: 'nested scans of the body too',
    module: 'p := sort([[k, v] | some k, _ in input.o; some v in input.o])',
    ordered: [false, false],
  },
  {
    note: 'in a body, with an output argument',
    module: 'p if { sort([k | some k, _ in input.o], s); s[0] == "a" }',
    ordered: [false],
  },
  { note: 'a bare array comprehension shows its order', module: 'p := [k | some k, _ in input.o]', ordered: [true] },
  {
    note: 'sum does not qualify (float rounding follows the order)',
    module: 'p := sum([v | some v in input.o])',
    ordered: [true],
  },
  {
    note: 'an inner array comprehension in an element still shows its order',
    module: 'p := sort([[k | some k, _ in input.o] | some _, _ in input.o])',
    ordered: [false, true],
  },
  {
    note: 'the comprehension bound to a variable first',
    module: 'p := sort(xs) if xs := [k | some k, _ in input.o]',
    ordered: [true],
  },
]

describe('array comprehensions whose order cannot show', () => {
  for (const row of table) {
    it(row.note, () => {
      expect(scanOrder(row.module)).toEqual(row.ordered)
    })
  }
})
