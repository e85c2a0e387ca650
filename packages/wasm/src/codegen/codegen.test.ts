/**
 * End to end: small Rego policies → buildWasm → the engine's PolicyInstance
 * (and once through OPA's npm SDK), one language feature per test.
 */
import { createRequire } from 'node:module'
import { PolicyEvalError, PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'
import { runtimeLibrary } from './runtime-lib.js'

function build(text: string, entrypoints: string[], queries?: { name: string; query: string }[]) {
  const r = buildWasm([{ file: 'policy.rego', text }], { entrypoints, queries })
  if (!r.wasm)
    throw new Error(r.diagnostics.map((d) => `${d.location.file}:${d.location.row}: ${d.message}`).join('\n'))
  return r
}

function instance(text: string, entrypoints: string[], queries?: { name: string; query: string }[]) {
  return PolicyInstance.createSync(build(text, entrypoints, queries).wasm!)
}

const run = (inst: PolicyInstance, input: unknown, ep: string) => inst.evaluate(input, ep)

describe('codegen', () => {
  test('complete rules, defaults and else', () => {
    const inst = instance(
      `package t
default allow := false
allow if input.user == "admin"
level := "high" if input.n > 10
else := "low"
name := input.name`,
      ['t/allow', 't/level', 't/name'],
    )
    expect(inst.entrypoints).toEqual({ 't/allow': 0, 't/level': 1, 't/name': 2 })
    expect(run(inst, { user: 'admin' }, 't/allow')).toEqual([{ result: true }])
    expect(run(inst, { user: 'bob' }, 't/allow')).toEqual([{ result: false }])
    expect(run(inst, { n: 11 }, 't/level')).toEqual([{ result: 'high' }])
    expect(run(inst, { n: 1 }, 't/level')).toEqual([{ result: 'low' }])
    expect(run(inst, {}, 't/name')).toEqual([])
    expect(run(inst, undefined, 't/name')).toEqual([])
  })

  test('partial sets and objects, iteration', () => {
    const inst = instance(
      `package t
evens contains x if { some x in input.xs; x % 2 == 0 }
by_name[u.name] := u.age if some u in input.users`,
      ['t/evens', 't/by_name'],
    )
    expect(run(inst, { xs: [1, 2, 3, 4, 4] }, 't/evens')).toEqual([{ result: [2, 4] }])
    const users = [
      { name: 'a', age: 1 },
      { name: 'b', age: 2 },
    ]
    expect(run(inst, { users }, 't/by_name')).toEqual([{ result: { a: 1, b: 2 } }])
  })

  test('functions, comprehensions, not, every', () => {
    const inst = instance(
      `package t
double(x) := x * 2
doubled := [double(x) | some x in input.xs]
names := {n | some n in input.names}
lookup := {k: v | some k, v in input.obj}
no_admin if not input.admin
all_pos if every x in input.xs { x > 0 }`,
      ['t/doubled', 't/names', 't/lookup', 't/no_admin', 't/all_pos'],
    )
    expect(run(inst, { xs: [1, 2] }, 't/doubled')).toEqual([{ result: [2, 4] }])
    expect(run(inst, { names: ['b', 'a', 'b'] }, 't/names')).toEqual([{ result: ['a', 'b'] }])
    expect(run(inst, { obj: { k: 1 } }, 't/lookup')).toEqual([{ result: { k: 1 } }])
    expect(run(inst, { admin: true }, 't/no_admin')).toEqual([])
    expect(run(inst, {}, 't/no_admin')).toEqual([{ result: true }])
    expect(run(inst, { xs: [1, 2] }, 't/all_pos')).toEqual([{ result: true }])
    expect(run(inst, { xs: [1, -2] }, 't/all_pos')).toEqual([])
  })

  test('with replaces input and data, memoised rules see the replacement', () => {
    const inst = instance(
      `package t
role := input.role
limit := data.limits.max
checks := [role, r2, limit, l2] if {
  r2 := role with input.role as "root"
  l2 := limit with data.limits.max as 99
}`,
      ['t/checks'],
    )
    inst.setData({ limits: { max: 5 } })
    expect(run(inst, { role: 'user' }, 't/checks')).toEqual([{ result: ['user', 'root', 5, 99] }])
  })

  test('a rule read under different function mocks is not served from the memo', () => {
    const inst = instance(
      `package t
f(x) := x
r := f(1)
out := [a, b, c] if {
  a := r with f as 10
  b := r with f as 20
  c := r
}`,
      ['t/out'],
    )
    expect(run(inst, {}, 't/out')).toEqual([{ result: [10, 20, 1] }])
  })

  test('queries report their variables', () => {
    const inst = instance(`package t\nxs := [1, 2, 3]`, [], [{ name: 'q', query: 'some i; data.t.xs[i] = x; x > 1' }])
    const rows = run(inst, undefined, 'q')
    expect(rows).toHaveLength(2)
    expect(rows).toContainEqual({ i: 1, x: 2 })
    expect(rows).toContainEqual({ i: 2, x: 3 })
  })

  test('conflicts abort with eval_conflict_error', () => {
    const inst = instance(
      `package t
p := input.a
p := input.b
f(x) := 1 if x > 0
f(x) := 2 if x > 1
fr := f(5)
obj[k] := v if { some k, v in input.o1 }
obj[k] := v if { some k, v in input.o2 }`,
      ['t/p', 't/fr', 't/obj'],
    )
    const err = (ep: string, input: unknown) => {
      try {
        run(inst, input, ep)
      } catch (e) {
        return e
      }
      throw new Error('no error')
    }
    expect(run(inst, { a: 1, b: 1 }, 't/p')).toEqual([{ result: 1 }])
    const e1 = err('t/p', { a: 1, b: 2 }) as PolicyEvalError
    expect(e1).toBeInstanceOf(PolicyEvalError)
    expect(e1.code).toBe('eval_conflict_error')
    expect(e1.message).toMatch(/^policy\.rego:\d+: complete rules must not produce multiple outputs$/)
    const e2 = err('t/fr', {}) as PolicyEvalError
    expect(e2.code).toBe('eval_conflict_error')
    expect(e2.message).toContain('functions must not produce multiple outputs')
    const e3 = err('t/obj', { o1: { k: 1 }, o2: { k: 2 } }) as PolicyEvalError
    expect(e3.code).toBe('eval_conflict_error')
    expect(e3.message).toContain('object keys must be unique')
    // The instance stays usable after an abort.
    expect(run(inst, { a: 3 }, 't/p')).toEqual([{ result: 3 }])
  })

  test('host builtins are listed by builtins() and called through opa_builtinN', () => {
    const r = build(`package t\nd := units.parse_bytes(input.s)`, ['t/d'])
    expect(r.hostBuiltins).toEqual(['units.parse_bytes'])
    const inst = PolicyInstance.createSync(r.wasm!, {
      builtins: { 'units.parse_bytes': (s) => (s === '1K' ? 1000 : undefined) },
    })
    expect(inst.hostBuiltins).toEqual(['units.parse_bytes'])
    expect(run(inst, { s: '1K' }, 't/d')).toEqual([{ result: 1000 }])
    expect(run(inst, { s: 'x' }, 't/d')).toEqual([])
  })

  test('a body expression holds unless it is false or undefined (cordon_undefined_or_false)', () => {
    // A lookup, a call, a chain of lookups, and the negation of one.
    const inst = instance(
      `package t\np if input.x\nq if not input.x\nr if object.get(input, "x", false)\ns if input.y.z.x`,
      ['t/p', 't/q', 't/r', 't/s'],
    )
    const holds = [{ result: true }]
    for (const [x, truthy] of [
      [false, false],
      [true, true],
      [0, true],
      ['false', true],
      [null, true],
      [[false], true],
    ] as const) {
      for (const ep of ['t/p', 't/r']) expect(run(inst, { x }, ep)).toEqual(truthy ? holds : [])
      expect(run(inst, { y: { z: { x } } }, 't/s')).toEqual(truthy ? holds : [])
      expect(run(inst, { x }, 't/q')).toEqual(truthy ? [] : holds)
    }
    for (const ep of ['t/p', 't/r', 't/s']) expect(run(inst, {}, ep)).toEqual([])
    expect(run(inst, {}, 't/q')).toEqual(holds)
  })

  test('entrypoints() and builtins() name every entrypoint and host builtin with its id', () => {
    // Names sharing a prefix up to the middle of a character (ä, ö: 0xC3 0xA4, 0xC3 0xB6), and one past 127 bytes.
    const long = 'l'.repeat(200)
    const r = build(
      `package t\na := 1\nb := units.parse_bytes(input.s)\nx["a \\"ä\\""] := 3\nx["a \\"ö"] := 4\nx["${long}"] := 5`,
      ['t/a', 't/b', 't/x/a "ä"', 't/x/a "ö', `t/x/${long}`],
    )
    const inst = PolicyInstance.createSync(r.wasm!, { builtins: { 'units.parse_bytes': () => 1 } })
    expect({ ...inst.entrypoints }).toEqual({ 't/a': 0, 't/b': 1, 't/x/a "ä"': 2, 't/x/a "ö': 3, [`t/x/${long}`]: 4 })
    expect(inst.hostBuiltins).toEqual(['units.parse_bytes'])
    expect(run(inst, {}, 't/x/a "ö')).toEqual([{ result: 4 }])
    expect(run(inst, {}, `t/x/${long}`)).toEqual([{ result: 5 }])
  })

  test('a fuel limit stops runaway evaluations', async () => {
    const { compileWasm } = await import('./compile-policy.js')
    const r = build(`package t\nn := count([1 | some x in input.xs; some y in input.xs])`, ['t/n'])
    const inst = PolicyInstance.createSync(compileWasm(r.policy!, { fuel: 1000 }).wasm)
    const xs = Array.from({ length: 100 }, (_, i) => i)
    expect(() => run(inst, { xs }, 't/n')).toThrow(/resource_exhausted/)
    expect(run(inst, { xs: [1, 2] }, 't/n')).toEqual([{ result: 4 }])
  })

  // Issue 9: host builtins with more than 4 arguments get them packed in one array through opa_builtin1.
  test('passes five or more host builtin arguments packed in one array', async () => {
    const { compileWasm } = await import('./compile-policy.js')
    const policy = {
      strings: [],
      files: [],
      builtins: ['five.args'],
      plans: [
        {
          name: 'p',
          blocks: [
            {
              stmts: [
                {
                  type: 'Call' as const,
                  func: 'five.args',
                  args: Array(5).fill({ kind: 'bool', value: true }),
                  result: 2,
                },
              ],
            },
          ],
        },
      ],
      funcs: [],
    }
    const seen: unknown[][] = []
    const inst = PolicyInstance.createSync(compileWasm(policy).wasm, {
      builtins: { 'five.args': (...args: unknown[]) => (seen.push(args), 1) },
    })
    inst.evaluateText(undefined, 'p')
    expect(seen).toEqual([[[true, true, true, true, true]]])
  })

  test('loads in OPA npm SDK', () => {
    const require = createRequire(import.meta.url)
    const sdk: {
      loadPolicySync(wasm: Uint8Array): { evaluate(input: unknown, ep: string): unknown; setData(d: unknown): void }
    } = require('@open-policy-agent/opa-wasm')
    const r = build(`package t\nallow if { some u in data.admins; u == input.user }\nn := count(data.admins)`, [
      't/allow',
      't/n',
    ])
    const policy = sdk.loadPolicySync(r.wasm!)
    policy.setData({ admins: ['ann', 'bob'] })
    expect(policy.evaluate({ user: 'bob' }, 't/allow')).toEqual([{ result: true }])
    expect(policy.evaluate({ user: 'eve' }, 't/allow')).toEqual([])
    expect(policy.evaluate({}, 't/n')).toEqual([{ result: 2 }])
  })

  test('a rule and a function no entrypoint reaches add nothing to the module', () => {
    const one = `package t\nallow if input.user == "admin"\n`
    const more = `${one}helper(x) := [z | some z in x; startswith(sprintf("%v", [z]), "4")]\nunused := count([1 | some k in input.items; helper(k)[_] == 4])\n`
    expect(build(more, ['t/allow']).wasm!.length).toBe(build(one, ['t/allow']).wasm!.length)
    expect(build(more, ['t/allow', 't/unused']).wasm!.length).toBeGreaterThan(build(one, ['t/allow']).wasm!.length)
  })

  test('a one-rule module is at most 20 KB: only what the host and the policy reach is linked (issue 18)', () => {
    const r = build(`package t\nallow if input.user == "admin"`, ['t/allow'])
    expect(r.wasm!.length).toBeLessThanOrEqual(20 * 1024)
    expect(r.wasm!.length).toBeLessThan(runtimeLibrary().size / 2)
    const inst = PolicyInstance.createSync(r.wasm!)
    expect(run(inst, { user: 'admin' }, 't/allow')).toEqual([{ result: true }])
    const require = createRequire(import.meta.url)
    const sdk: {
      loadPolicySync(wasm: Uint8Array): { evaluate(input: unknown, ep: string): unknown }
    } = require('@open-policy-agent/opa-wasm')
    expect(sdk.loadPolicySync(r.wasm!).evaluate({ user: 'eve' }, 't/allow')).toEqual([])
  })
})
