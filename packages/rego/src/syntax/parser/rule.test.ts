import { describe, expect, it } from 'vitest'
import { parseModule } from '../parse.js'
import { printRule } from '../print.js'

const mod = (body: string) => `package x\n\n${body}\n`

/** rule productions: each row is a module body → its rules, printed. `*` marks an implicit value. */
const rows: { note: string; src: string; want: string[] }[] = [
  { note: 'complete rule with :=', src: 'p := 1', want: ['p := 1'] },
  { note: 'complete rule with =', src: 'p = 1', want: ['p = 1'] },
  { note: 'implicit true with body', src: 'p if { input.x }', want: ['p = true* if { input.x }'] },
  { note: 'if with a single expression', src: 'p if x > 1', want: ['p = true* if { gt(x, 1) }'] },
  { note: 'value with body', src: 'p := x if {\n  x := 1\n}', want: ['p := x if { assign(x, 1) }'] },
  { note: 'default rule', src: 'default p := false', want: ['default p := false'] },
  { note: 'default function', src: 'default f(_) := 1', want: ['default f(_) := 1'] },
  { note: 'partial set', src: 'p contains x if { some x in xs }', want: ['p contains x if { some x in xs }'] },
  { note: 'partial set without body', src: 'p contains "a"', want: ['p contains "a"'] },
  {
    note: 'ref head partial set',
    src: 'a.b[x].c contains y if { x := 1; y := 2 }',
    want: ['a.b[x].c contains y if { assign(x, 1); assign(y, 2) }'],
  },
  { note: 'partial object', src: 'p[k] := v if { some k, v in o }', want: ['p[k] := v if { some k, v in o }'] },
  { note: 'single-value ref head with if', src: 'p[x] if { x := 1 }', want: ['p[x] = true* if { assign(x, 1) }'] },
  { note: 'dotted ref head', src: 'a.b.c := 1', want: ['a.b.c := 1'] },
  { note: 'ref head with string key', src: 'p.q["r s"] := 1', want: ['p.q["r s"] := 1'] },
  { note: 'keyword in ref head', src: 'as.foo := 1', want: ['as.foo := 1'] },
  { note: 'function', src: 'f(x, y) := x + y', want: ['f(x, y) := plus(x, y)'] },
  { note: 'function with body', src: 'f(x) := y if { y := x * 2 }', want: ['f(x) := y if { assign(y, mul(x, 2)) }'] },
  { note: 'function fact without value or body', src: 'f("a")\nf(x.y)', want: ['f("a") = true*', 'f(x.y) = true*'] },
  { note: 'function implicit true', src: 'f(x) if x > 0', want: ['f(x) = true* if { gt(x, 0) }'] },
  { note: 'dotted function name', src: 'a.b.f(x) := 1 if { x }', want: ['a.b.f(x) := 1 if { x }'] },
  { note: 'several function definitions', src: 'f(1) := "a"\nf(2) := "b"', want: ['f(1) := "a"', 'f(2) := "b"'] },
  {
    note: 'f() without arguments is a rule, as in OPA',
    src: 'f() := 1\ng() if { x }',
    want: ['f := 1', 'g = true* if { x }'],
  },
  {
    note: 'else chain',
    src: 'p := 1 if {\n  input.a\n} else := 2 if {\n  input.b\n} else := 3',
    want: ['p := 1 if { input.a } else := 2 if { input.b } else := 3'],
  },
  { note: 'else if with implicit true', src: 'p if { a } else if { b }', want: ['p = true* if { a } else if { b }'] },
  {
    note: 'else with single expression',
    src: 'p := 1 if a else := 2 if b',
    want: ['p := 1 if { a } else := 2 if { b }'],
  },
  {
    note: 'a brace after else if is the body, as in OPA',
    src: 'p if { a } else if { input.a | input.b }',
    want: ['p = true* if { a } else if { or(input.a, input.b) }'],
  },
  { note: 'several bodies', src: 'p if { a } { b }', want: ['p = true* if { a }', 'p = true* if { b }'] },
  {
    note: 'object comprehension body after if',
    src: 'f(x) := 1 if {x: i | x := xs[i]}',
    want: ['f(x) := 1 if { {x: i | assign(x, xs[i])} }'],
  },
  { note: 'set literal after if is a body', src: 'p if { x }', want: ['p = true* if { x }'] },
  {
    note: 'a comprehension over several lines after if is one literal',
    src: 'p := v if {k: v | some k in xs\n  v := 1\n}',
    want: ['p := v if { {k: v | some k in xs; assign(v, 1)} }'],
  },
  { note: 'a set compared after if is one literal', src: 'p if { x } == y', want: ['p = true* if { equal({x}, y) }'] },
  {
    note: 'template string function arg',
    src: 'f($"{x}") := 42 if { x = "foo" }',
    want: ['f($(x)) := 42 if { eq(x, "foo") }'],
  },
  {
    note: 'a rule named else.x after an else chain',
    src: 'p := 1 if { a } else := 2\nelse.x := 3',
    want: ['p := 1 if { a } else := 2', 'else.x := 3'],
  },
  {
    note: 'keyword-named ref rule with else',
    src: 'foo.as := 4 if {\n  input.x == 1\n} else := 5',
    want: ['foo.as := 4 if { equal(input.x, 1) } else := 5'],
  },
]

describe('rules', () => {
  it.each(rows)('$note', ({ src, want }) => {
    const r = parseModule(mod(src))
    expect(r.diagnostics).toEqual([])
    expect(r.module!.rules.map(printRule)).toEqual(want)
  })

  it('gives else clauses and extra bodies their own heads and locations', () => {
    const r = parseModule(mod('p if { a } { b }\nq := 1 if { a } else := 2'), { file: 'r.rego' })
    const [p1, p2, q] = r.module!.rules
    expect(p2!.loc).toMatchObject({ row: 3, col: 12 })
    expect(p2!.head).not.toBe(p1!.head)
    expect(q!.else!.head).toMatchObject({
      assign: true,
      value: { type: 'number', value: '2' },
      ref: { terms: [{ name: 'q' }] },
    })
    expect(q!.else!.loc).toMatchObject({ row: 4, col: 17 })
    expect(q!.file).toBe('r.rego')
  })

  it('records the head shape of ast.ts', () => {
    const [c, s, o, f] = parseModule(mod('p := 1\nq contains 1\nr[k] := 2 if { k := 1 }\nf(x) := x')).module!.rules
    expect(c!.head).toMatchObject({ type: 'head', assign: true, value: { value: '1' } })
    expect(c!.head.key).toBeUndefined()
    expect(s!.head).toMatchObject({ key: { value: '1' } })
    expect(s!.head.value).toBeUndefined()
    expect(o!.head.ref.terms).toHaveLength(2)
    expect(o!.head.key).toBeUndefined()
    expect(f!.head.args).toHaveLength(1)
    expect(c!).toMatchObject({ type: 'rule', default: false, body: [], annotations: [] })
  })
})
