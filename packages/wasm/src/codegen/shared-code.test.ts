/**
 * Located errors and fuel behave the same whether the policy is small (all
 * inline) or big enough for the shared helpers (shared-code.ts): the same
 * messages, the same limits.
 */
import { PolicyEvalError, PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'
import { compileWasm } from './compile-policy.js'
import { sharedCode } from './shared-code.js'

function built(text: string, entrypoints: string[]) {
  const r = buildWasm([{ file: 'policy.rego', text }], { entrypoints })
  if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  return r
}

function errorOf(inst: PolicyInstance, input: unknown, ep: string): PolicyEvalError {
  try {
    inst.evaluate(input, ep)
  } catch (e) {
    if (e instanceof PolicyEvalError) return e
    throw e
  }
  throw new Error('no error')
}

/** One conflict row: inline. The same rule beside two more conflict rows: through the helpers. */
const ONE = `package t\np := x if { some x in input.xs }\n`
const MANY = `${ONE}q := input.a\nq := input.b\n`

describe('shared code', () => {
  test('a conflict reads the same inline and through the helpers', () => {
    const small = built(ONE, ['t/p'])
    const big = built(MANY, ['t/p', 't/q'])
    expect(sharedCode(small.policy!).errors).toBe(false)
    expect(sharedCode(big.policy!).errors).toBe(true)
    for (const r of [small, big]) {
      const e = errorOf(PolicyInstance.createSync(r.wasm!), { xs: [1, 2] }, 't/p')
      expect(e.code).toBe('eval_conflict_error')
      expect(e.message).toBe('policy.rego:2: complete rules must not produce multiple outputs')
    }
  })

  test('fuel runs out the same inline and through the helpers', () => {
    const small = built(`package t\nn := count([1 | some x in input.xs])`, ['t/n'])
    const big = built(`package t\nn := count([1 | some x in input.xs; f(x)])\nf(x) if x >= 0\ng := 1\n`, ['t/n', 't/g'])
    expect(sharedCode(small.policy!).fuel).toBe(false)
    expect(sharedCode(big.policy!).fuel).toBe(true)
    for (const r of [small, big]) {
      const inst = PolicyInstance.createSync(compileWasm(r.policy!, { fuel: 50 }).wasm)
      expect(inst.evaluate({ xs: [1, 2, 3] }, 't/n')).toEqual([{ result: 3 }])
      expect(errorOf(inst, { xs: Array.from({ length: 100 }, (_, i) => i) }, 't/n').message).toMatch(
        /resource_exhausted|fuel/,
      )
    }
  })

  test('eval reaches every plan through its table, and no other', () => {
    const r = built(`package t\na := 1\nb := 2\nc := 3\n`, ['t/a', 't/b', 't/c'])
    expect(sharedCode(r.policy!).dispatchTable).toBe(true)
    const inst = PolicyInstance.createSync(r.wasm!)
    expect(['t/a', 't/b', 't/c'].map((ep) => inst.evaluate({}, ep))).toEqual([
      [{ result: 1 }],
      [{ result: 2 }],
      [{ result: 3 }],
    ])
  })
})
