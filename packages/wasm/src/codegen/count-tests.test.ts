/**
 * `count(x) == 0`, `!= 0` and `> 0` lowered as one runtime call
 * (count-tests.ts) against the same comparisons with the 0 read from the
 * input, which keep count's number and the comparison call: the same
 * answers for every kind of x, the same strict errors, and no number
 * allocated for the count.
 */
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'

const POLICY = `package t
is_eq if count(input.x) == 0
is_neq if count(input.x) != 0
is_gt if count(input.x) > 0
v := count(input.x) == 0
w := count(input.x) > 0
is_eq_ref if count(input.x) == input.zero
is_neq_ref if count(input.x) != input.zero
is_gt_ref if count(input.x) > input.zero
v_ref := count(input.x) == input.zero
w_ref := count(input.x) > input.zero
`
const NAMES = ['is_eq', 'is_neq', 'is_gt', 'v', 'w']

function instance(): PolicyInstance {
  const eps = NAMES.flatMap((n) => [`t/${n}`, `t/${n}_ref`])
  const r = buildWasm([{ file: 'p.rego', text: POLICY }], { entrypoints: eps })
  if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  return PolicyInstance.createSync(r.wasm)
}

const XS: unknown[] = [[], [1], [[]], {}, { a: 1 }, '', 'ü', 'ab', 0, 5, 1.5, null, true, false, undefined]

/** The result set, or the error's message with its row left out (the rules stand on different rows). */
function outcome(inst: PolicyInstance, input: unknown, ep: string, strict: boolean): string {
  try {
    return JSON.stringify(inst.evaluate(input, ep, { strict }))
  } catch (err) {
    return `error ${String((err as Error).message).replace(/^p\.rego:\d+: /, 'p.rego:ROW: ')}`
  }
}

describe('count(x) compared with 0', () => {
  test('answers as count and the comparison do, strict or not', () => {
    const inst = instance()
    for (const x of XS) {
      const input = x === undefined ? { zero: 0 } : { x, zero: 0 }
      for (const strict of [false, true]) {
        for (const n of NAMES) {
          const got = outcome(inst, input, `t/${n}`, strict)
          expect(got, `${n} of ${JSON.stringify(x)}${strict ? ' (strict)' : ''}`).toBe(
            outcome(inst, input, `t/${n}_ref`, strict),
          )
        }
      }
    }
    expect(outcome(inst, { x: 5, zero: 0 }, 't/is_eq', true)).toBe(
      'error p.rego:ROW: count: operand 1 must be one of {array, object, set, string} but got number',
    )
    expect(inst.evaluate({ x: [1] }, 't/v')).toEqual([{ result: false }])
    expect(inst.evaluate({ x: [] }, 't/w')).toEqual([{ result: false }])
  })

  test('allocates no number for the count', () => {
    const inst = instance()
    const calls = (ep: string) => {
      const before = inst.allocatorCounters!.calls
      inst.evaluate({ x: [1, 2], zero: 0 }, ep)
      return inst.allocatorCounters!.calls - before
    }
    for (const n of NAMES) expect(calls(`t/${n}`), n).toBeLessThan(calls(`t/${n}_ref`))
  })
})
