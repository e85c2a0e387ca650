/**
 * The shared cases against the fetch adapter in a Cloudflare Worker, run by
 * workerd through miniflare. The Worker imports the compiled policy as a
 * `.wasm` module (workerd refuses to compile Wasm from bytes at request time).
 */
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { cases, makeKeys, runCase, type Keys } from './cases.js'
import { bundleApp } from './support/bundle.js'
import { buildReferencePolicy } from './support/policy.js'

let keys: Keys
let mf: Miniflare
let url: string

beforeAll(async () => {
  keys = await makeKeys()
  const { wasm, data } = buildReferencePolicy()
  const script = await bundleApp('workerd-entry.ts')
  mf = new Miniflare({
    modules: [
      { type: 'ESModule', path: 'worker.js', contents: script },
      { type: 'CompiledWasm', path: 'policy.wasm', contents: wasm },
    ],
    compatibilityDate: '2026-04-01',
    bindings: { POLICY_DATA: data, PUBLIC_JWK: keys.publicJwk as Record<string, unknown> },
    // Locally there is no Cloudflare edge: request.cf says "unknown", as Cloudflare does
    // when it cannot place a client; the cases send CF-IPCountry as the edge would.
    cf: { country: 'XX' },
    host: '127.0.0.1',
    port: 0,
  })
  url = (await mf.ready).href
}, 120_000)

afterAll(async () => {
  await mf?.dispose()
})

describe('fetch adapter in workerd (miniflare)', () => {
  for (const c of cases) it(c.note, () => runCase(url, c, keys))
})
