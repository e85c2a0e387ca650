/**
 * Adapter defaults that cannot surprise (#16) and what deny bodies say
 * (#14.14): the engine's default entrypoint, checked at startup; one loud
 * warning without `trust`; 401 with WWW-Authenticate; denies the policy did
 * not make carry only a code and a decision id, and that id is in the
 * decision log with the detail; non-model routes pass; the 451 Link comes
 * from configuration, never the Host; Express answers parser errors as JSON.
 * Real engines, real HTTP, every adapter.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import express from 'express'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createEngine, type DecisionEvent, type Engine } from '@cordon/engine'
import { buildWasm } from '@cordon/wasm'
import { cordon as cordonExpress, jsonErrors } from '@cordon/express'
import { cordon as cordonHono } from '@cordon/hono'
import { cordonFetch, type CordonOptions } from '@cordon/fetch'
import { blockedBy, cdnSecret } from '../adapters/support/constants.js'
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
const log: DecisionEvent[] = []
const urls: Record<string, string> = {}
let warn: ReturnType<typeof vi.spyOn>

beforeAll(async () => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  keys = await makeKeys()
  engine = await referenceEngine({ decisionLog: { sinks: [(e: DecisionEvent) => log.push(e)] } })
  for (const name of adapterNames) urls[name] = await startGateway(name, gatewayOptions(engine, keys))
})
afterAll(async () => {
  warn.mockRestore()
  await closeGateways()
})

const secret = { [cdnSecret.header]: cdnSecret.value }
const chat = (model = 'general-1') => JSON.stringify({ model, messages: [] })
const json = { 'content-type': 'application/json' }

// A policy whose only entrypoint is not ai_access/decision.
function gatePolicy(): Uint8Array {
  const built = buildWasm(
    [
      {
        file: 'gate.rego',
        text: 'package gate\n\ndecision := {"allow": input.model.id == "general-1", "code": "gate"}\n',
      },
    ],
    { entrypoints: ['gate/decision'] },
  )
  if (!built.wasm) throw new Error(built.diagnostics.map((d) => d.message).join('; '))
  return built.wasm
}

describe('entrypoint', () => {
  it('defaults to the engine’s default (the policy’s first entrypoint)', async () => {
    const gate = await createEngine({ wasm: gatePolicy() })
    const app = cordonFetch(() => new Response('upstream'), { engine: gate, trust: [() => ({ country: 'FR' })] })
    const res = await app(
      new Request('http://gw.test/v1/chat/completions', { method: 'POST', headers: json, body: chat() }),
    )
    expect([res.status, await res.text()]).toEqual([200, 'upstream'])
  })

  it('a missing entrypoint throws when the adapter is made, listing the policy’s', async () => {
    const gate = await createEngine({ wasm: gatePolicy() })
    for (const make of [
      () => cordonExpress({ engine: gate, entrypoint: 'ai_access/decision' }),
      () => cordonHono({ engine: gate, entrypoint: 'ai_access/decision' }),
      () => cordonFetch(() => new Response(), { engine: gate, entrypoint: 'ai_access/decision' }),
    ]) {
      expect(make).toThrow("entrypoint 'ai_access/decision' is not in the policy; its entrypoints are gate/decision")
    }
    expect(() => cordonFetch(() => new Response(), { engine: gate, entrypoint: 'data.gate.decision' })).not.toThrow()
  })

  it('with a promised engine, a missing entrypoint denies every request (503) and says why once on the console', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const app = cordonFetch(() => new Response('upstream'), {
      engine: createEngine({ wasm: gatePolicy() }),
      entrypoint: 'nope/decision',
    })
    const res = await app(
      new Request('http://gw.test/v1/chat/completions', { method: 'POST', headers: json, body: chat() }),
    )
    expect(res.status).toBe(503)
    expect(error.mock.calls.flat().join(' ')).toContain('its entrypoints are gate/decision')
    error.mockRestore()
  })
})

describe('trust', () => {
  it('warns once, loudly, when no trust is set', () => {
    const before = warn.mock.calls.filter((c: unknown[]) => String(c[0]).includes('no `trust` is set')).length
    cordonFetch(() => new Response(), { engine })
    cordonFetch(() => new Response(), { engine })
    const after = warn.mock.calls.filter((c: unknown[]) => String(c[0]).includes('no `trust` is set')).length
    expect(after - before).toBeLessThanOrEqual(1)
    expect(after).toBe(1)
  })
})

for (const name of adapterNames) {
  describe(`${name}: denies the policy did not make`, () => {
    it('a missing token → 401 with WWW-Authenticate, only code and id, and the detail in the decision log', async () => {
      const res = await fetch(`${urls[name]}/v1/chat/completions`, {
        method: 'POST',
        headers: { ...json, ...secret, 'cf-ipcountry': 'FR' },
        body: chat(),
      })
      const id = res.headers.get('cordon-decision-id')!
      expect([res.status, res.headers.get('www-authenticate')]).toEqual([401, 'Bearer'])
      expect((await res.json()).cordon).toEqual({ code: 'unauthenticated', decision_id: id })
      await vi.waitFor(() =>
        expect(log.find((e) => e.decision_id === id)).toMatchObject({
          allow: false,
          code: 'unauthenticated',
          error: expect.stringContaining('no bearer token'),
        }),
      )
    })

    it('a token failing a claim → 401 that does not say which claim', async () => {
      const res = await fetch(`${urls[name]}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          ...json,
          ...secret,
          'cf-ipcountry': 'FR',
          authorization: `Bearer ${await keys.sign({ sub: 'u', nationality: 'FR', key: 'foreign' })}`,
        },
        body: chat(),
      })
      const text = await res.text()
      expect([res.status, res.headers.get('www-authenticate')]).toEqual([401, 'Bearer error="invalid_token"'])
      expect(text).not.toMatch(/signature|claim|aud|iss/i)
      const id = res.headers.get('cordon-decision-id')!
      await vi.waitFor(() =>
        expect(log.find((e) => e.decision_id === id)?.error).toContain('signature does not verify'),
      )
    })

    it('an engine failure → 503 with a code and a decision id, never the error text', async () => {
      const failing = { decide: () => Promise.reject(new Error('trap at /srv/cordon/policies/ai.rego:12:3')) }
      const base = await startGateway(name, { ...gatewayOptions(engine, keys), engine: failing })
      const res = await fetch(`${base}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          ...json,
          ...secret,
          'cf-ipcountry': 'FR',
          authorization: `Bearer ${await keys.sign({ sub: 'u', nationality: 'FR' })}`,
        },
        body: chat(),
      })
      const text = await res.text()
      expect(res.status).toBe(503)
      expect(JSON.parse(text).cordon).toEqual({
        code: 'engine_error',
        decision_id: res.headers.get('cordon-decision-id'),
      })
      expect(text).not.toMatch(/srv|rego|trap/)
    })

    it('the 451 Link names the configured origin, whatever the Host', async () => {
      const token = await keys.sign({ sub: 'u', nationality: 'FR' })
      const r = await rawRequest(
        urls[name]!,
        rawPost(
          '/v1/chat/completions',
          'evil.example',
          { authorization: `Bearer ${token}`, 'cf-ipcountry': 'FR', ...secret },
          chat('frontier-1'),
        ),
      )
      expect(r.status).toBe(451)
      expect(r.headers.link).toBe(`<${blockedBy}>; rel="blocked-by"`)
      // Without a configured origin there is no Link, rather than one naming the client's Host.
      const bare = await startGateway(name, gatewayOptions(engine, keys, { blockedBy: undefined }))
      const r2 = await rawRequest(
        bare,
        rawPost(
          '/v1/chat/completions',
          'evil.example',
          { authorization: `Bearer ${token}`, 'cf-ipcountry': 'FR', ...secret },
          chat('frontier-1'),
        ),
      )
      expect([r2.status, r2.headers.link]).toEqual([451, undefined])
    })

    it('GET /v1/models passes undecided under a /v1 mount; model endpoints are still decided', async () => {
      const models = await fetch(`${urls[name]}/v1/models`)
      expect(models.status).toBe(200)
      expect(models.headers.get('cordon-decision-id')).toBeNull()
      expect((await fetch(`${urls[name]}/v1/files`, { method: 'POST', headers: json, body: '{}' })).status).toBe(401)
    })
  })
}

describe('match and skip', () => {
  it('skip lets chosen requests pass; match narrows what is decided', async () => {
    const opts = (o: Partial<CordonOptions>) => ({ ...gatewayOptions(engine, keys), ...o })
    const skipping = cordonFetch(
      () => new Response('up'),
      opts({ skip: (r) => new URL(r.url).pathname === '/v1/chat/completions' }),
    )
    expect(
      (await skipping(new Request('http://gw.test/v1/chat/completions', { method: 'POST', body: chat() }))).status,
    ).toBe(200)
    const matching = cordonFetch(() => new Response('up'), opts({ match: (r) => r.method === 'POST' }))
    expect(
      (await matching(new Request('http://gw.test/v1/chat/completions', { method: 'POST', body: chat() }))).status,
    ).toBe(401)
    expect(
      (await matching(new Request('http://gw.test/v1/chat/completions', { method: 'PUT', body: chat() }))).status,
    ).toBe(200)
    // A throwing skip decides the request rather than letting it pass.
    const broken = cordonFetch(
      () => new Response('up'),
      opts({
        skip: () => {
          throw new Error('bug')
        },
      }),
    )
    expect(
      (await broken(new Request('http://gw.test/v1/chat/completions', { method: 'POST', body: chat() }))).status,
    ).toBe(401)
  })
})

describe('express: parser errors are JSON', () => {
  let base: string
  beforeAll(async () => {
    const app = express()
    app.use('/v1', express.json({ limit: '1kb' }), cordonExpress(gatewayOptions(engine, keys)))
    app.post('/v1/*path', (_req, res) => res.json({ ok: true }))
    app.use(jsonErrors({ engine }))
    const server = createServer(app)
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    afterAll(() => new Promise((r) => server.close(r)))
  })

  it('bad JSON → 400 invalid_json with a decision id, no stack', async () => {
    const res = await fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: json, body: '{"model":' })
    const text = await res.text()
    expect(res.status).toBe(400)
    expect(JSON.parse(text).cordon).toEqual({
      code: 'invalid_json',
      decision_id: res.headers.get('cordon-decision-id'),
    })
    expect(text).not.toMatch(/SyntaxError|at /)
    const id = res.headers.get('cordon-decision-id')!
    await vi.waitFor(() => expect(log.find((e) => e.decision_id === id)).toMatchObject({ code: 'invalid_json' }))
  })

  it('a body over the parser’s limit → 413 body_too_large as JSON', async () => {
    const res = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ model: 'x', pad: 'x'.repeat(4096) }),
    })
    expect(res.status).toBe(413)
    expect((await res.json()).cordon.code).toBe('body_too_large')
  })
})
