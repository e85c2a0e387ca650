/**
 * Issue 14.13, runaway policies: a policy whose evaluation takes billions of
 * steps hung `decide()` and `load()`'s smoke test. Every module Cordon builds
 * now counts steps (scan iterations and calls) against a budget, the fuel:
 * a default one compiled in, `limits.fuel` in createEngine to change it; out
 * of fuel, the decision denies with `resource_exhausted`. Each case would
 * run for minutes without the budget, so finishing at all is the test.
 */
import { createEngine } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { compile } from '../engine/support/bundles.js'

// About n³/2 steps for an input of n numbers, none allocating: n = 2,000 is
// 4·10⁹ steps, minutes of work without a budget.
const runaway = `package spin

default allow := false

allow if {
	some x in input.xs
	some y in input.xs
	some z in input.xs
	x > y
	y > z
	z > 1000000
}

ok := true
`
const xs = Array.from({ length: 2000 }, (_, i) => i)

// n² steps for an input of n: the budget is what decides.
const square = `package sq

default allow := false

allow if count([1 | some x in input.xs; some y in input.xs]) > 0
`

describe('fuel (issue 14.13)', () => {
  it('a runaway decision denies resource_exhausted with the default budget, and the next decides', async () => {
    const engine = await createEngine({ wasm: compile(runaway, ['spin/allow', 'spin/ok']) })
    expect(await engine.decide({ xs }, { entrypoint: 'spin/allow' })).toMatchObject({
      allow: false,
      code: 'resource_exhausted',
    })
    expect(engine.evaluate({}, 'spin/ok')).toEqual([{ result: true }])
  }, 60_000)

  it('limits.fuel sets the budget per decision', async () => {
    const wasm = compile(square, ['sq/allow'])
    const tight = await createEngine({ wasm, limits: { fuel: 10_000 } })
    expect(await tight.decide({ xs: xs.slice(0, 200) }, { entrypoint: 'sq/allow' })).toMatchObject({
      allow: false,
      code: 'resource_exhausted',
    })
    // The budget is per decision: small ones keep passing after an exhausted one.
    expect(await tight.decide({ xs: [1, 2, 3] }, { entrypoint: 'sq/allow' })).toMatchObject({ allow: true })
    const roomy = await createEngine({ wasm, limits: { fuel: 100_000 } })
    expect(await roomy.decide({ xs: xs.slice(0, 200) }, { entrypoint: 'sq/allow' })).toMatchObject({ allow: true })
    await expect(createEngine({ wasm, limits: { fuel: 0 } })).rejects.toThrow(/fuel must be a positive integer/)
  })

  it('load() refuses a policy whose smoke test runs away, and keeps the live one', async () => {
    const engine = await createEngine({
      wasm: compile(square, ['sq/allow']),
      defaultEntrypoint: 'sq/allow',
      smokeTest: { input: { xs } },
    })
    await expect(
      engine.load({ wasm: compile(runaway.replace('package spin', 'package sq'), ['sq/allow']) }),
    ).rejects.toThrow(/smoke test: .*resource_exhausted/)
    expect(await engine.decide({ xs: [1] })).toMatchObject({ allow: true })
  }, 60_000)
})
