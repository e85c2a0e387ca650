/**
 * Threat: tokens that never expire (#14.15). A JWT without `exp` was
 * accepted forever, and a remembered token outlived the key set that
 * verified it. Now `exp` is required by default, `requiredClaims` adds
 * more, and remembered tokens are forgotten with the JWKS (`jwksCacheMaxAge`).
 * A real JWKS endpoint on 127.0.0.1, the fetch adapter on a real server.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Engine } from '@cordon/engine'
import type { JwtOptions } from '@cordon/fetch'
import { audience, cdnSecret, issuer } from '../adapters/support/constants.js'
import {
  closeGateways,
  gatewayOptions,
  makeKeys,
  referenceEngine,
  startGateway,
  type Keys,
} from './support/gateways.js'

let keys: Keys
let other: Keys
let engine: Engine
let jwks: Server
let jwksUrl: string
let served: 'current' | 'rotated' = 'current'

beforeAll(async () => {
  keys = await makeKeys()
  other = await makeKeys()
  engine = await referenceEngine()
  jwks = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json')
    res.end(
      JSON.stringify({ keys: [served === 'current' ? keys.publicJwk : { ...other.publicJwk, kid: 'other-key' }] }),
    )
  })
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r))
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`
})
afterAll(async () => {
  await closeGateways()
  await new Promise((r) => jwks.close(r))
})

async function status(base: string, token: string): Promise<number> {
  const res = await fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'cf-ipcountry': 'FR',
      [cdnSecret.header]: cdnSecret.value,
    },
    body: JSON.stringify({ model: 'general-1', messages: [] }),
  })
  await res.arrayBuffer()
  return res.status
}

const gateway = (jwt: Partial<JwtOptions>) =>
  startGateway('fetch', gatewayOptions(engine, keys, { jwt: { key: keys.publicJwk, issuer, audience, ...jwt } }))
const fr = { sub: 'u1', nationality: 'FR' }

describe('exp and required claims', () => {
  it('a token without exp is refused by default, accepted only when requireExp is off', async () => {
    const forever = await keys.sign({ ...fr, noExp: true })
    expect(await status(await gateway({}), forever)).toBe(401)
    expect(await status(await gateway({ requireExp: false }), forever)).toBe(200)
  })

  it('requiredClaims refuses a token without one of them', async () => {
    const base = await gateway({ requiredClaims: ['nationality'] })
    expect(await status(base, await keys.sign(fr))).toBe(200)
    expect(await status(base, await keys.sign({ sub: 'u2' }))).toBe(401)
  })
})

describe('remembered tokens and the JWKS', () => {
  it('a remembered token is forgotten with the key set: a key removed from the JWKS stops verifying it', async () => {
    served = 'current'
    const base = await startGateway(
      'fetch',
      gatewayOptions(engine, keys, { jwt: { jwksUrl, issuer, audience, jwksCacheMaxAge: 300 } }),
    )
    const token = await keys.sign(fr)
    expect(await status(base, token)).toBe(200)
    served = 'rotated'
    await new Promise((r) => setTimeout(r, 450))
    expect(await status(base, token)).toBe(401)
  })
})
