import { createEngine, type Decision } from '@cordon/engine'
import type { AccessDecision, DecisionEngine, RequestContext } from '@cordon/fetch'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { allowedRequest, referenceBundle } from '../security/support/reference-policy.js'
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
    expect(await engine.decide({ user: 'bob', plan: 'free' })).toMatchObject({
      allow: false,
      code: 'no_plan',
      result: { tier: 'none' },
    })
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

  it('types the reference policy with the AI-access types @cordon/fetch exports', async () => {
    type AccessResult = Omit<AccessDecision, 'allow' | 'code' | 'reasons'>
    const engine = await createEngine<RequestContext, AccessResult>({ bundle: await referenceBundle('r1') })
    const input: RequestContext = { ...allowedRequest, capability: 'chat' }
    const refused = await engine.decide({
      ...input,
      user: { ...input.user, nationality: 'DE' },
      model: { id: 'frontier-1' },
    })
    expectTypeOf(refused.result.alternatives).toEqualTypeOf<string[] | undefined>()
    expect(refused).toMatchObject({ allow: false, code: 'nationality_restricted', entrypoint: 'ai_access/decision' })
    expect(refused.result.alternatives).toEqual(expect.arrayContaining(['general-1']))
    expect(await engine.decide(input)).toMatchObject({ allow: true, code: 'ok', result: { alternatives: [] } })
    // @ts-expect-error: not a capability of the schema
    await engine.decide({ ...input, capability: 'teleport' })
    expectTypeOf(engine).toExtend<DecisionEngine>()
  })
})
