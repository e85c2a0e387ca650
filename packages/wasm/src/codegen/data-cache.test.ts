/**
 * The data cache: rules of data alone are computed once per data version
 * (cordon_warm) and read from the cache by every evaluation, except under
 * `with`; everything decides as without it.
 */
import { PolicyInstance } from '@cordon/engine'
import { hostBuiltinImpls, type BuiltinImpl } from '@cordon/builtins'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'
import { cacheableFuncs } from './data-cache.js'
import { planBuiltins } from './builtin-map.js'
import { walkPolicy, type Policy } from '@cordon/rego'

const policy = `package dc

by_model[m] contains r.id if {
	some r in data.restrictions
	some m in r.models
}

# sprintf of a number with %v goes to the host: the calls show when rules run.
labels := {r.id: sprintf("%v", [r.weight]) | some r in data.restrictions}

restricted_by := by_model[input.model]

label := labels[input.id]

overridden := x if {
	x := by_model[input.model] with data.restrictions as [{"id": "w", "models": [input.model], "weight": 0}]
}

by_input contains r.id if {
	some r in data.restrictions
	input.model in r.models
}
`

/** What a compilation decides for the builtins the policy calls (every runtime export taken as present). */
function builtinPlan(p: Policy) {
  const funcs = new Set(p.funcs.map((f) => f.name))
  const names: string[] = []
  walkPolicy(p, (s) => {
    if (s.type === 'Call' && !funcs.has(s.func)) names.push(s.func)
  })
  return planBuiltins(names, () => true)
}

const entrypoints = ['dc/restricted_by', 'dc/label', 'dc/overridden', 'dc/by_input']
const data = (n: number) => ({
  restrictions: Array.from({ length: n }, (_, i) => ({ id: `r${i}`, models: [`m${i % 3}`], weight: i + 0.5 })),
})

function instance() {
  const built = buildWasm([{ file: 'dc.rego', text: policy }], { entrypoints })
  if (!built.wasm) throw new Error(built.diagnostics.map((d) => d.message).join('\n'))
  let calls = 0
  const sprintf = hostBuiltinImpls.get('sprintf')!
  const counting: BuiltinImpl = (args, ctx) => {
    calls++
    return sprintf(args, ctx)
  }
  const inst = PolicyInstance.createSync(built.wasm, {
    hostBuiltins: new Map([...hostBuiltinImpls, ['sprintf', counting]]),
  })
  return { inst, built, calls: () => calls }
}

describe('data cache', () => {
  test('only rules of data alone are cacheable', () => {
    const { built } = instance()
    const p = built.policy!
    const slots = new Map(p.funcs.filter((f) => f.memoize && f.params.length === 2).map((f, i) => [f.name, i]))
    const names = [...cacheableFuncs(p, slots, builtinPlan(p))].sort()
    expect(names.some((n) => n.endsWith('by_model'))).toBe(true)
    expect(names.some((n) => n.endsWith('labels'))).toBe(true)
    expect(names.some((n) => n.endsWith('by_input') || n.endsWith('restricted_by') || n.endsWith('label'))).toBe(false)
  })

  test('rules of data alone run once per data version, and decide as before', () => {
    const { inst, calls } = instance()
    inst.setData(data(6))
    // The warm-up computed labels: one sprintf per restriction.
    expect(calls()).toBe(6)
    for (let i = 0; i < 5; i++) {
      expect(inst.evaluate({ model: 'm1', id: 'r4' }, 'dc/restricted_by')).toEqual([{ result: ['r1', 'r4'] }])
      expect(inst.evaluate({ model: 'm1', id: 'r4' }, 'dc/label')).toEqual([{ result: '4.5' }])
    }
    expect(calls()).toBe(6)
    expect(inst.evaluate({ model: 'm1' }, 'dc/by_input')).toEqual([{ result: ['r1', 'r4'] }])
    expect(inst.evaluate({ model: 'nope', id: 'r0' }, 'dc/restricted_by')).toEqual([])
  })

  test('new data, a patch: the cache follows', () => {
    const { inst, calls } = instance()
    inst.setData(data(6))
    inst.setData(data(2))
    expect(calls()).toBe(8)
    expect(inst.evaluate({ model: 'm1', id: 'r1' }, 'dc/restricted_by')).toEqual([{ result: ['r1'] }])
    expect(inst.patchData(['restrictions'], [{ id: 'p', models: ['m1'], weight: 1.5 }])).toBe(false)
    inst.setData({ restrictions: [{ id: 'p', models: ['m1'], weight: 1.5 }] })
    expect(inst.evaluate({ model: 'm1', id: 'p' }, 'dc/restricted_by')).toEqual([{ result: ['p'] }])
    expect(inst.evaluate({ model: 'm1', id: 'p' }, 'dc/label')).toEqual([{ result: '1.5' }])
  })

  test('under with, rules are computed from what with replaced', () => {
    const { inst } = instance()
    inst.setData(data(6))
    expect(inst.evaluate({ model: 'm1' }, 'dc/overridden')).toEqual([{ result: ['w'] }])
    expect(inst.evaluate({ model: 'm1' }, 'dc/restricted_by')).toEqual([{ result: ['r1', 'r4'] }])
  })

  test('a rule that fails in the warm-up is left to the evaluations', () => {
    const built = buildWasm([{ file: 'e.rego', text: 'package e\n\nx := to_number(data.v)\n\ny := x\n' }], {
      entrypoints: ['e/y'],
    })
    const inst = PolicyInstance.createSync(built.wasm!, { hostBuiltins: hostBuiltinImpls })
    inst.setData({ v: 'not a number' })
    expect(inst.evaluate({}, 'e/y')).toEqual([])
    expect(() => inst.evaluate({}, 'e/y', { strict: true })).toThrow(/to_number/)
    inst.setData({ v: '12' })
    expect(inst.evaluate({}, 'e/y')).toEqual([{ result: 12 }])
  })

  test('indexed rules (Switch): cacheable on a data key, not on an input key', () => {
    const bodies = (ref: string) =>
      ['a', 'b', 'c', 'd', 'e']
        .map((c) => `${ref === 'input' ? 'by_input' : 'by_data'} contains "${c}" if ${ref}.kind == "${c}"`)
        .join('\n')
    const text = `package ix\n\n${bodies('data')}\n\n${bodies('input')}\n\nd := by_data\n\ni := by_input\n`
    const built = buildWasm([{ file: 'ix.rego', text }], { entrypoints: ['ix/d', 'ix/i'] })
    if (!built.wasm) throw new Error(built.diagnostics.map((d) => d.message).join('\n'))
    const p = built.policy!
    expect(JSON.stringify(p.funcs)).toContain('"Switch"')
    const slots = new Map(p.funcs.filter((f) => f.memoize && f.params.length === 2).map((f, i) => [f.name, i]))
    const names = [...cacheableFuncs(p, slots, builtinPlan(p))]
    expect(names.some((n) => n.endsWith('by_data'))).toBe(true)
    expect(names.some((n) => n.endsWith('by_input'))).toBe(false)
    const inst = PolicyInstance.createSync(built.wasm, { hostBuiltins: hostBuiltinImpls })
    inst.setData({ kind: 'c' })
    expect(inst.evaluate({ kind: 'e' }, 'ix/d')).toEqual([{ result: ['c'] }])
    expect(inst.evaluate({ kind: 'e' }, 'ix/i')).toEqual([{ result: ['e'] }])
    expect(inst.evaluate({ kind: 'a' }, 'ix/i')).toEqual([{ result: ['a'] }])
  })
})
