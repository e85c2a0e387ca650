/**
 * Strict builtin errors carry the call's `file:row: ` as OPA's do: the code
 * generator records the call site in the runtime's `cordon_loc_file` /
 * `cordon_loc_row` globals before each builtin call; native aborts and the
 * engine's host builtin errors prefix it.
 */
import { PolicyEvalError, PolicyInstance } from '@cordon/engine'
import { hostBuiltinImpls } from '@cordon/builtins'
import { describe, expect, test } from 'vitest'
import { ModuleLinker, readModule } from '../binary/index.js'
import { runtimeLibrary } from './runtime-lib.js'
import { buildWasm } from './build.js'
import { NAMES_AT_START_MIN, StaticData } from './strings.js'

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

describe('file names filled in by the start function (prefix-coded, strings.ts cStringsAtStart)', () => {
  // Sorted, each shares a prefix with the one before: nothing, a folder, a whole name, a name and more.
  const files = [
    'checks/cloud/aws/s3/a.rego',
    'checks/cloud/aws/s3/ab.rego',
    'checks/cloud/aws/s3/ab.rego.more.rego',
    'checks/cloud/aws/sqs/queue_encryption_is_enabled.rego',
    'checks/cloud/azure/ü日/x.rego',
    `checks/${'long/'.repeat(40)}name.rego`,
    'lib/a.rego',
    'main.rego',
    'z.rego',
  ]
  expect(files.length).toBeGreaterThanOrEqual(NAMES_AT_START_MIN)
  const sources = files.map((file, i) => ({
    file,
    text: `package p${i}\n\nnative := input.a + 1\n\nconflict := x if some x in input.xs\n`,
  }))
  const entrypoints = files.flatMap((_, i) => [`p${i}/native`, `p${i}/conflict`])
  const r = buildWasm(sources, { entrypoints })
  if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  const inst = PolicyInstance.createSync(r.wasm, { hostBuiltins: hostBuiltinImpls })
  const error = (input: unknown, entrypoint: string) => {
    try {
      return inst.evaluate(input, entrypoint, { strict: true })
    } catch (err) {
      if (!(err instanceof PolicyEvalError)) throw err
      return `${err.code} ${err.message}`
    }
  }

  test.each(files.map((file, i) => ({ file, i })))('$file', ({ file, i }) => {
    expect(error({ a: 'x' }, `p${i}/native`)).toBe(
      `eval_type_error ${file}:3: plus: operand 1 must be number but got string`,
    )
    expect(error({ xs: [1, 2] }, `p${i}/conflict`)).toBe(
      `eval_conflict_error ${file}:5: complete rules must not produce multiple outputs`,
    )
  })

  test('the static data holds the names prefix-coded, not whole; the start function writes them out', () => {
    expect(readModule(r.wasm!).start).toBeDefined()
    const linker = new ModuleLinker(runtimeLibrary().module)
    const data = new StaticData(linker)
    data.cStringsAtStart(files)
    const text = new TextDecoder().decode(linker.addedData().bytes)
    expect(text).not.toContain('checks/cloud/aws/sqs/')
    expect(text).toContain('qs/queue_encryption_is_enabled.rego')
    expect(text).toContain(`${'long/'.repeat(40)}name.rego`)
  })
})
