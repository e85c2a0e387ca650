import { createEngine, type Decision } from '@cordon/engine'
import type { DecisionEngine } from '@cordon/fetch'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { makeBundle } from './support/bundles.js'

const policy = `package app

# METADATA
# entrypoint: true
default decision := {"allow": false, "code": "no_plan", "tier": "none"}

decision := {"allow": true, "tier": input.plan} if input.plan in {"pro", "team"}
`

interface Input {
  user: string
  plan: 'free' | 'pro' | 'team'
}
interface Result {
  tier: string
}

describe('createEngine<Input, Result>: decisions typed as the policy returns them', () => {
  it('types decide’s input and the result fields, and carries the policy’s values', async () => {
    const engine = await createEngine<Input, Result>({ bundle: await makeBundle(policy, ['app/decision']) })
    expectTypeOf(engine.decide).parameter(0).toEqualTypeOf<Input>()
    const allowed = await engine.decide({ user: 'alice', plan: 'pro' })
    expectTypeOf(allowed).toEqualTypeOf<Decision<Result>>()
    expectTypeOf(allowed.result.tier).toEqualTypeOf<string | undefined>()
    expect(allowed).toMatchObject({ allow: true, result: { tier: 'pro' } })
    expect(await engine.decide({ user: 'bob', plan: 'free' })).toMatchObject({ allow: false, code: 'no_plan', result: { tier: 'none' } })
    // @ts-expect-error: not the engine's input type
    await engine.decide({ user: 'eve' })
    // A typed engine still goes into the adapters.
    expectTypeOf(engine).toExtend<DecisionEngine>()
  })

  it('defaults to unknown input and an untyped result', async () => {
    const engine = await createEngine({ bundle: await makeBundle(policy, ['app/decision']) })
    expectTypeOf(engine.decide).parameter(0).toEqualTypeOf<unknown>()
    expectTypeOf((await engine.decide({})).result).toEqualTypeOf<Partial<Record<string, unknown>>>()
  })
})
