/**
 * argument-memo.ts: a function called again with the same row of the data
 * in one evaluation is not run again; its values stay those of running it
 * (per input, inside and after `with`, for arguments made during the
 * evaluation, across data changes).
 */
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'
import { compileWasm } from './compile-policy.js'
import { FUEL_EXHAUSTED } from './fuel.js'

// `c` depends on data alone, so the module has a data cache (and `cordon_warm`).
const POLICY = `package t
c := count(data.rows)
f(r) := count([x | some x in r.xs]) + input.n
p := [f(data.rows[0]), f(data.rows[1]), f(data.rows[0]), f(data.rows[0])]
w := [f(data.rows[0]), y, f(data.rows[0])] if y := f(data.rows[0]) with input.n as 100
v := [f({"xs": input.xs}), f({"xs": input.ys}), f({"xs": input.xs})]
`
const ENTRYPOINTS = ['t/c', 't/p', 't/w', 't/v']
const planned = buildWasm([{ file: 'p.rego', text: POLICY }], { entrypoints: ENTRYPOINTS }).policy!

const rows = (a: number, b: number) => ({
  rows: [{ xs: Array.from({ length: a }, (_, i) => i) }, { xs: Array(b).fill(0) }],
})

function instance(data: unknown, fuel?: number): PolicyInstance {
  const inst = PolicyInstance.createSync(compileWasm(planned, fuel === undefined ? {} : { fuel }).wasm)
  inst.setData(data)
  return inst
}

const result = (inst: PolicyInstance, ep: string, input: unknown) => inst.evaluate(input, ep)[0]?.result

describe('functions remembered by argument', () => {
  test('the values of running them: per input, per row, inside and after with', () => {
    const inst = instance(rows(5, 2))
    expect(result(inst, 't/p', { n: 1 })).toEqual([6, 3, 6, 6])
    expect(result(inst, 't/p', { n: 2 })).toEqual([7, 4, 7, 7])
    expect(result(inst, 't/w', { n: 1 })).toEqual([6, 105, 6])
  })

  test('arguments made during the evaluation are each their own', () => {
    const inst = instance(rows(1, 1))
    expect(result(inst, 't/v', { n: 0, xs: [1, 2, 3], ys: [1] })).toEqual([3, 1, 3])
  })

  test('after new data, the new rows', () => {
    const inst = instance(rows(5, 2))
    expect(result(inst, 't/p', { n: 0 })).toEqual([5, 2, 5, 5])
    inst.setData(rows(1, 4))
    expect(result(inst, 't/p', { n: 0 })).toEqual([1, 4, 1, 1])
  })

  test('a call with a row seen before runs nothing: the fuel of p is that of two calls, not four', () => {
    const finishes = (fuel: number) => {
      try {
        instance(rows(100, 100), fuel).evaluate({ n: 0 }, 't/p')
        return true
      } catch (err) {
        expect(String(err)).toContain(FUEL_EXHAUSTED)
        return false
      }
    }
    let lo = 1
    let hi = 1024
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (finishes(mid)) hi = mid
      else lo = mid + 1
    }
    // Two calls scan 100 elements each; four would scan 400.
    expect(lo).toBeGreaterThanOrEqual(200)
    expect(lo).toBeLessThan(300)
  })
})
