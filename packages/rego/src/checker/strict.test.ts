/**
 * OPA's strict mode (`opa check --strict`), row by row with OPA's messages
 * and codes (from OPA's v1/ast/compile_test.go strictness cases), and the
 * checks that hold without it: an unused `some`/`every` variable.
 */
import { describe, expect, it } from 'vitest'
import { parseModule } from '../syntax/index.js'
import { compileModules } from './index.js'

/** Compiles one module (`package t` prepended: the source starts on row 2) and lists `row:col code: message`. */
function errors(src: string, strict: boolean): string[] {
  const parsed = parseModule(`package t\n${src}`, { file: 't.rego' })
  expect(parsed.diagnostics).toEqual([])
  const { diagnostics } = compileModules([parsed.module!], { strict, errorLimit: 100 })
  return diagnostics.map((d) => `${d.location.row}:${d.location.col} ${d.code}: ${d.message}`)
}

interface Row {
  note: string
  src: string
  /** With --strict. */
  strict: string[]
  /** Without it (default: no errors). */
  plain?: string[]
}

function table(rows: Row[]): void {
  for (const { note, src, strict, plain = [] } of rows) {
    it(note, () => {
      expect(errors(src, true)).toEqual(strict)
      expect(errors(src, false)).toEqual(plain)
    })
  }
}

describe('strict: unused imports', () => {
  table([
    {
      note: 'an input ref with the same name does not use the import',
      src: 'import data.foo.bar as bar\nr if { input.bar == 11 }',
      strict: ['2:1 rego_compile_error: import data.foo.bar as bar unused'],
    },
    {
      note: 'the imported path written out does not use the import',
      src: 'import data.foo\nr if { data.foo == 10 }',
      strict: ['2:1 rego_compile_error: import data.foo unused'],
    },
    {
      note: 'one of two unused',
      src: 'import data.foo\nimport data.x.power\nr if { foo == 10 }',
      strict: ['3:1 rego_compile_error: import data.x.power unused'],
    },
    {
      note: 'used in a call, in every, as a rule value',
      src: 'import data.a\nimport data.b\nimport data.c\nr := count(a)\ns if { every x in b { x > 1 } }\nt := c',
      strict: [],
    },
    {
      note: 'future and rego.v1 imports are never unused',
      src: 'import rego.v1\nimport future.keywords.in\nr := 1',
      strict: [],
    },
    {
      note: 'a function argument of the same name shadows the import',
      src: 'import data.foo\nr if { f(1) }\nf(foo) := foo == 1',
      strict: ['2:1 rego_compile_error: import data.foo unused'],
    },
    {
      note: 'an assigned variable of the same name shadows the import',
      src: 'import data.foo\nr if { foo := true; foo }',
      strict: ['2:1 rego_compile_error: import data.foo unused'],
    },
    { note: 'import input is used by input.x', src: 'import input\nr if { input.x == 1 }', strict: [] },
  ])
})

describe('strict: unused local assignments and arguments', () => {
  table([
    {
      note: 'an unused := in a rule body',
      src: 'p if {\n\tx := 1\n}',
      strict: ['3:2 rego_compile_error: assigned var x unused'],
    },
    {
      note: 'in a comprehension body, each unused target',
      src: 'p := [1 | [a, b] := [1, 2]; c := 3; c > a]',
      strict: ['2:11 rego_compile_error: assigned var b unused'],
    },
    {
      note: 'used in the head, in a nested closure, in a with value',
      src: 'p := x if { x := 1 }\nq if { y := 2; [z | z := y] }\nr if { v := 1; input.a with input as v }',
      strict: [],
    },
    {
      note: 'an argument unused in every clause',
      src: 'f(a, b) := a\ng(x) := 1 if { x > 1 } else := 2\nh(_, y) := y\nk(x, x) := 1',
      strict: ['2:1 rego_compile_error: unused argument b. (hint: use _ (wildcard variable) instead)'],
    },
  ])
})

describe('strict: deprecated builtins', () => {
  table([
    {
      note: 'all()',
      src: 'p := all([true, false])',
      strict: ['2:6 rego_type_error: deprecated built-in function calls in expression: all'],
    },
    {
      note: 'any() as an expression',
      src: 'p if {\n\tany([true, false])\n}',
      strict: ['3:2 rego_type_error: deprecated built-in function calls in expression: any'],
    },
    {
      note: 're_match',
      src: 'p if re_match("a", input.x)',
      strict: ['2:6 rego_type_error: deprecated built-in function calls in expression: re_match'],
    },
    {
      note: 'a user function named all is not the builtin',
      src: 'all(arr) := {x | some x in arr} == {true}\np := all([true, false])',
      strict: [],
    },
  ])
})

describe('without strict, as OPA', () => {
  table([
    {
      note: 'some x never used',
      src: 'p if {\n\tsome x\n\ttrue\n}',
      strict: ['3:2 rego_compile_error: declared var x unused'],
      plain: ['3:2 rego_compile_error: declared var x unused'],
    },
    {
      note: 'an every variable never used is reported at the first expression of its body',
      src: 'p if {\n\tevery x in [] { false }\n}',
      strict: ['3:18 rego_compile_error: declared var x unused'],
      plain: ['3:18 rego_compile_error: declared var x unused'],
    },
    { note: 'some x in xs uses x', src: 'p if { some x in input.xs }', strict: [] },
    {
      note: 'input and data stay reserved',
      src: 'p if {\n\tinput := 1\n\tinput\n}',
      strict: ['3:2 rego_compile_error: variables must not shadow input (use a different variable name)'],
      plain: ['3:2 rego_compile_error: variables must not shadow input (use a different variable name)'],
    },
    {
      note: 'duplicate imports',
      src: 'import input.foo\nimport data.foo\nq := foo',
      strict: ['3:1 rego_compile_error: import must not shadow import input.foo'],
      plain: ['3:1 rego_compile_error: import must not shadow import input.foo'],
    },
  ])
})
