// Threat (issue 14.13, the engine's part): runaway memory. The memory cap was
// off by default, so a policy (or an input) that allocates without end took
// the process down, at load (the smoke test) or at decide; linear memory
// never shrank after a spike; and in-place `patchData` on modules built by
// OPA (ABI 1.3, no data cache) left each patch's JSON text behind: 2,000
// patches of one 10 KB key took memory from 5 to over 300 pages. Defence: a
// default cap of 2,048 pages (128 MiB) that denies `resource_exhausted`; the
// smoke test runs under it; an instance that grew past 4x its size when
// built (and 16 MiB) is rebuilt after the decision; patch texts are freed
// and a replaced value is removed (freed) before the new one is added.
import { createEngine, DEFAULT_MAX_MEMORY_PAGES, type EngineEvent } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { abiOnly, makeBundle } from '../engine/support/bundles.js'
import { referenceData, referenceWasm } from './support/reference-policy.js'

const PAGE = 65536
// Allocates in proportion to input.n: a number per element of the range.
const hungry = `package app
allow if count(numbers.range(1, input.n)) > 0
`

describe('runaway memory', () => {
  it('the memory cap is on by default: a huge allocation denies resource_exhausted, and the next decision is fine', async () => {
    expect(DEFAULT_MAX_MEMORY_PAGES).toBe(2048)
    const engine = await createEngine({ bundle: await makeBundle(hungry, ['app/allow']) })
    const d = await engine.decide({ n: 50_000_000 }, { entrypoint: 'app/allow' })
    expect(d).toMatchObject({ allow: false, code: 'resource_exhausted' })
    expect(engine.memoryBytes).toBeLessThanOrEqual(DEFAULT_MAX_MEMORY_PAGES * PAGE)
    expect(await engine.decide({ n: 10 }, { entrypoint: 'app/allow' })).toMatchObject({ allow: true })
  })

  it('the smoke test runs under the cap: a policy that allocates past it on {} is refused at load', async () => {
    const endless = 'package app\nallow if count(numbers.range(1, 50000000)) > 0\n'
    const engine = await createEngine({
      bundle: await makeBundle('package app\nallow := true\n', ['app/allow'], {}, 'good'),
    })
    await expect(engine.load(await makeBundle(endless, ['app/allow'], {}, 'bad'))).rejects.toThrow(/smoke test: /)
    expect(engine.revision).toBe('good')
  })

  it('memory is given back after a spike: the instance is rebuilt once it grew past the factor', async () => {
    const events: EngineEvent[] = []
    const engine = await createEngine({
      bundle: await makeBundle(hungry, ['app/allow'], {}, 'r1'),
      onEvent: (e) => events.push(e),
    })
    const baseline = engine.memoryBytes
    expect(await engine.decide({ n: 2_000_000 }, { entrypoint: 'app/allow' })).toMatchObject({ allow: true })
    expect(engine.memoryBytes).toBe(baseline)
    expect(events).toContainEqual({ type: 'rebuilt', revision: 'r1', reason: 'memory grew past the rebuild factor' })
    // small decisions never rebuild
    const rebuilds = engine.status.rebuilds
    for (let n = 1; n < 200; n++) await engine.decide({ n }, { entrypoint: 'app/allow' })
    expect(engine.status.rebuilds).toBe(rebuilds)
    // memoryRebuildFactor: Infinity keeps the memory
    const keeper = await createEngine({
      bundle: await makeBundle(hungry, ['app/allow']),
      limits: { memoryRebuildFactor: Infinity },
    })
    await keeper.decide({ n: 2_000_000 }, { entrypoint: 'app/allow' })
    expect(keeper.memoryBytes).toBeGreaterThan(4 * baseline)
  })

  it('2,000 in-place patches of one 10 KB key on an OPA-style module (ABI 1.3) do not grow memory', async () => {
    const engine = await createEngine({ wasm: abiOnly(referenceWasm()), data: referenceData() })
    const before = engine.memoryBytes
    for (let i = 0; i < 2000; i++) engine.patchData(['notes', 'incident'], `${i}:${'x'.repeat(10_000)}`)
    expect(engine.memoryBytes).toBeLessThanOrEqual(before + PAGE)
    expect(engine.evaluate({}, 'ai_access/decision')[0]).toBeDefined()
    // and the value is the last one
    expect(engine.patches).toEqual([{ path: ['notes', 'incident'], value: `1999:${'x'.repeat(10_000)}` }])
  })
})
