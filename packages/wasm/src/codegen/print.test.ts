/**
 * `print` end to end: planned as `internal.print` over sets of argument
 * values, written by the host through `evaluateText(…, { print })`. A print
 * never makes its body fail.
 */
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { buildWasm } from './build.js'

interface Row {
  note: string
  module: string
  input?: unknown
  /** Lines printed, in order. */
  lines: string[]
  /** The value of `data.t.p` (undefined: no result). */
  want?: unknown
}

const table: Row[] = [
  {
    note: 'values of every kind',
    module: 'p if print("n:", 1, [1, "a"], {"k": {2}}, null)',
    lines: ['n: 1 [1, "a"] {"k": {2}} null'],
    want: true,
  },
  {
    note: 'an undefined argument prints <undefined> and the rule still succeeds',
    module: 'p := 7 if { print("missing:", input.nope); true }',
    lines: ['missing: <undefined>'],
    want: 7,
  },
  {
    note: 'an argument with several values prints one line each',
    module: 'p if print("x", input.xs[_])',
    input: { xs: [1, 2] },
    lines: ['x 1', 'x 2'],
    want: true,
  },
  {
    note: 'print inside an iteration prints per solution',
    module: 'p contains y if { some x in input.xs; y := x * 10; print("y =", y) }',
    input: { xs: [1, 2] },
    lines: ['y = 10', 'y = 20'],
    want: [10, 20],
  },
  { note: 'print with no arguments prints an empty line', module: 'p if print()', lines: [''], want: true },
  {
    note: 'strings print without quotes at the top level',
    module: 'p if print("hello", input.name)',
    input: { name: 'ann' },
    lines: ['hello ann'],
    want: true,
  },
  {
    note: 'a failing body after print still fails',
    module: 'p if { print("before"); input.x == 1 }',
    input: { x: 2 },
    lines: ['before'],
  },
]

describe('print', () => {
  for (const row of table) {
    it(row.note, () => {
      const r = buildWasm([{ file: 'p.rego', text: `package t\n${row.module}` }], { entrypoints: ['t/p'] })
      if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
      expect(r.hostBuiltins).toContain('internal.print')
      const inst = PolicyInstance.createSync(r.wasm, { hostBuiltins: hostBuiltinImpls })
      const lines: string[] = []
      const out = JSON.parse(inst.evaluateText(JSON.stringify(row.input ?? {}), 't/p', { print: (m) => lines.push(m) }))
      expect(lines).toEqual(row.lines)
      expect(out).toEqual(row.want === undefined ? [] : [{ result: row.want }])
    })
  }

  it('print: false drops the calls (no host builtin needed)', () => {
    const r = buildWasm([{ file: 'p.rego', text: 'package t\np if { print("x", input.nope); true }' }], {
      entrypoints: ['t/p'],
      print: false,
    })
    expect(r.hostBuiltins).toEqual([])
    const lines: string[] = []
    const out = PolicyInstance.createSync(r.wasm!).evaluate({}, 't/p', { print: (m) => lines.push(m) })
    expect([lines, out]).toEqual([[], [{ result: true }]])
  })
})
