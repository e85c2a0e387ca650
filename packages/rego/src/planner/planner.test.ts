/**
 * The planner, construct by construct: each row plans a small policy and
 * runs it with the reference interpreter. The conformance test covers the
 * suite; these rows pin the behaviours worth naming.
 */
import { describe, expect, it } from 'vitest'
import { mustPlan, plan, rows, run } from './testing/helpers.js'

interface Row {
  note: string
  modules: string[]
  query: string
  input?: unknown
  data?: unknown
  want: unknown[]
}

const table: Row[] = [
  { note: 'complete rule', modules: ['package t\np := 1'], query: 'x := data.t.p', want: [{ x: 1 }] },
  { note: 'undefined rule gives no row', modules: ['package t\np if false'], query: 'x := data.t.p', want: [] },
  {
    note: 'default is used only when no rule gives a value',
    modules: ['package t\ndefault p := 0\np := 1 if input.on'],
    query: 'x := data.t.p',
    input: { on: false },
    want: [{ x: 0 }],
  },
  {
    note: 'else chain picks the first clause with a solution',
    modules: ['package t\np := 1 if input.x == 1 else := 2 if input.x == 2 else := 3'],
    query: 'x := data.t.p',
    input: { x: 2 },
    want: [{ x: 2 }],
  },
  {
    note: 'partial set collects every solution',
    modules: ['package t\np contains x if some x in [1, 2, 2]'],
    query: 'x := data.t.p',
    want: [{ x: [1, 2] }],
  },
  {
    note: 'partial object',
    modules: ['package t\np[k] := v if some k, v in {"a": 1, "b": 2}'],
    query: 'x := data.t.p',
    want: [{ x: { a: 1, b: 2 } }],
  },
  {
    note: 'ref head with a variable in the middle nests objects',
    modules: ['package t\na[x].b := 1 if some x in ["u", "v"]'],
    query: 'x := data.t.a',
    want: [{ x: { u: { b: 1 }, v: { b: 1 } } }],
  },
  {
    note: 'multi-value ref head adds to a set under the key',
    modules: ['package t\na[x] contains y if some x, y in ["u", "v"]'],
    query: 'x := data.t.a',
    want: [{ x: { '0': ['u'], '1': ['v'] } }],
  },
  {
    note: 'function with argument patterns',
    modules: ['package t\nf([a, b]) := a + b'],
    query: 'x := data.t.f([1, 2])',
    want: [{ x: 3 }],
  },
  {
    note: 'function call as a relation with an output argument',
    modules: ['package t\nf(a) := a * 2'],
    query: 'data.t.f(2, x)',
    want: [{ x: 4 }],
  },
  {
    note: 'iteration over base data binds the key',
    modules: ['package t\np contains k if data.xs[k] > 1'],
    query: 'x := data.t.p',
    data: { xs: { a: 1, b: 2 } },
    want: [{ x: ['b'] }],
  },
  {
    note: 'virtual document of a package merges base data',
    modules: ['package t\np := 1'],
    query: 'x := data.t',
    data: { t: { q: 2 } },
    want: [{ x: { p: 1, q: 2 } }],
  },
  {
    note: 'bound variable segment over rules: one block per child',
    modules: ['package t\np := 1\nq := 2'],
    query: 'k := "q"; x := data.t[k]',
    want: [{ k: 'q', x: 2 }],
  },
  {
    note: 'unbound segment over rules enumerates rules and base keys',
    modules: ['package t\np := 1'],
    query: 'x := data.t[k]',
    data: { t: { q: 2 } },
    want: [
      { k: 'p', x: 1 },
      { k: 'q', x: 2 },
    ],
  },
  {
    note: 'not over an iteration succeeds only when no element matches',
    modules: ['package t\np if not 3 in input'],
    query: 'x := data.t.p',
    input: [1, 2],
    want: [{ x: true }],
  },
  {
    note: 'not fails when some element matches',
    modules: ['package t\np if not 2 in input'],
    query: 'x := data.t.p',
    input: [1, 2],
    want: [],
  },
  {
    note: 'not over a rule that iterates',
    modules: ['package t\nhas2 if input[_] == 2\np if not has2'],
    query: 'x := data.t.p',
    input: [1, 3],
    want: [{ x: true }],
  },
  {
    note: 'every holds over all elements',
    modules: ['package t\np if every x in input { x > 0 }'],
    query: 'x := data.t.p',
    input: [1, 2],
    want: [{ x: true }],
  },
  {
    note: 'every fails on a counterexample',
    modules: ['package t\np if every x in input { x > 1 }'],
    query: 'x := data.t.p',
    input: [1, 2],
    want: [],
  },
  {
    note: 'every over a non-collection is undefined',
    modules: ['package t\np if every x in input { x > 1 }'],
    query: 'x := data.t.p',
    input: 5,
    want: [],
  },
  {
    note: 'comprehensions are defined when empty',
    modules: ['package t\np := [x | some x in input; x > 5]'],
    query: 'x := data.t.p',
    input: [1],
    want: [{ x: [] }],
  },
  {
    note: 'object comprehension',
    modules: ['package t\np := {k: v | some k, v in input}'],
    query: 'x := data.t.p',
    input: ['a'],
    want: [{ x: { '0': 'a' } }],
  },
  {
    note: 'with replaces input for one expression only',
    modules: ['package t\np := input.v'],
    query: 'x := data.t.p with input.v as 7; y := data.t.p',
    input: { v: 1 },
    want: [{ x: 7, y: 1 }],
  },
  {
    note: 'with replaces a rule through data',
    modules: ['package t\np := 1\nq := p + 1'],
    query: 'x := data.t.q with data.t.p as 10',
    want: [{ x: 11 }],
  },
  {
    note: 'with mocks a function by a value',
    modules: ['package t\nf(x) := x\np := f(1)'],
    query: 'x := data.t.p with data.t.f as 5',
    want: [{ x: 5 }],
  },
  {
    note: 'with mocks a builtin by a function',
    modules: ['package t\nmy_count(_) := 42\np := count([1])'],
    query: 'x := data.t.p with count as data.t.my_count',
    want: [{ x: 42 }],
  },
  {
    note: 'array pattern unification',
    modules: ['package t\np := [a, b] if [a, 2, b] = [1, 2, 3]'],
    query: 'x := data.t.p',
    want: [{ x: [1, 3] }],
  },
  {
    note: 'object pattern against a value',
    modules: ['package t\np := v if {"a": v} = input'],
    query: 'x := data.t.p',
    input: { a: 4 },
    want: [{ x: 4 }],
  },
  {
    note: 'template string',
    modules: ['package t\np := $"n={input.n} m={input.m}"'],
    query: 'x := data.t.p',
    input: { n: 1 },
    want: [{ x: 'n=1 m=<undefined>' }],
  },
  {
    note: 'undefined input inside a composite makes it undefined',
    modules: ['package t\np if [1, input]'],
    query: 'x := data.t.p',
    want: [],
  },
  {
    note: 'query variables: wildcards and generated names are not reported',
    modules: ['package t\np := [1, 2]'],
    query: 'some i; data.t.p[i] = v; _ = i',
    want: [
      { i: 0, v: 1 },
      { i: 1, v: 2 },
    ],
  },
  {
    note: 'ref heads build nested objects for their package',
    modules: ['package t\na.b.c := 1\na.b.d := 2'],
    query: 'x := data.t.a',
    want: [{ x: { b: { c: 1, d: 2 } } }],
  },
  {
    note: 'ref head partial object next to a complete ref head below it',
    modules: ['package t\np[x].y := 1 if some x in ["u"]\np.z.w := 2'],
    query: 'x := data.t.p',
    want: [{ x: { u: { y: 1 }, z: { w: 2 } } }],
  },
  {
    note: 'ref head with two variables',
    modules: ['package t\np[x][y] := x + y if { some x in [1]; some y in [10] }'],
    query: 'x := data.t.p[1][10]',
    want: [{ x: 11 }],
  },
  {
    note: 'iterating a level mixing rules and base data',
    modules: ['package t\na.r := 1'],
    query: 'v := data.t.a[k]',
    data: { t: { a: { b: 2 } } },
    want: [
      { k: 'r', v: 1 },
      { k: 'b', v: 2 },
    ],
  },
  {
    note: 'default on a ref head',
    modules: ['package t\ndefault a.b := 0\na.b := 1 if input.on'],
    query: 'x := data.t.a',
    want: [{ x: { b: 0 } }],
  },
  {
    note: 'empty package as a document',
    modules: ['package t.u', 'package t\np := 1'],
    query: 'x := data.t',
    want: [{ x: { p: 1, u: {} } }],
  },
  {
    note: 'rule shadowed by base data where both define a key: base wins',
    modules: ['package t\nx := []'],
    query: 'y := data.t',
    data: { t: { x: { y: 1 } } },
    want: [{ y: { x: { y: 1 } } }],
  },
  {
    note: 'iterating a level whose rule and child rules both give keys',
    modules: ['package t\np.q[r].s := 1 if r := "a"\np.q.b.s := 2'],
    query: 'v := data.t.p.q[x].s',
    want: [
      { x: 'a', v: 1 },
      { x: 'b', v: 2 },
    ],
  },
  {
    note: 'multi-value ref head next to a complete one',
    modules: ['package t\na.b.c.r contains 1 if true\na.b.d := 3'],
    query: 'x := data.t.a.b',
    want: [{ x: { c: { r: [1] }, d: 3 } }],
  },
  {
    note: 'set leaves of a variable ref head and of a ground one below it merge',
    modules: ['package t\na[x].r contains y if { some x in ["p", "q"]; some y in [1, 2] }\na.p.r contains 7'],
    query: 'x := data.t.a',
    want: [{ x: { p: { r: [1, 2, 7] }, q: { r: [1, 2] } } }],
  },
  {
    note: 'a deep query into merged set leaves',
    modules: ['package t\na[x].r contains y if { some x in ["p", "q"]; some y in [1, 2] }\na.p.r contains 7'],
    query: 'x := data.t.a.p.r; data.t.a.p.r[7]; y := [k | data.t.a[k].r[2]]',
    want: [{ x: [1, 2, 7], y: ['p', 'q'] }],
  },
  {
    note: 'equal values of overlapping ref heads do not conflict',
    modules: ['package t\nf[x] := 1 if x := "q"\nf.q := 1'],
    query: 'x := data.t.f',
    want: [{ x: { q: 1 } }],
  },
  {
    note: 'non-string key in a ref head',
    modules: ['package t\np[1] := "one"'],
    query: 'x := data.t.p[1]',
    want: [{ x: 'one' }],
  },
  {
    note: 'walk is a relation: its outputs are scanned',
    modules: ['package t\np contains v if walk(input, [["a"], v])'],
    query: 'x := data.t.p',
    input: { a: 5 },
    want: [{ x: [5] }],
  },
  {
    note: 'walk used as a value is each [path, value] in turn',
    modules: ['package t\nall contains x if x := walk(input)\nfives contains path if [path, 5] = walk(input)'],
    query: 'x := data.t.all; y := data.t.fives',
    input: { a: [{ b: 5 }] },
    want: [
      {
        x: [
          [[], { a: [{ b: 5 }] }],
          [['a'], [{ b: 5 }]],
          [['a', 0], { b: 5 }],
          [['a', 0, 'b'], 5],
        ],
        y: [['a', 0, 'b']],
      },
    ],
  },
  {
    note: 'print is dropped and never fails',
    modules: ['package t\np if print(input.missing)'],
    query: 'x := data.t.p',
    want: [{ x: true }],
  },
  {
    note: 'data[2] finds the key "2" in base data',
    modules: ['package t\np := data[2]'],
    query: 'x := data.t.p',
    data: { '2': 'two' },
    want: [{ x: 'two' }],
  },
]

describe('planPolicy: constructs', () => {
  for (const row of table) {
    it(row.note, () => {
      const policy = mustPlan({ modules: row.modules, queries: { q: row.query } })
      expect(run(policy, 'q', row.input, row.data)).toEqual(rows(...row.want))
    })
  }
})

describe('planPolicy: entrypoints and errors', () => {
  it('plans an entrypoint as `result = data.<path>`', () => {
    const policy = mustPlan({ modules: ['package a.b\nallow if input.ok'], entrypoints: ['a/b/allow'] })
    expect(policy.plans.map((p) => p.name)).toEqual(['a/b/allow'])
    expect(run(policy, 'a/b/allow', { ok: true })).toEqual(rows({ result: true }))
    expect(run(policy, 'a/b/allow', { ok: false })).toEqual([])
  })

  it('reports an entrypoint that names no rule', () => {
    const { policy, diagnostics } = plan({ modules: ['package a\np := 1'], entrypoints: ['a/q'] })
    expect(policy).toBeUndefined()
    expect(diagnostics.map((d) => d.code)).toEqual(['rego_compile_error'])
    expect(diagnostics[0]!.message).toContain('a/q')
  })

  it('gives conflict statements the rule location', () => {
    const policy = mustPlan({ modules: ['package t\np := 1\np := 2 if true'], entrypoints: ['t/p'] })
    expect(() => run(policy, 't/p')).toThrow(
      /m0\.rego:3:1: eval_conflict_error: complete rules must not produce multiple outputs/,
    )
  })

  it('reports object insert conflicts of partial objects', () => {
    const policy = mustPlan({
      modules: ['package t\np[k] := v if some k, v in {"a": 1}\np[k] := 2 if k := "a"'],
      entrypoints: ['t/p'],
    })
    expect(() => run(policy, 't/p')).toThrow(/eval_conflict_error: object keys must be unique/)
  })

  it('reports conflicts of overlapping ref heads, as OPA', () => {
    const conflict = /eval_conflict_error: object keys must be unique/
    const values = mustPlan({
      modules: ['package t\ng[x] := 1 if x := "q"\ng.q := 2'],
      queries: { all: 'x := data.t.g', deep: 'x := data.t.g.q' },
    })
    expect(() => run(values, 'all')).toThrow(conflict)
    expect(() => run(values, 'deep')).toThrow(conflict)
    // A set or an object where another rule put a different kind of value.
    const kinds = mustPlan({
      modules: ['package t\nh.k.s := 5\nh[x].s contains 1 if x := "k"\no.q := 2\no[x].y := 1 if x := "q"'],
      queries: { h: 'x := data.t.h', o: 'x := data.t.o' },
    })
    expect(() => run(kinds, 'h')).toThrow(conflict)
    expect(() => run(kinds, 'o')).toThrow(conflict)
    // A rule writing below another rule's value meets it in a conflict instead of writing into it (OPA issue 5855).
    const below = mustPlan({
      modules: ['package t\np[k] := {"a": {"b": 1}} if k := "bar"\np.bar[k] := {"c": 2} if k := "a"'],
      queries: { p: 'x := data.t.p' },
    })
    expect(() => run(below, 'p')).toThrow(conflict)
  })

  it('memoizes funcs without arguments only, and replans rules under a function mock', () => {
    const policy = mustPlan({
      modules: ['package t\nf(x) := x\np := f(1)\nq := 1'],
      queries: { q: 'x := data.t.p with data.t.f as 2; y := data.t.q' },
    })
    const byName = new Map(policy.funcs.map((f) => [f.name, f]))
    expect(byName.get('g0.data.t.q')?.memoize).toBe(true)
    expect(byName.get('g1.data.t.p')?.params).toHaveLength(3)
    expect(byName.get('g1.data.t.p')?.memoize).toBeUndefined()
    expect(policy.builtins).toEqual([])
  })

  it('plans long bodies and large literals without exhausting the stack', () => {
    const n = 2000
    const lines = Array.from({ length: n }, (_, i) => `x${i + 1} := x${i} + 1`).join('\n  ')
    const body = mustPlan({ modules: [`package t\np := x${n} if {\n  x0 := 0\n  ${lines}\n}`], entrypoints: ['t/p'] })
    expect(run(body, 't/p')).toEqual(rows({ result: n }))
    const list = mustPlan({
      modules: [`package t\np := count([${Array.from({ length: n }, (_, i) => i).join(', ')}])`],
      entrypoints: ['t/p'],
    })
    expect(run(list, 't/p')).toEqual(rows({ result: n }))
  })

  it('lists the builtins the policy calls', () => {
    const policy = mustPlan({ modules: ['package t\np := count(input) + 1'], entrypoints: ['t/p'] })
    expect(policy.builtins).toEqual(['count', 'plus'])
  })
})
