// Threat (issue 14.8): rollback. An older, validly signed bundle replaced a
// newer one (a replayed bundle brings back a lifted restriction or drops a
// new one). Defence: the rollback rule of `load` (docs/security-model.md):
// by default a revision that was live before and has been replaced since is
// refused; with `rollback: 'ordered'` any revision not newer than the live
// one in natural order is refused; `{ allowRollback: true }` rolls back on
// purpose.
import { compareRevisions, createEngine, type EngineEvent } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { makeKey, signBundle } from '../engine/support/bundles.js'
import { ENTRYPOINT, frontierRequest, referenceBundle, referenceConfig } from './support/reference-policy.js'

/** Shipped data where frontier models are open to Chinese nationals too (the old, laxer order). */
const laxConfig = () => {
  const c = referenceConfig() as { restrictions: { allowed_nationalities: string[] }[] }
  c.restrictions[0]!.allowed_nationalities = ['US', 'CN']
  return c
}
const chinese = { ...frontierRequest, user: { ...frontierRequest.user, nationality: 'CN' } }

describe('rollback', () => {
  it('refuses an older signed bundle that was live before; the newer stays live', async () => {
    const { privateKey, jwk } = await makeKey('ES256')
    const sign = async (b: Uint8Array) => signBundle(b, 'ES256', privateKey, { kid: 'k' })
    const old = await sign(await referenceBundle('2026-11-01', laxConfig()))
    const current = await sign(await referenceBundle('2026-12-01'))
    const events: EngineEvent[] = []
    const engine = await createEngine({
      bundle: old,
      verification: { keys: { k: { algorithm: 'ES256', key: jwk } } },
      onEvent: (e) => events.push(e),
    })
    expect(await engine.decide(chinese, { entrypoint: ENTRYPOINT })).toMatchObject({ allow: true })
    await engine.load(current)
    expect(await engine.decide(chinese, { entrypoint: ENTRYPOINT })).toMatchObject({
      allow: false,
      code: 'nationality_restricted',
    })

    await expect(engine.load(old)).rejects.toThrow(
      'rollback: revision 2026-11-01 was live before and has been replaced since',
    )
    expect(engine.revision).toBe('2026-12-01')
    expect(await engine.decide(chinese, { entrypoint: ENTRYPOINT })).toMatchObject({
      allow: false,
      code: 'nationality_restricted',
    })
    expect(events.at(-1)).toMatchObject({ type: 'load_failed', error: expect.stringContaining('rollback') })
    // the same revision again is no rollback
    await engine.load(current)
    // a deliberate rollback
    await engine.load(old, { allowRollback: true })
    expect(engine.revision).toBe('2026-11-01')
  })

  it("with rollback: 'ordered', refuses any revision not newer than the live one, seen before or not", async () => {
    const engine = await createEngine({ bundle: await referenceBundle('v10'), rollback: 'ordered' })
    for (const older of ['v9', 'v1', 'v09', 'v010'])
      await expect(engine.load(await referenceBundle(older, laxConfig())), older).rejects.toThrow(
        `rollback: revision ${older} is not newer than the live revision v10`,
      )
    expect(engine.revision).toBe('v10')
    await engine.load(await referenceBundle('v11'))
    expect(engine.revision).toBe('v11')
    await engine.load(await referenceBundle('v2', laxConfig()), { allowRollback: true })
    expect(engine.revision).toBe('v2')
  })

  it('rollback: false turns the rule off', async () => {
    const engine = await createEngine({ bundle: await referenceBundle('a'), rollback: false })
    await engine.load(await referenceBundle('b'))
    await engine.load(await referenceBundle('a'))
    expect(engine.revision).toBe('a')
  })

  it('orders revisions naturally: numbers by value, timestamps by time', () => {
    const sorted = [
      '1',
      '2',
      '10',
      'v1',
      'v2',
      'v10',
      'v10a',
      '2026-01-02T00:00:00Z',
      '2026-12-07T05:00:00Z',
      '2026-12-07T06:00:00Z',
    ].sort(compareRevisions)
    expect(sorted).toEqual([
      '1',
      '2',
      '10',
      '2026-01-02T00:00:00Z',
      '2026-12-07T05:00:00Z',
      '2026-12-07T06:00:00Z',
      'v1',
      'v2',
      'v10',
      'v10a',
    ])
    expect(compareRevisions('007', '7')).toBe(0)
    expect(compareRevisions('99999999999999999999', '100000000000000000000')).toBeLessThan(0)
  })
})
