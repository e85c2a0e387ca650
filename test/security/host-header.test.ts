/**
 * Threat: Host header injection (#14.2). Express pasted the Host header
 * before the path, so `Host: x/v1/chat/completions#` made Cordon decide on
 * a chat completion while Express routed a fine-tuning job. The URL is now
 * built from the path the framework routes on; a Host that is not a host is
 * a 400 deny envelope, never a 500. Raw sockets (node:net), every adapter.
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
import { rawPost, rawRequest } from './support/raw-http.js'

let keys: Keys
let engine: Engine
let token: string
const urls: Record<string, string> = {}

beforeAll(async () => {
  keys = await makeKeys()
  engine = await referenceEngine()
  token = await keys.sign({ sub: 'u1', nationality: 'US', verified: true, tier: 'pro' })
  for (const name of adapterNames) urls[name] = await startGateway(name, gatewayOptions(engine, keys))
})
afterAll(closeGateways)

const fineTune = JSON.stringify({ model: 'general-1', training_file: 'f' })
const send = (name: string, target: string, host: string | undefined) =>
  rawRequest(
    urls[name]!,
    rawPost(
      target,
      host,
      { authorization: `Bearer ${token}`, 'cf-ipcountry': 'US', [cdnSecret.header]: cdnSecret.value },
      fineTune,
    ),
  )

// Hosts that try to move the decided path, or are not hosts at all.
const hostile = [
  'x/v1/chat/completions#',
  'x/v1/chat/completions?',
  'x/v1/embeddings',
  'a b',
  'x@evil',
  '[::1',
  'x:99999',
  'ex\\ample',
  '',
]

for (const name of adapterNames) {
  describe(`${name}: the decided path is the routed path`, () => {
    it('a plain fine-tuning job by a pro user is 403', async () => {
      const r = await send(name, '/v1/fine_tuning/jobs', '127.0.0.1')
      expect([r.status, JSON.parse(r.body).cordon.code]).toEqual([403, 'capability_not_in_tier'])
    })
    for (const host of hostile) {
      it(`Host ${JSON.stringify(host)}: refused, as JSON, never allowed nor a 500`, async () => {
        const r = await send(name, '/v1/fine_tuning/jobs', host)
        // 403 (decided on the real path) or 400 (refused before deciding): never 200, never 5xx.
        expect([400, 403], `${r.status} ${r.body}`).toContain(r.status)
        if (name === 'express')
          expect(JSON.parse(r.body).cordon.code).toMatch(/^(invalid_context|capability_not_in_tier)$/)
        expect(r.body).not.toMatch(/at .*\.(ts|js):\d+/)
      })
    }
    it('a fragment in the request target does not move the decided path', async () => {
      const r = await send(name, '/v1/fine_tuning/jobs#/v1/chat/completions', '127.0.0.1')
      expect([400, 403]).toContain(r.status)
    })
    it('dot segments and backslashes in the path are never allowed through', async () => {
      for (const target of [
        '/v1/chat/completions/../../fine_tuning/jobs',
        '/v1/chat/completions/%2e%2e/%2e%2e/fine_tuning/jobs',
        '/v1/chat\\completions',
      ]) {
        const r = await send(name, target, '127.0.0.1')
        expect(r.status, `${target}: ${r.body}`).not.toBe(200)
        expect(r.status).toBeLessThan(500)
      }
    })
  })
}

describe('express: an unparsable Host is a 400 deny envelope with a decision id', () => {
  it('Host with a path in it', async () => {
    const r = await send('express', '/v1/fine_tuning/jobs', 'x/v1/chat/completions#')
    const body = JSON.parse(r.body)
    expect(r.status).toBe(400)
    expect(body.cordon).toEqual({ code: 'invalid_context', decision_id: r.headers['cordon-decision-id'] })
    expect(r.headers['content-type']).toMatch(/^application\/json/)
  })
})
