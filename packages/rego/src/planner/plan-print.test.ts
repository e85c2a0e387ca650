/** `print` in the IR: one set per argument, filled in its own block, then `internal.print`; the body never fails on it. */
import { describe, expect, it } from 'vitest'
import { printPolicy } from '../ir/print.js'
import { mustPlan } from './testing/helpers.js'
import { evaluate } from './testing/ir-interpreter.js'
import { fromJSON, show, type Value } from './testing/values.js'

const table = [
  {
    note: 'defined and undefined arguments',
    module: 'p if { print("a", input.x, input.nope) }',
    input: { x: 1 },
    want: ['{"a"} {1} set()'],
  },
  {
    note: 'an iterating argument collects every value',
    module: 'p if print(input.xs[_])',
    input: { xs: [2, 1, 2] },
    want: ['{1, 2}'],
  },
  {
    note: 'one call per solution of the body',
    module: 'p contains x if { some x in input.xs; print(x) }',
    input: { xs: [1, 2] },
    want: ['{1}', '{2}'],
  },
]

describe('print', () => {
  for (const row of table) {
    it(row.note, () => {
      const policy = mustPlan({ modules: [`package t\n${row.module}`], entrypoints: ['t/p'] })
      expect(policy.builtins).toContain('internal.print')
      const lines: string[] = []
      const print = (arr: Value) => (lines.push((arr as Value[]).map(show).join(' ')), true)
      const out = evaluate(policy, 't/p', { input: fromJSON(row.input), builtins: { 'internal.print': print } })
      expect(lines.sort()).toEqual(row.want)
      expect(out).toHaveLength(1)
    })
  }

  it('is dropped with print: false', () => {
    const on = mustPlan({ modules: ['package t\np if print(1)'], entrypoints: ['t/p'] })
    expect(printPolicy(on)).toContain('Call internal.print(')
    const off = mustPlan({ modules: ['package t\np if print(1)'], entrypoints: ['t/p'], print: false })
    expect(printPolicy(off)).not.toContain('internal.print')
    expect(off.builtins).toEqual([])
  })
})
