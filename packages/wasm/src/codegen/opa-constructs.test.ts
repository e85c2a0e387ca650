/**
 * End to end (Rego → buildWasm → the engine's PolicyInstance): constructs
 * OPA accepts that real policy sets use (issue 15 §3), each with the result
 * OPA gives.
 */
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyEvalError, PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'

function instance(text: string, entrypoints: string[]): PolicyInstance {
  const r = buildWasm([{ file: 'policy.rego', text }], { entrypoints })
  if (!r.wasm)
    throw new Error(r.diagnostics.map((d) => `${d.location.row}:${d.location.col}: ${d.code}: ${d.message}`).join('\n'))
  return PolicyInstance.createSync(r.wasm, { hostBuiltins: hostBuiltinImpls })
}

/** The value of each entrypoint (undefined when the rule is undefined). */
function values(text: string, entrypoints: string[], input?: unknown): Record<string, unknown> {
  const inst = instance(text, entrypoints)
  return Object.fromEntries(entrypoints.map((e) => [e, inst.evaluate(input, e)[0]?.result]))
}

describe('constructs OPA accepts', () => {
  test('a function fact with no value and no body is true for its arguments', () => {
    const src = `package t
is_admin("alice")
is_admin("bob")
allow if is_admin(input.user)`
    expect(values(src, ['t/allow'], { user: 'bob' })).toEqual({ 't/allow': true })
    expect(values(src, ['t/allow'], { user: 'eve' })).toEqual({ 't/allow': undefined })
  })

  test('a variable repeated in function arguments must have one value', () => {
    const src = `package t
same([_, k], k) := true
yes if same(["a", "b"], "b")
no if same(["a", "b"], "c")
eq3(x, x, x) := x
three := eq3(input.a, input.b, input.c)`
    expect(values(src, ['t/yes', 't/no', 't/three'], { a: 1, b: 1, c: 1 })).toEqual({
      't/yes': true,
      't/no': undefined,
      't/three': 1,
    })
    expect(values(src, ['t/three'], { a: 1, b: 1, c: 2 })).toEqual({ 't/three': undefined })
  })

  test('some … in patterns compare bound refs, values, composites and calls', () => {
    const src = `package t
pairs := [["a", 1], ["b", 2]]
found contains x if {
  obj := {"k": "b"}
  some [obj.k, x] in pairs
}
has_foo if some "foo" in input.xs
has_a1 if some {"a": 1} in input.xs
has_range if some numbers.range(1, 1) in input.xs
k_val contains v if some "k", v in input.obj
twins contains x if some [x, x] in input.pairs`
    const eps = ['t/found', 't/has_foo', 't/has_a1', 't/has_range', 't/k_val', 't/twins']
    expect(
      values(src, eps, {
        xs: ['foo', { a: 1 }, [1]],
        obj: { k: 1, j: 2 },
        pairs: [
          [1, 1],
          [1, 2],
          [3, 3],
        ],
      }),
    ).toEqual({
      't/found': [2],
      't/has_foo': true,
      't/has_a1': true,
      't/has_range': true,
      't/k_val': [1],
      't/twins': [1, 3],
    })
    expect(values(src, eps, { xs: ['bar', { a: 2 }, [2]], obj: { j: 2 }, pairs: [[1, 2]] })).toEqual({
      't/found': [2],
      't/has_foo': undefined,
      't/has_a1': undefined,
      't/has_range': undefined,
      't/k_val': [],
      't/twins': [],
    })
  })

  test("head variables bound only by the head's refs, in rules and comprehensions", () => {
    const src = `package t
m[k] := input.obj[k].v if some k
names contains input.xs[i].n if some i
missing := [{"a": w[i][0]} | not contains(input.cmd, w[i][0])] if w := input.wanted`
    const input = {
      obj: { x: { v: 1 }, y: { v: 2 }, z: {} },
      xs: [{ n: 'a' }, { n: 'b' }],
      cmd: 'run --fast',
      wanted: [['--fast'], ['--safe']],
    }
    expect(values(src, ['t/m', 't/names', 't/missing'], input)).toEqual({
      't/m': { x: 1, y: 2 },
      't/names': ['a', 'b'],
      't/missing': [{ a: '--safe' }],
    })
  })

  test('`some i` in a body where only a comprehension binds i', () => {
    const src = `package t
all := x if {
  some i
  x := [y | y := input.xs[i]]
}
one := x if {
  some i
  x := [y | y := input.xs[i]]
  i = 1
}`
    expect(values(src, ['t/all', 't/one'], { xs: [1, 2] })).toEqual({ 't/all': [1, 2], 't/one': [2] })
  })

  test('general ref heads: set leaves merge, overlapping values conflict', () => {
    const src = `package t
a[x].r contains y if { some x in ["p", "q"]; some y in [1, 2] }
a.p.r contains 7
g[x] := 1 if x := input.k
g.q := 2
deep := [k | data.t.a[k].r[7]]`
    const inst = instance(src, ['t/a', 't/a/p/r', 't/deep', 't/g'])
    expect(inst.evaluate(undefined, 't/a')).toEqual([{ result: { p: { r: [1, 2, 7] }, q: { r: [1, 2] } } }])
    expect(inst.evaluate(undefined, 't/a/p/r')).toEqual([{ result: [1, 2, 7] }])
    expect(inst.evaluate(undefined, 't/deep')).toEqual([{ result: ['p'] }])
    expect(inst.evaluate({ k: 'z' }, 't/g')).toEqual([{ result: { q: 2, z: 1 } }])
    let err: unknown
    try {
      inst.evaluate({ k: 'q' }, 't/g')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(PolicyEvalError)
    expect(err).toMatchObject({
      code: 'eval_conflict_error',
      message: expect.stringContaining('object keys must be unique'),
    })
  })

  test('walk gives one [path, value] per node as a relation, an assignment and a value', () => {
    const src = `package t
rel contains [p, v] if walk(input, [p, v])
assigned contains [p, v] if [p, v] := walk(input)
value contains x if x := walk(input)
deep := [p | walk(input, [p, 1])]`
    const input = { a: [{ b: [{ c: 1 }] }, { d: 2 }] }
    const nodes = [
      [[], input],
      [['a'], input.a],
      [['a', 0], input.a[0]],
      [['a', 0, 'b'], [{ c: 1 }]],
      [['a', 0, 'b', 0], { c: 1 }],
      [['a', 0, 'b', 0, 'c'], 1],
      [['a', 1], { d: 2 }],
      [['a', 1, 'd'], 2],
    ]
    const got = values(src, ['t/rel', 't/assigned', 't/value', 't/deep'], input)
    for (const ep of ['t/rel', 't/assigned', 't/value'])
      expect(new Set((got[ep] as unknown[]).map((x) => JSON.stringify(x)))).toEqual(
        new Set(nodes.map((x) => JSON.stringify(x))),
      )
    expect(got['t/deep']).toEqual([['a', 0, 'b', 0, 'c']])
  })

  test('a METADATA field left empty (`# description:`) is absent, as in OPA', () => {
    const src = `package t

# METADATA
# description:
# title: T
meta := rego.metadata.rule()`
    expect(values(src, ['t/meta'])).toEqual({ 't/meta': { scope: 'rule', title: 'T' } })
  })

  test("a ref head writing below another rule's value conflicts and leaves the value (a constant) unchanged", () => {
    const src = `package t
a[x] := {"r": {1}} if x := input.x
a[x].r contains 2 if x := "p"
k := {"r": {1}}`
    const inst = instance(src, ['t/a', 't/k'])
    expect(() => inst.evaluate({ x: 'p' }, 't/a')).toThrow(/object keys must be unique/)
    expect(inst.evaluate({ x: 'q' }, 't/a')).toEqual([{ result: { p: { r: [2] }, q: { r: [1] } } }])
    expect(inst.evaluate({ x: 'p' }, 't/k')).toEqual([{ result: { r: [1] } }])
  })
})
