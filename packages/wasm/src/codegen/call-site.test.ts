/**
 * Strict builtin errors carry the call's `file:row: ` as OPA's do: the code
 * generator records the call site in the runtime's `cordon_loc_file` /
 * `cordon_loc_row` globals before each builtin call; native aborts and the
 * engine's host builtin errors prefix it.
 */
import { PolicyEvalError, PolicyInstance } from '@cordon/engine'
import { hostBuiltinImpls } from '@cordon/builtins'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'

const lib = `package lib

f(x) := y if {
  y := x * 2
}
`

const main = `package t
import data.lib

native := input.a + 1

host if {
  strings.any_prefix_match(input.a, "x")
}

via_func := lib.f(input.a)

ok := count(input.a)
`

function instance() {
  const r = buildWasm(
    [
      { file: 'main.rego', text: main },
      { file: 'lib/lib.rego', text: lib },
    ],
    { entrypoints: ['t/native', 't/host', 't/via_func', 't/ok'] },
  )
  if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  return PolicyInstance.createSync(r.wasm, { hostBuiltins: hostBuiltinImpls })
}

const rows: { note: string; entrypoint: string; input: unknown; strict: boolean; want: string | unknown[] }[] = [
  {
    note: 'native builtin, strict',
    entrypoint: 't/native',
    input: { a: 'x' },
    strict: true,
    want: 'eval_type_error main.rego:4: plus: operand 1 must be number but got string',
  },
  { note: 'native builtin, not strict', entrypoint: 't/native', input: { a: 'x' }, strict: false, want: [] },
  { note: 'native builtin, no error', entrypoint: 't/native', input: { a: 1 }, strict: true, want: [{ result: 2 }] },
  {
    note: 'host builtin, strict',
    entrypoint: 't/host',
    input: { a: 1 },
    strict: true,
    want: 'eval_type_error main.rego:7: strings.any_prefix_match: operand 1 must be one of {string, set, array} but got number',
  },
  { note: 'host builtin, not strict', entrypoint: 't/host', input: { a: 1 }, strict: false, want: [] },
  {
    note: 'call inside a function of another file',
    entrypoint: 't/via_func',
    input: { a: 'x' },
    strict: true,
    want: 'eval_type_error lib/lib.rego:4: mul: operand 1 must be number but got string',
  },
  {
    note: 'a later call site replaces an earlier one',
    entrypoint: 't/ok',
    input: { a: 1 },
    strict: true,
    want: 'eval_type_error main.rego:12: count: operand 1 must be one of {array, object, set, string} but got number',
  },
]

describe('strict builtin errors carry the call site', () => {
  const inst = instance()
  test.each(rows)('$note', ({ entrypoint, input, strict, want }) => {
    let got: string | unknown[]
    try {
      got = inst.evaluate(input, entrypoint, { strict })
    } catch (err) {
      if (!(err instanceof PolicyEvalError)) throw err
      got = `${err.code} ${err.message}`
    }
    expect(got).toEqual(want)
  })
})
