/**
 * Table-driven tests of the checker's errors, one table per stage, each row
 * with the exact `row:col`, code and message; then what the rewriting stages
 * leave for the planner.
 */
import { describe, expect, it } from 'vitest'
import { parseModule } from '../syntax/index.js'
import { compileModules, type CompileOptions } from './index.js'

/** Compiles one module (`package t` prepended, so the source starts on row 2) and lists `row:col code: message`. */
function errors(src: string, options?: CompileOptions, extra?: string): string[] {
  const parsed = [`package t\n${src}`, ...(extra ? [extra] : [])].map((s, i) =>
    parseModule(s, { file: `t${i || ''}.rego` }),
  )
  expect(parsed.flatMap((p) => p.diagnostics)).toEqual([])
  const { diagnostics } = compileModules(
    parsed.map((p) => p.module!),
    options,
  )
  return diagnostics.map((d) => `${d.location.row}:${d.location.col} ${d.code}: ${d.message}`)
}

interface Row {
  note: string
  src: string
  /** A second module (`t1.rego`) compiled with the first. */
  extra?: string
  want: string[]
}

function table(rows: Row[]): void {
  for (const { note, src, extra, want } of rows) it(note, () => expect(errors(src, {}, extra)).toEqual(want))
}

describe('check-imports', () => {
  table([
    {
      note: 'duplicate import name',
      src: 'import data.a.b\nimport data.c.b\np := b',
      want: ['3:1 rego_compile_error: import must not shadow import data.a.b'],
    },
    {
      note: ':= to input',
      src: 'p if { input := 1 }',
      want: ['2:8 rego_compile_error: variables must not shadow input (use a different variable name)'],
    },
    {
      note: 'argument named data',
      src: 'f(data) := 1',
      want: ['2:3 rego_compile_error: args must not shadow data (use a different variable name)'],
    },
  ])
})

describe('rewrite-local-vars', () => {
  table([
    { note: ':= redeclared', src: 'p if { x := 1; x := 2 }', want: ['2:16 rego_compile_error: var x assigned above'] },
    { note: ':= after use', src: 'p if { x = 1; x := 2 }', want: ['2:15 rego_compile_error: var x referenced above'] },
    { note: ':= after some', src: 'p if { some x; x := 2 }', want: ['2:16 rego_compile_error: var x declared above'] },
    { note: ':= of an argument', src: 'f(x) := 1 if { x := 2 }', want: ['2:16 rego_compile_error: arg x redeclared'] },
    {
      note: 'a variable repeated in function arguments is one variable',
      src: 'same([_, k], k) := true\nf(x, {"a": x}) := x',
      want: [],
    },
    {
      note: 'a variable repeated in a some-in pattern is one variable',
      src: 'p if { some [x, x] in input.pairs; some k, k in input.o }',
      want: [],
    },
    {
      note: 'a some-in pattern redeclaring an earlier some',
      src: 'p if { some x; some x in input.xs }',
      want: ['2:21 rego_compile_error: var x declared above'],
    },
    { note: 'shadowing in a comprehension is allowed', src: 'p if { x := 1; y := [x | x := 2]; x != y }', want: [] },
  ])
})

describe('rewrite-with-targets', () => {
  table([
    {
      note: 'target is not input, data or a function',
      src: 'p if { true with foo as 2 }',
      want: ['2:18 rego_type_error: with keyword target must reference existing input, data, or a function'],
    },
    { note: 'builtin mocked by a builtin', src: 'p if { count([1]) with count as object.union_n }', want: [] },
    {
      note: 'data path below a rule (OPA rejects a partial replacement)',
      src: 'q := {"x": 1}\np if { q.x == 2 with data.t.q.x as 2 }',
      want: ['3:22 rego_compile_error: with keyword cannot partially replace virtual document(s)'],
    },
    {
      note: 'data path below a partial rule, via a local alias',
      src: 'q[k] := 1 if k := "x"\np if { q.x == 2 with q.x as 2 }',
      want: ['3:22 rego_compile_error: with keyword cannot partially replace virtual document(s)'],
    },
    {
      note: 'a whole rule can be replaced',
      src: 'q := {"x": 1}\np if { q.x == 2 with data.t.q as {"x": 2} }',
      want: [],
    },
    {
      note: 'a path above rules can be replaced',
      src: 'sub.q := 1\np if { sub.q == 2 with data.t.sub as {"q": 2} }',
      want: [],
    },
    {
      note: 'base data beside the rules can be replaced',
      src: 'q := 1\np if { data.t.r.s == 2 with data.t.r.s as 2 }',
      want: [],
    },
  ])
})

describe('check-rule-conflicts', () => {
  table([
    {
      note: 'complete and partial set',
      src: 'p := 1\np contains 2',
      want: ['2:1 rego_type_error: conflicting rules data.t.p found'],
    },
    {
      note: 'function arities',
      src: 'f(x) := 1\nf(x, y) := 2',
      want: ['2:1 rego_type_error: conflicting rules data.t.f found'],
    },
    {
      note: 'multiple defaults',
      src: 'default p := 1\ndefault p := 2',
      want: ['2:1 rego_type_error: multiple default rules data.t.p found'],
    },
    {
      note: 'single-value ref head with rules below it',
      src: 'a.b := 1\na.b.c := 2',
      want: ['2:1 rego_type_error: rule data.t.a.b conflicts with [data.t.a.b.c]'],
    },
    {
      note: 'rule with the path of a package',
      src: 'b := 1',
      extra: 'package t.b\nc := 2',
      want: [
        '1:1 rego_type_error: package t.b conflicts with rule b defined at t.rego:2:1',
        '2:1 rego_type_error: rule data.t.b conflicts with [data.t.b.c]',
      ],
    },
    { note: 'partial object beside a ground ref head', src: 'a[x] := 1 if some x in ["q"]\na.r := 2', want: [] },
  ])
})

describe('check-undefined-functions', () => {
  table([
    { note: 'unknown builtin', src: 'p if { foo(1) }', want: ['2:8 rego_type_error: undefined function foo'] },
    { note: 'unknown dotted builtin', src: 'p := x.y(1)', want: ['2:6 rego_type_error: undefined function x.y'] },
    {
      note: 'a rule is no function',
      src: 'q := 1\np if { q(1) }',
      want: ['3:8 rego_type_error: undefined function data.t.q'],
    },
    {
      note: 'user function, too many arguments',
      src: 'f(x) := x\np := f(1, 2, 3)',
      want: ['3:6 rego_type_error: function data.t.f has arity 1, got 3 arguments'],
    },
    { note: 'user function, output argument', src: 'f(x) := x\np if { f(1, y); y == 1 }', want: [] },
    {
      note: 'builtin, too many arguments',
      src: 'p if { count([1], 2, 3) }',
      want: ['2:8 rego_type_error: count: arity mismatch'],
    },
  ])
})

describe('check-safety', () => {
  table([
    { note: 'unbound in a comparison', src: 'p if { x > 1 }', want: ['2:8 rego_unsafe_var_error: var x is unsafe'] },
    { note: 'unbound in the head', src: 'p := x', want: ['2:6 rego_unsafe_var_error: var x is unsafe'] },
    {
      note: 'bound only under not',
      src: 'q := {1}\np contains x if { not q[x] }',
      want: ['3:25 rego_unsafe_var_error: var x is unsafe'],
    },
    {
      note: 'in a with value',
      src: 'p if { input.x with input as y }',
      want: ['2:30 rego_unsafe_var_error: var y is unsafe'],
    },
    { note: 'in a comprehension body', src: 'p := [1 | y > 0]', want: ['2:11 rego_unsafe_var_error: var y is unsafe'] },
    {
      note: 'in an every body',
      src: 'p if { every x in input { x > y } }',
      want: ['2:31 rego_unsafe_var_error: var y is unsafe'],
    },
    {
      note: 'wildcard under not',
      src: 'p if { not input.x[_] }',
      want: ['2:8 rego_unsafe_var_error: expression is unsafe'],
    },
    {
      note: 'cycle of unbound vars, reported once each',
      src: 'p if { x = y; y = x }',
      want: ['2:8 rego_unsafe_var_error: var x is unsafe', '2:12 rego_unsafe_var_error: var y is unsafe'],
    },
    {
      note: 'source name of a renamed local (both sides of the unification, as OPA)',
      src: 'p if { x := y }',
      want: ['2:8 rego_unsafe_var_error: var x is unsafe', '2:13 rego_unsafe_var_error: var y is unsafe'],
    },
    { note: 'bound later in the body', src: 'p if { y > 1; y = input.n }', want: [] },
    { note: 'closure waits for the outer var', src: 'p if { z := [a | a := y]; y = 1; z[0] == 1 }', want: [] },
    { note: 'output argument of a builtin', src: 'p if { count([1], n); n == 1 }', want: [] },
    { note: 'ref bracket binds', src: 'p contains k if { input.xs[k] }', want: [] },
    { note: 'array pattern from a call', src: 'p := n if { [n, _] := split("a.b", ".") }', want: [] },
    {
      note: 'object pattern from a ref binds keys too, as OPA',
      src: 'p contains [k, v] if { {k: v} = input.o }',
      want: [],
    },
    { note: 'composite key in a ref binds', src: 's := {[1, 2]}\np contains x if { s[[1, x]] }', want: [] },
    {
      note: 'some-in pattern compares with a bound ref',
      src: 'p contains x if { o := {"k": 1}; some [o.k, x] in input.pairs }',
      want: [],
    },
    {
      note: 'some-in patterns of values and calls',
      src: 'p if { some "k", {"a": 1} in input.o; some numbers.range(1, 1) in input.xs }',
      want: [],
    },
    {
      note: 'some-in pattern reading an unbound var',
      src: 'p contains x if { some [y.k, x] in input.pairs }',
      want: ['2:25 rego_unsafe_var_error: var y is unsafe'],
    },
    {
      note: "head var bound only by the head value's ref",
      src: 'obj := {"x": {"v": 1}}\nm[k] := obj[k].v if some k',
      want: [],
    },
    {
      note: "head var bound only by a ref in the head's key",
      src: 'xs := [{"n": "a"}]\nnames contains xs[i].n if some i',
      want: [],
    },
    {
      note: 'comprehension head var bound only by its ref',
      src: 'w := [["a"]]\np := [{"a": w[i][0]} | not startswith("b", w[i][0])]',
      want: [],
    },
    {
      note: 'a head var no ref binds stays unsafe',
      src: 'm[k] := input.x[j] if some k',
      want: ['2:3 rego_unsafe_var_error: var k is unsafe'],
    },
    {
      note: '`some i` where only a comprehension binds i',
      src: 'p := x if { some i; x := [y | y := input.xs[i]] }',
      want: [],
    },
    {
      note: 'else clause checked on its own',
      src: 'p := 1 if { false } else := y',
      want: ['2:29 rego_unsafe_var_error: var y is unsafe'],
    },
  ])
})

describe('check-recursion', () => {
  table([
    {
      note: 'two rules',
      src: 'p if q\nq if p',
      want: [
        '2:1 rego_recursion_error: rule data.t.p is recursive: data.t.p -> data.t.q -> data.t.p',
        '3:1 rego_recursion_error: rule data.t.q is recursive: data.t.q -> data.t.p -> data.t.q',
      ],
    },
    {
      note: 'through a function',
      src: 'f(x) := y if y := g(x)\ng(x) := f(x)',
      want: [
        '2:1 rego_recursion_error: rule data.t.f is recursive: data.t.f -> data.t.g -> data.t.f',
        '3:1 rego_recursion_error: rule data.t.g is recursive: data.t.g -> data.t.f -> data.t.g',
      ],
    },
    {
      note: 'whole package',
      src: 'p if data.t',
      want: ['2:1 rego_recursion_error: rule data.t.p is recursive: data.t.p -> data.t.p'],
    },
    { note: 'a number never names a rule', src: 'p := data[2]', want: [] },
  ])
})

describe('check-types', () => {
  table([
    { note: 'count of a number', src: 'p if { count(1) }', want: ['2:8 rego_type_error: count: invalid argument(s)'] },
    { note: 'upper of a number', src: 'p := upper(5)', want: ['2:6 rego_type_error: upper: invalid argument(s)'] },
    { note: 'string plus number', src: 'p := "a" + 1', want: ['2:6 rego_type_error: plus: invalid argument(s)'] },
    {
      note: 'nested result type',
      src: 'p := upper(count([]))',
      want: ['2:6 rego_type_error: upper: invalid argument(s)'],
    },
    { note: 'unknown types pass', src: 'p := upper(input.x)', want: [] },
  ])
  it('gives have/want details', () => {
    const parsed = parseModule('package t\np := "a" + 1', { file: 't.rego' })
    expect(compileModules([parsed.module!]).diagnostics[0]!.details).toEqual([
      'have: (string, number)',
      'want: (number, number)',
    ])
  })
})
