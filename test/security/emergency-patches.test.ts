// Threat (issue 14.9): emergency patches lost. `patchData` was undone by the
// next `load()`, and the poller reloaded every interval when the server sent
// no ETag: an emergency suspension vanished within one poll. Defence:
// patches are an overlay that survives reloads until `clearPatches`, or
// until new data changes the value at the patch's path (the new data wins; a
// `patch_dropped` event says so); the poller skips a bundle whose bytes equal
// the last one loaded (SHA-256) when the server sends no ETag.
import { createBundlePoller, createEngine, type EngineEvent } from '@cordon/engine'
import { afterEach, describe, expect, it } from 'vitest'
import { abiOnly } from '../engine/support/bundles.js'
import { startServer } from '../engine/support/server.js'
import {
  allowedRequest,
  ENTRYPOINT,
  referenceBundle,
  referenceConfig,
  referenceData,
  referenceWasm,
} from './support/reference-policy.js'

const PATH = ['ai-access', 'suspensions']
const emergency = [{ id: 'incident-7', model: 'general-1', global: true, effective_from: '2026-01-01T00:00:00Z' }]
const stops: (() => unknown)[] = []
afterEach(async () => {
  while (stops.length) await stops.pop()!()
})

describe('emergency patches', () => {
  it('a patch survives reloads of bundles that leave its path alone', async () => {
    const events: EngineEvent[] = []
    const engine = await createEngine({ bundle: await referenceBundle('r1'), onEvent: (e) => events.push(e) })
    const suspended = async () =>
      (await engine.decide(allowedRequest, { entrypoint: ENTRYPOINT })).code === 'model_suspended'
    engine.patchData(PATH, emergency)
    expect(await suspended()).toBe(true)
    // the same bundle again, then a new one that changes other data
    await engine.load(await referenceBundle('r1'))
    expect(await suspended()).toBe(true)
    const other = referenceConfig() as { embargo: { countries: string[] } }
    other.embargo.countries.push('BY')
    await engine.load(await referenceBundle('r2', other))
    expect(await suspended()).toBe(true)
    expect(engine.patches).toEqual([{ path: PATH, value: emergency }])
    // setData of the same data at that path keeps it too
    engine.setData(referenceData(other))
    expect(await suspended()).toBe(true)
    expect(events.filter((e) => e.type === 'patch_dropped')).toEqual([])
  })

  it('a bundle that changes the data at the patch’s path wins, and says so', async () => {
    const events: EngineEvent[] = []
    const engine = await createEngine({ bundle: await referenceBundle('r1'), onEvent: (e) => events.push(e) })
    engine.patchData(PATH, emergency)
    const fixed = referenceConfig() as { suspensions: unknown[] }
    fixed.suspensions = [
      { id: 'incident-7-scoped', model: 'general-1', countries: ['FR'], effective_from: '2026-01-01T00:00:00Z' },
    ]
    await engine.load(await referenceBundle('r2', fixed))
    expect(await engine.decide(allowedRequest, { entrypoint: ENTRYPOINT })).toMatchObject({ allow: true })
    expect(engine.patches).toEqual([])
    expect(events).toContainEqual({ type: 'patch_dropped', path: PATH, revision: 'r2' })
  })

  it('clearPatches puts the data underneath back', async () => {
    for (const wasm of [referenceWasm(), abiOnly(referenceWasm())]) {
      const engine = await createEngine({ wasm, data: referenceData() })
      engine.patchData(PATH, emergency)
      engine.patchData(['ai-access', 'embargo', 'countries'], ['DE'])
      expect(await engine.decide(allowedRequest, { entrypoint: ENTRYPOINT })).toMatchObject({
        code: 'embargoed_region',
      })
      expect(engine.clearPatches(['ai-access', 'embargo'])).toBe(1)
      expect(await engine.decide(allowedRequest, { entrypoint: ENTRYPOINT })).toMatchObject({ code: 'model_suspended' })
      expect(engine.clearPatches()).toBe(1)
      expect(await engine.decide(allowedRequest, { entrypoint: ENTRYPOINT })).toMatchObject({ allow: true })
    }
  })

  it('over real HTTP without ETags: the poller skips identical bundles and the patch holds across polls', async () => {
    let bundle = await referenceBundle('r1')
    const server = await startServer((_req, res) => res.writeHead(200).end(Buffer.from(bundle)))
    stops.push(server.close)
    const events: EngineEvent[] = []
    const engine = await createEngine({ onEvent: (e) => events.push(e) })
    const poller = createBundlePoller({ engine, url: server.url, intervalMs: 60_000 })
    stops.push(() => poller.stop())
    expect(await poller.ready).toMatchObject({ status: 'updated', revision: 'r1' })
    engine.patchData(PATH, emergency)
    for (let i = 0; i < 3; i++) expect(await poller.poll()).toEqual({ status: 'unchanged' })
    expect(events.filter((e) => e.type === 'loaded')).toHaveLength(1)
    expect(await engine.decide(allowedRequest, { entrypoint: ENTRYPOINT })).toMatchObject({ code: 'model_suspended' })
    // a new bundle is loaded, and the patch survives it
    bundle = await referenceBundle('r2')
    expect(await poller.poll()).toMatchObject({ status: 'updated', revision: 'r2' })
    expect(await engine.decide(allowedRequest, { entrypoint: ENTRYPOINT })).toMatchObject({
      code: 'model_suspended',
      revision: 'r2',
    })
  })
})
