import { createEngine } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
// @ts-expect-error -- a plain .mjs script without types
import { runSoak, soakData, soakPolicy } from '../../scripts/soak-engine.mjs'
import { makeBundle } from './support/bundles.js'

describe('scripts/soak-engine.mjs', () => {
  it('runs a tiny soak and reports memory before and after', async () => {
    const engine = await createEngine({
      bundle: await makeBundle(soakPolicy, ['ai_access/decision'], soakData, 'soak'),
      limits: { maxMemoryPages: 256 },
    })
    const r = await runSoak(engine, 2000)
    expect(r).toMatchObject({ decisions: 2000, failures: 0 })
    expect(r.allowed).toBeGreaterThan(0)
    expect(r.allowed).toBeLessThan(2000)
    expect(r.before.wasmMiB).toBe(r.after.wasmMiB)
    expect(r.p99us).toBeGreaterThan(0)
  })
})
