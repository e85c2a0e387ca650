/**
 * Rule indexing end to end: Rego → buildWasm → PolicyInstance. Each policy
 * is built twice, indexed and with `indexRules: false`; the indexed module
 * must hold a `Switch` and give, for every input, the expected result and
 * the same result (or the same error) as running every body.
 */
import { createRequire } from 'node:module'
import { PolicyInstance } from '@cordon/engine'
import { printPolicy } from '@cordon/rego'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'

function build(text: string, entrypoints: string[], indexRules: boolean) {
  const r = buildWasm([{ file: 'policy.rego', text: `package t\n${text}` }], { entrypoints, indexRules })
  if (!r.wasm)
    throw new Error(r.diagnostics.map((d) => `${d.location.file}:${d.location.row}: ${d.message}`).join('\n'))
  return r
}

const outcome = (inst: PolicyInstance, input: string | undefined, ep: string) => {
  try {
    return JSON.parse(inst.evaluateText(input, ep))
  } catch (e) {
    return { error: (e as Error).message }
  }
}

/** The indexed and the unindexed module of `text`; `eval` returns the indexed one's outcome after checking they agree. */
function modules(text: string, ep = 't/p', data?: unknown) {
  const indexed = build(text, [ep], true)
  expect(printPolicy(indexed.policy!)).toContain('Switch')
  expect(printPolicy(build(text, [ep], false).policy!)).not.toContain('Switch')
  const [a, b] = [indexed, build(text, [ep], false)].map((r) => PolicyInstance.createSync(r.wasm!))
  if (data !== undefined) for (const inst of [a!, b!]) inst.setData(data)
  return (input: unknown) => {
    const text = input === undefined ? undefined : typeof input === 'string' ? input : JSON.stringify(input)
    const got = outcome(a!, text, ep)
    expect(got).toEqual(outcome(b!, text, ep))
    return got
  }
}

const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n')
const result = (v: unknown) => [{ result: v }]

describe('rule indexing, compiled', () => {
  test('partial sets: matches, no match, undefined ref, bodies without a comparison', () => {
    const p = modules(
      [
        'p contains "always" if input.on',
        lines(6, (i) => `p contains ${i} if { input.model.id == "m${i % 3}"; not input.user.nationality in {"US"} }`),
        'p contains "also" if input.on',
        lines(3, (i) => `p contains ${i + 10} if input.model.id == "m${i}"`),
      ].join('\n'),
    )
    expect(p({ model: { id: 'm1' }, user: { nationality: 'FR' } })).toEqual(result([1, 4, 11]))
    expect(p({ model: { id: 'm1' }, user: { nationality: 'US' } })).toEqual(result([11]))
    // No user.nationality: as in OPA, the operand of the negated `in` is evaluated first and fails bodies 2 and 5.
    expect(p({ model: { id: 'm2' }, on: true })).toEqual(result([12, 'also', 'always']))
    expect(p({ model: { id: 'm2' }, on: true, user: { nationality: 'FR' } })).toEqual(
      result([2, 5, 12, 'also', 'always']),
    )
    expect(p({ model: { id: 'zz' }, on: true })).toEqual(result(['also', 'always']))
    expect(p({ model: {} })).toEqual(result([]))
    expect(p({ model: 'm1' })).toEqual(result([]))
    expect(p(undefined)).toEqual(result([]))
  })

  test('numbers: one value whatever the spelling, big and negative integers, not strings', () => {
    const p = modules(
      lines(
        5,
        (i) => `p contains ${i} if input.n == ${['-3', '0', '1', '12345678901234567890', '9007199254740993'][i]}`,
      ),
    )
    expect(p('{"n": 1.0}')).toEqual(result([2]))
    expect(p('{"n": 1e0}')).toEqual(result([2]))
    expect(p('{"n": -3}')).toEqual(result([0]))
    expect(p('{"n": -0}')).toEqual(result([1]))
    expect(p('{"n": 12345678901234567890}')).toEqual(result([3]))
    expect(p('{"n": 1.2345678901234567890e19}')).toEqual(result([3]))
    expect(p('{"n": 9007199254740993}')).toEqual(result([4]))
    expect(p('{"n": 9007199254740992}')).toEqual(result([]))
    expect(p('{"n": "1"}')).toEqual(result([]))
    expect(p('{"n": 1.5}')).toEqual(result([]))
  })

  test('booleans, null and strings share one table', () => {
    const p = modules(
      [
        'p contains "t" if input.v == true',
        'p contains "f" if input.v == false',
        'p contains "n" if input.v == null',
        'p contains "s" if input.v == "true"',
      ].join('\n'),
    )
    expect(p({ v: true })).toEqual(result(['t']))
    expect(p({ v: false })).toEqual(result(['f']))
    expect(p({ v: null })).toEqual(result(['n']))
    expect(p({ v: 'true' })).toEqual(result(['s']))
    expect(p({ v: 0 })).toEqual(result([]))
  })

  test('functions: constant argument patterns, argument comparisons, conflicts, default', () => {
    const p = modules(
      [
        'default f(_) := "none"',
        'f("a") := 1',
        'f(x) := 2 if x == "b"',
        'f(x) := 3 if { x.kind == "c" }',
        'f(y) := 4 if y == "d"',
        'f(z) := 5 if z == "d"',
        'p := f(input.v)',
      ].join('\n'),
    )
    expect(p({ v: 'a' })).toEqual(result(1))
    expect(p({ v: 'b' })).toEqual(result(2))
    expect(p({ v: 'x' })).toEqual(result('none'))
    expect(p({ v: { kind: 'c' } })).toEqual(result(3))
    expect(p({ v: 'd' })).toEqual({
      error: expect.stringMatching(/policy\.rego:7: functions must not produce multiple outputs/),
    })
  })

  test('partial objects: values and key conflicts', () => {
    const p = modules(lines(4, (i) => `p[k] := ${i} if { input.kind == "k${i % 2}"; k := input.keys[${i}] }`))
    expect(p({ kind: 'k0', keys: ['a', 'b', 'c', 'd'] })).toEqual(result({ a: 0, c: 2 }))
    expect(p({ kind: 'k1', keys: ['a', 'b', 'c', 'd'] })).toEqual(result({ b: 1, d: 3 }))
    expect(p({ kind: 'k0', keys: ['a', 'b', 'a', 'd'] })).toEqual({
      error: expect.stringContaining('object keys must be unique'),
    })
    expect(p({ kind: 'k1', keys: ['a', 'b', 'a', 'd'] })).toEqual(result({ b: 1, d: 3 }))
  })

  test('complete rules: conflicts between matching bodies are found, others are not run', () => {
    const p = modules(['default p := "d"', lines(6, (i) => `p := ${i % 4} if input.k == "k${i % 3}"`)].join('\n'))
    expect(p({ k: 'k0' })).toEqual({
      error: expect.stringMatching(/policy\.rego:6: complete rules must not produce multiple outputs/),
    })
    expect(p({ k: 'k1' })).toEqual({
      error: expect.stringMatching(/policy\.rego:7: complete rules must not produce multiple outputs/),
    })
    expect(p({ k: 'k2' })).toEqual({
      error: expect.stringMatching(/policy\.rego:8: complete rules must not produce multiple outputs/),
    })
    expect(p({ k: 'k3' })).toEqual(result('d'))
    const same = modules(lines(4, (i) => `p := "same" if input.k == "k${i % 2}"`))
    expect(same({ k: 'k1' })).toEqual(result('same'))
  })

  test('with input.… as …: the indexed ref is read under the replaced input', () => {
    const p = modules(
      [
        lines(4, (i) => `r contains ${i} if input.k == "k${i}"`),
        'p := [r, s, t] if { s := r with input.k as "k3"; t := r with input as {} }',
      ].join('\n'),
    )
    expect(p({ k: 'k1' })).toEqual(result([[1], [3], []]))
    expect(p({})).toEqual(result([[], [3], []]))
  })

  test('refs into base data and into rules, and with data.… as …', () => {
    const text = [
      'mode := input.mode',
      lines(4, (i) => `p contains ${i} if mode == "m${i}"`),
      lines(4, (i) => `q contains ${i} if data.cfg.level == ${i}`),
      'r := [p, s, q, u] if { s := p with data.t.mode as "m2"; u := q with data.cfg.level as 3 }',
    ].join('\n')
    const r = modules(text, 't/r', { cfg: { level: 1 } })
    expect(r({ mode: 'm0' })).toEqual(result([[0], [2], [1], [3]]))
    expect(r({})).toEqual(result([[], [2], [1], [3]]))
  })

  test('the indexed module loads and agrees in OPA’s npm SDK', () => {
    const require = createRequire(import.meta.url)
    const sdk: {
      loadPolicySync(wasm: Uint8Array): { evaluate(input: unknown, ep: string): unknown }
    } = require('@open-policy-agent/opa-wasm')
    const policy = sdk.loadPolicySync(
      build(
        lines(8, (i) => `p contains ${i} if input.k == "k${i % 4}"`),
        ['t/p'],
        true,
      ).wasm!,
    )
    expect(policy.evaluate({ k: 'k3' }, 't/p')).toEqual(result([3, 7]))
    expect(policy.evaluate({}, 't/p')).toEqual(result([]))
  })
})
