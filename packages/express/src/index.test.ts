import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DecisionEngine } from '@cordon/fetch'
import { cordon, toRequest, type ExpressLikeRequest } from './index.js'

const seen: unknown[] = []
const engine: DecisionEngine = {
  decide: (input) => {
    seen.push(input)
    const allow = (input as { model: { id: string } }).model.id === 'general-1'
    return {
      allow,
      code: allow ? 'ok' : 'model_suspended',
      reasons: [],
      result: {},
      decisionId: 'ex-1',
      entrypoint: 'ai_access/decision',
    }
  },
}

let server: Server
let url: string

beforeAll(async () => {
  const app = express()
  app.use('/parsed', express.json())
  app.use('/text', express.text({ type: '*/*' }))
  app.use(cordon({ engine, trust: ['cloudflare'], proxy: { addresses: ['127.0.0.1', '::1'] } }))
  app.use('/raw', express.json())
  app.post('/*path', (req, res) =>
    res.json({ body: req.body, decision: req.decision?.decisionId, locals: res.locals.decision?.code }),
  )
  server = createServer(app)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise((r) => server.close(r)))

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })

describe('cordon (express)', () => {
  for (const prefix of ['/parsed', '/raw', '/text']) {
    it(`reads the body ${prefix.slice(1)} and leaves it for the handler`, async () => {
      seen.length = 0
      const res = await post(`${prefix}/v1/chat/completions`, '{"model":"general-1"}', { 'cf-ipcountry': 'de' })
      expect(res.status).toBe(200)
      expect(res.headers.get('cordon-decision-id')).toBe('ex-1')
      const body = await res.json()
      expect(body.decision).toBe('ex-1')
      expect(body.locals).toBe('ok')
      expect(prefix === '/text' ? JSON.parse(body.body) : body.body).toEqual({ model: 'general-1' })
      expect(seen[0]).toMatchObject({
        request: { country: 'DE', path: `${prefix}/v1/chat/completions` },
        model: { id: 'general-1' },
        capability: 'chat',
      })
    })
  }

  it('sends the deny response', async () => {
    const res = await post('/raw/v1/chat/completions', '{"model":"frontier-1"}')
    expect(res.status).toBe(403)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    expect((await res.json()).error.code).toBe('model_suspended')
  })

  it('denies a malformed raw body with 400', async () => {
    const res = await post('/raw/v1/chat/completions', '{"model"')
    expect(res.status).toBe(400)
    expect((await res.json()).cordon.code).toBe('invalid_context')
  })

  it('passes GET requests to non-model routes undecided', async () => {
    const app = express()
    app.use('/v1', cordon({ engine, trust: ['cloudflare'], proxy: { anyPeer: true } }))
    app.get('/v1/models', (req, res) => res.json({ data: [], decided: req.decision !== undefined }))
    app.get('/v1/chat/completions', (_req, res) => res.json({ reached: true }))
    const s = createServer(app)
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
    const base = `http://127.0.0.1:${(s.address() as AddressInfo).port}`
    try {
      const models = await fetch(`${base}/v1/models`)
      expect([models.status, await models.json()]).toEqual([200, { data: [], decided: false }])
      // A model endpoint is decided whatever the method: a GET has no model → 400.
      expect((await fetch(`${base}/v1/chat/completions`)).status).toBe(400)
    } finally {
      await new Promise((r) => s.close(r))
    }
  })
})

describe('toRequest', () => {
  it('maps URL, headers and a parsed body', async () => {
    const req = {
      method: 'POST',
      headers: { host: 'gw.test', 'x-a': ['1', '2'], 'content-type': 'application/x-www-form-urlencoded' },
      protocol: 'https',
      originalUrl: '/v1/embeddings?x=1',
      body: { model: 'm' },
      _body: true,
    } as unknown as ExpressLikeRequest
    const request = await toRequest(req)
    expect(request.url).toBe('https://gw.test/v1/embeddings?x=1')
    expect(request.headers.get('x-a')).toBe('1, 2')
    expect(request.headers.get('content-type')).toBe('application/json')
    expect(await request.json()).toEqual({ model: 'm' })
  })
})
