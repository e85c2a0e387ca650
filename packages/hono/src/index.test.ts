import { Hono } from 'hono'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { Decision, DecisionEngine } from '@cordon/fetch'
import { cordon } from './index.js'

const engine: DecisionEngine = {
  decide: (input) => {
    const allow = (input as { model: { id: string } }).model.id === 'general-1'
    return {
      allow,
      code: allow ? 'ok' : 'model_suspended',
      reasons: [],
      result: {},
      decisionId: 'hono-1',
      entrypoint: 'ai_access/decision',
    }
  },
}

const post = (model: string) =>
  new Request('http://x.test/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model }),
  })

describe('cordon (hono)', () => {
  const app = new Hono()
  app.use('/v1/*', cordon({ engine }))
  app.post('/v1/chat/completions', async (c) => {
    expectTypeOf(c.var.decision).toEqualTypeOf<Decision>()
    return c.json({ code: c.var.decision.code, model: (await c.req.json()).model })
  })
  app.post('/v1/embeddings', () => fetch('data:text/plain,upstream'))

  it('publishes the decision and keeps the body readable', async () => {
    const res = await app.request(post('general-1'))
    expect(res.status).toBe(200)
    expect(res.headers.get('cordon-decision-id')).toBe('hono-1')
    expect(await res.json()).toEqual({ code: 'ok', model: 'general-1' })
  })

  it('answers a deny without reaching the handler', async () => {
    const res = await app.request(post('frontier-1'))
    expect(res.status).toBe(403)
    expect((await res.json()).cordon.code).toBe('model_suspended')
  })

  it('tags immutable upstream responses too', async () => {
    const res = await app.request(
      new Request('http://x.test/v1/embeddings', { method: 'POST', body: JSON.stringify({ model: 'general-1' }) }),
    )
    expect(res.headers.get('cordon-decision-id')).toBe('hono-1')
  })

  it('decides on a body an earlier middleware already read', async () => {
    const early = new Hono()
    early.use('/v1/*', async (c, next) => {
      await c.req.json()
      await next()
    })
    early.use('/v1/*', cordon({ engine }))
    early.post('/v1/chat/completions', async (c) => c.json({ model: (await c.req.json()).model }))
    const res = await early.request(post('general-1'))
    expect([res.status, await res.json()]).toEqual([200, { model: 'general-1' }])
  })

  it('checks options when made', () => {
    expect(() => cordon({} as never)).toThrow('options.engine is required')
  })
})
