/**
 * Threat: unbounded bodies (#14.3). Bodies were read whole before the 4 MiB
 * limit was checked (chunked bodies in fetch/Hono; in Express any body no
 * parser claimed): one 300 MiB upload peaked at 1.9 GiB RSS. Bytes are now
 * counted as they stream and the read stops at the limit with a 413 sent
 * while the client is still uploading. Raw chunked uploads, every adapter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Engine } from '@cordon/engine'
import { cdnSecret } from '../adapters/support/constants.js'
import {
  adapterNames,
  closeGateways,
  gatewayOptions,
  makeKeys,
  referenceEngine,
  startGateway,
  type Keys,
} from './support/gateways.js'
import { chunkedUpload } from './support/upload.js'

const MiB = 1024 * 1024
const upload = 256 * MiB

let keys: Keys
let engine: Engine
let headers: Record<string, string>
const urls: Record<string, string> = {}

beforeAll(async () => {
  keys = await makeKeys()
  engine = await referenceEngine()
  headers = {
    authorization: `Bearer ${await keys.sign({ sub: 'u1', nationality: 'US', verified: true, tier: 'pro' })}`,
    'cf-ipcountry': 'US',
    [cdnSecret.header]: cdnSecret.value,
  }
  for (const name of adapterNames) urls[name] = await startGateway(name, gatewayOptions(engine, keys))
})
afterAll(closeGateways)

for (const name of adapterNames) {
  describe(`${name}: a chunked upload far past the limit`, () => {
    it('is refused with 413 while it is still being sent, and memory stays bounded', async () => {
      global.gc?.()
      const before = process.memoryUsage().rss
      const results = await Promise.all(
        [0, 1, 2].map(() => chunkedUpload(urls[name]!, '/v1/chat/completions', headers, upload)),
      )
      const grew = process.memoryUsage().rss - before
      for (const r of results) {
        expect(r.status, r.body).toBe(413)
        expect(JSON.parse(r.body).cordon.code).toBe('body_too_large')
        // Answered after at most the 4 MiB limit plus what socket buffers hold, not after 256 MiB.
        expect(r.sentBeforeResponse).toBeLessThan(48 * MiB)
      }
      console.log(
        `${name}: 3 × ${upload / MiB} MiB chunked uploads → 413 after ${results.map((r) => (r.sentBeforeResponse / MiB).toFixed(1)).join(', ')} MiB sent; RSS grew ${(grew / MiB).toFixed(1)} MiB`,
      )
      expect(grew).toBeLessThan(128 * MiB)
    })

    it('a body within the limit is still decided and reaches the handler', async () => {
      const res = await fetch(`${urls[name]}/v1/chat/completions`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'general-1', messages: [{ role: 'user', content: 'x'.repeat(3 * MiB) }] }),
      })
      expect(res.status).toBe(200)
    })

    it('a declared Content-Length over the limit is refused', async () => {
      const big = await fetch(`${urls[name]}/v1/chat/completions`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: 'x'.repeat(5 * MiB),
      })
      expect(big.status).toBe(413)
    })
  })
}
