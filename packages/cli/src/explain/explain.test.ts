import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyInstance } from '@cordon/engine'
import { buildWasm } from '@cordon/wasm'
import { describe, expect, it } from 'vitest'
import { explain } from './explain.js'
import { renderExplain } from './render.js'
import type { BodyTrace, ExplainLimits, ExplainTrace } from './types.js'

const file = 'p.rego'

/** Explains `entrypoint` and checks the instrumented build decided as the plain one. */
async function explained(
  body: string,
  entrypoint: string,
  input?: unknown,
  data: unknown = {},
  limits?: ExplainLimits,
): Promise<ExplainTrace & { result: unknown[] }> {
  const text = `package t\n\n${body}`
  const out = await explain({ sources: [{ file, text }], entrypoint, input, data, limits })
  if (out.kind !== 'explained') throw new Error(JSON.stringify(out))
  const plain = buildWasm([{ file, text }], { entrypoints: [entrypoint.replace(/^data\./, '').replace(/\./g, '/')] })
  const instance = PolicyInstance.createSync(plain.wasm!, { hostBuiltins: hostBuiltinImpls })
  instance.setData(data)
  expect(out.result).toEqual(instance.evaluate(input, entrypoint.replace(/^data\./, '').replace(/\./g, '/')))
  return { ...out.trace, result: out.result }
}

const bodiesOf = (t: ExplainTrace, rule: string, kind: BodyTrace['kind'] = 'rule') =>
  t.bodies.filter((b) => b.rule === rule && b.kind === kind)
const bodyOf = (t: ExplainTrace, rule: string, kind: BodyTrace['kind'] = 'rule', clause = 0) => {
  const b = bodiesOf(t, rule, kind).find((x) => x.clause === clause)
  if (!b)
    throw new Error(
      `no ${kind} body of ${rule} (clause ${clause}) in ${JSON.stringify(t.bodies.map((x) => [x.rule, x.kind, x.clause]))}`,
    )
  return b
}

describe('explain', () => {
  it('reports the expression a body failed at (its 2nd) with the values it read', async () => {
    const t = await explained('allow if {\n  input.role == "admin"\n  input.age > 18\n}\n', 'data.t.allow', {
      role: 'admin',
      age: 12,
    })
    const b = bodyOf(t, 'data.t.allow')
    expect(b).toMatchObject({ entered: 1, succeeded: 0, location: { file, row: 3, col: 1 } })
    expect(b.failed!.expression).toEqual({ index: 1, location: { file, row: 5, col: 3 }, text: 'input.age > 18' })
    expect(b.failed!.values).toEqual([[{ name: 'input.age', values: ['12'] }]])
    expect(b.expressions.map((e) => [e.reached, e.held])).toEqual([
      [1, 1],
      [1, 0],
    ])
  })

  it('lists the bindings of a body that succeeded, once per solution', async () => {
    const t = await explained('p contains [x, y] if {\n  some x in input.xs\n  y := x * 2\n  y > 2\n}\n', 'data.t.p', {
      xs: [1, 2, 3],
    })
    const b = bodyOf(t, 'data.t.p')
    expect(b.succeeded).toBe(2)
    expect(b.failed).toBeUndefined()
    expect(b.bindings).toEqual([
      { x: '2', y: '4' },
      { x: '3', y: '6' },
    ])
    // What each expression bound, once it held: y := x * 2 for every x.
    expect(b.expressions[1]!.after).toEqual([
      [
        { name: 'y', values: ['2'] },
        { name: 'x', values: ['1'] },
      ],
      [
        { name: 'y', values: ['4'] },
        { name: 'x', values: ['2'] },
      ],
      [
        { name: 'y', values: ['6'] },
        { name: 'x', values: ['3'] },
      ],
    ])
  })

  it('shows `with` modifiers and the values read under them', async () => {
    const t = await explained('q if input.n == 1\n\np if q with input.n as 1\n', 'data.t.p', { n: 2 })
    expect(t.withs).toEqual([{ location: { file, row: 5, col: 6 }, target: 'input.n', value: '1' }])
    const q = bodyOf(t, 'data.t.q')
    expect(q.succeeded).toBe(1)
    expect(q.expressions[0]!.before).toEqual([[{ name: 'input.n', values: ['1'] }]])
    expect(bodyOf(t, 'data.t.p').expressions[0]!.withs).toEqual([{ target: 'input.n', value: '1' }])
  })

  it('follows `not` into the rule it negates', async () => {
    const t = await explained('deny if not allowed\n\nallowed if input.ok == true\n', 'data.t.deny', { ok: false })
    expect(bodyOf(t, 'data.t.deny')).toMatchObject({
      succeeded: 1,
      expressions: [{ text: 'not allowed', reached: 1, held: 1 }],
    })
    const allowed = bodyOf(t, 'data.t.allowed')
    expect(allowed.failed!.expression.text).toBe('input.ok == true')
    expect(allowed.failed!.values).toEqual([[{ name: 'input.ok', values: ['false'] }]])
  })

  it('traces an `every` body per element, and the body holding it fails at the `every`', async () => {
    const t = await explained('small if {\n  every x in input.xs { x < 10 }\n}\n', 'data.t.small', { xs: [1, 20] })
    const each = bodyOf(t, 'data.t.small', 'every')
    expect(each).toMatchObject({ entered: 2, succeeded: 1, bindings: [{ x: '1' }] })
    expect(bodyOf(t, 'data.t.small').failed!.expression.text).toBe('every x in input.xs { x < 10 }')
  })

  it('traces comprehension bodies', async () => {
    const t = await explained('big := [x | some x in input.xs; x > 5]\n', 'data.t.big', { xs: [1, 7] })
    expect(bodyOf(t, 'data.t.big', 'comprehension')).toMatchObject({ entered: 1, succeeded: 1, bindings: [{ x: '7' }] })
    const gt = bodyOf(t, 'data.t.big', 'comprehension').expressions[1]!
    expect([gt.text, gt.reached, gt.held]).toEqual(['x > 5', 2, 1])
    expect(gt.before).toEqual([[{ name: 'x', values: ['1'] }], [{ name: 'x', values: ['7'] }]])
  })

  it('traces function bodies with their arguments as bindings', async () => {
    const t = await explained('double(n) := m if {\n  m := n * 2\n}\n\np := double(input.v)\n', 'data.t.p', { v: 3 })
    expect(bodyOf(t, 'data.t.double')).toMatchObject({ succeeded: 1, bindings: [{ n: '3', m: '6' }] })
  })

  it('traces partial objects and sets', async () => {
    const t = await explained(
      'roles[name] := r if {\n  some u in input.users\n  name := u.name\n  r := u.role\n}\n',
      'data.t.roles',
      {
        users: [
          { name: 'a', role: 'admin' },
          { name: 'b', role: 'dev' },
        ],
      },
    )
    const b = bodyOf(t, 'data.t.roles[name]')
    expect(b.succeeded).toBe(2)
    expect(b.bindings.map((x) => [x.name, x.r])).toEqual([
      ['"a"', '"admin"'],
      ['"b"', '"dev"'],
    ])
  })

  it('traces else chains clause by clause', async () => {
    const policy =
      'level := "high" if {\n  input.score > 80\n} else := "mid" if {\n  input.score > 50\n} else := "low"\n'
    const t = await explained(policy, 'data.t.level', { score: 60 })
    expect(t.result).toEqual([{ result: 'mid' }])
    const first = bodyOf(t, 'data.t.level', 'rule', 0)
    expect(first.failed!.expression.text).toBe('input.score > 80')
    expect(first.failed!.values).toEqual([[{ name: 'input.score', values: ['60'] }]])
    expect(bodyOf(t, 'data.t.level', 'rule', 1).succeeded).toBe(1)
    // The last clause was never reached.
    expect(bodiesOf(t, 'data.t.level').map((b) => b.clause)).toEqual([0, 1])
  })

  it('reads data through imports, and an undefined ref as no value', async () => {
    const t = await explained(
      'import data.limits\n\nok if {\n  limits[input.user] > 5\n  input.missing == 1\n}\n',
      'data.t.ok',
      { user: 'u1' },
      { limits: { u1: 9 } },
    )
    expect(t.reads.map((r) => [r.ref, r.values])).toEqual([
      ['limits[input.user]', ['9']],
      ['input.missing', []],
    ])
    const pretty = renderExplain(
      t,
      new Map([
        [file, 'package t\n\nimport data.limits\n\nok if {\n  limits[input.user] > 5\n  input.missing == 1\n}\n'],
      ]),
      'fails',
    )
    expect(pretty).toContain('failed at p.rego:7:3: input.missing == 1')
    expect(pretty).toContain('input.missing = undefined')
  })

  it('keeps builtin mocks and wildcard every variables out of the markers (the build compiles and decides as plain)', async () => {
    const mocked = await explained(
      'mock_count(_) := 7\n\np if {\n  n := count([1]) with count as mock_count\n  n == 7\n}\n',
      'data.t.p',
    )
    expect(mocked.result).toEqual([{ result: true }])
    expect(bodyOf(mocked, 'data.t.p').bindings).toEqual([{ n: '7' }])
    const every = await explained('p if {\n  every _ in input { true }\n}\n', 'data.t.p', [1, 2])
    expect(bodyOf(every, 'data.t.p', 'every')).toMatchObject({ entered: 2, succeeded: 2 })
  })

  it('bounds what it keeps on a hostile policy, without changing the result', async () => {
    const policy =
      'n := count([x | some x in numbers.range(1, 20000)])\n\nlong := concat("", [s | some _ in numbers.range(1, 5000); s := "aaaaaaaaaa"])\n\nboth := [n, count(long)]\n'
    const t = await explained(policy, 'data.t.both', undefined, {}, { maxEvents: 100, maxValueBytes: 40 })
    expect(t.result).toEqual([{ result: [20000, 50000] }])
    expect(t.events).toHaveLength(100)
    expect(t.truncated).toBe(true)
    const comp = bodyOf(t, 'data.t.n', 'comprehension')
    expect(comp.entered).toBe(1)
    expect(comp.succeeded).toBe(20000)
    const longText = bodyOf(t, 'data.t.long', 'rule')
    for (const v of Object.values(longText.bindings[0] ?? {})) expect(v.length).toBeLessThanOrEqual(40)
    const all = JSON.stringify(t)
    expect(all.length).toBeLessThan(100_000)
  })

  it('returns the diagnostics of a policy that does not compile, at file:row:col', async () => {
    const out = await explain({
      sources: [{ file, text: 'package t\n\nallow if {\n  x > 1\n}\n' }],
      entrypoint: 'data.t.allow',
    })
    expect(out.kind).toBe('diagnostics')
    if (out.kind !== 'diagnostics') return
    expect(out.diagnostics[0]).toMatchObject({ code: 'rego_unsafe_var_error', location: { file, row: 4, col: 3 } })
  })
})
