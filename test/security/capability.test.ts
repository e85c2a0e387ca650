/**
 * Threat: capability by body shape (#14.1). A `tools` array must not turn a
 * fine-tuning job (enterprise tier only) into a `tool_use` request the pro
 * tier may make. The endpoint decides; tools only add `tool_use`, and the
 * policy checks every capability. Over real HTTP, every adapter.
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

let keys: Keys
let engine: Engine
const urls: Record<string, string> = {}

beforeAll(async () => {
  keys = await makeKeys()
  engine = await referenceEngine()
  for (const name of adapterNames) urls[name] = await startGateway(name, gatewayOptions(engine, keys))
})
afterAll(closeGateways)

const pro = { sub: 'u1', nationality: 'US', verified: true, tier: 'pro' }

async function post(base: string, path: string, body: unknown, tier = pro): Promise<{ status: number; code?: string }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await keys.sign(tier)}`,
      'cf-ipcountry': 'US',
      [cdnSecret.header]: cdnSecret.value,
    },
    body: JSON.stringify(body),
  })
  const json = (await res.json()) as { cordon?: { code?: string } }
  return { status: res.status, code: json.cordon?.code }
}

const bodies = {
  tools: { tools: [{ type: 'function' }] },
  functions: { functions: [{ name: 'f' }] },
  'code interpreter': { tools: [{ type: 'code_interpreter' }] },
}

for (const name of adapterNames) {
  describe(`${name}: tools never replace the endpoint's capability`, () => {
    it('a pro-tier fine-tuning job is refused without tools', async () => {
      expect(await post(urls[name]!, '/v1/fine_tuning/jobs', { model: 'general-1', training_file: 'f' })).toEqual({
        status: 403,
        code: 'capability_not_in_tier',
      })
    })
    for (const [what, extra] of Object.entries(bodies)) {
      it(`and still refused with ${what} added`, async () => {
        expect(
          await post(urls[name]!, '/v1/fine_tuning/jobs', { model: 'general-1', training_file: 'f', ...extra }),
        ).toEqual({ status: 403, code: 'capability_not_in_tier' })
      })
    }
    it('an enterprise fine-tuning job with tools is allowed (both capabilities pass)', async () => {
      const r = await post(
        urls[name]!,
        '/v1/fine_tuning/jobs',
        { model: 'general-1', training_file: 'f', tools: [{ type: 'function' }] },
        { ...pro, tier: 'enterprise' },
      )
      expect(r.status).toBe(200)
    })
  })
}

describe('suspensions scoped to a capability hold with tools added', () => {
  it('an image_generation suspension is not bypassed by tools', async () => {
    engine.patchData(
      ['ai-access', 'suspensions'],
      [{ id: 's-img', model: 'general-1', capabilities: ['image_generation'], effective_from: '2020-01-01T00:00:00Z' }],
    )
    try {
      for (const name of adapterNames) {
        expect(
          await post(urls[name]!, '/v1/images/generations', {
            model: 'general-1',
            prompt: 'x',
            tools: [{ type: 'function' }],
          }),
        ).toEqual({ status: 403, code: 'model_suspended' })
      }
    } finally {
      engine.patchData(['ai-access', 'suspensions'], [])
    }
  })
})
