import { describe, expect, it } from 'vitest'
import { cordonFetch, getDecision, peerAddress } from './cordon-fetch.js'
import type { Decision, DecisionEngine, PolicyInput } from './types.js'

// A stand-in engine: allows general-1, refuses the rest; records inputs.
function fakeEngine(seen: unknown[] = []): DecisionEngine {
  return {
    decide(input) {
      seen.push(input)
      const model = (input as PolicyInput).model.id
      const allow = model === 'general-1'
      return {
        allow,
        code: allow ? 'ok' : 'model_suspended',
        reasons: allow ? [] : ['no'],
        result: { alternatives: ['general-1'] },
        decisionId: 'id-1',
        entrypoint: 'ai_access/decision',
      } satisfies Decision
    },
  }
}

const chat = (model: string | undefined, headers: Record<string, string> = {}) =>
  new Request('https://gw.test/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model, messages: [] }),
  })

describe('cordonFetch', () => {
  it('passes allowed requests with a readable body and the decision', async () => {
    const seen: unknown[] = []
    const app = cordonFetch(
      async (req) => Response.json({ body: await req.json(), decision: getDecision(req)?.code }),
      {
        engine: fakeEngine(seen),
        trust: ['cloudflare'],
        proxy: { anyPeer: true },
        now: () => new Date('2026-11-27T12:00:00Z'),
      },
    )
    const res = await app(chat('general-1', { 'cf-ipcountry': 'FR' }))
    expect(res.status).toBe(200)
    expect(res.headers.get('cordon-decision-id')).toBe('id-1')
    expect(await res.json()).toEqual({ body: { model: 'general-1', messages: [] }, decision: 'ok' })
    expect(seen[0]).toEqual({
      request: { country: 'FR', time: '2026-11-27T12:00:00.000Z', method: 'POST', path: '/v1/chat/completions' },
      user: {},
      model: { id: 'general-1' },
      capability: 'chat',
      capabilities: ['chat'],
    })
  })

  it('denies without calling the handler', async () => {
    let called = false
    const app = cordonFetch(() => ((called = true), new Response('upstream')), { engine: fakeEngine() })
    const res = await app(chat('frontier-1'))
    expect([res.status, called]).toEqual([403, false])
  })

  it('denies invalid_context (400) before the engine, or evaluates when told to', async () => {
    const seen: unknown[] = []
    const deny = await cordonFetch(() => new Response('x'), { engine: fakeEngine(seen) })(chat(undefined))
    expect(deny.status).toBe(400)
    // The reason is for the decision log, not the client.
    expect((await deny.json()).cordon).toEqual({
      code: 'invalid_context',
      decision_id: deny.headers.get('cordon-decision-id'),
    })
    expect(seen).toHaveLength(0)
    const evaluated = await cordonFetch(() => new Response('x'), {
      engine: fakeEngine(seen),
      invalidContext: 'evaluate',
    })(chat(undefined))
    expect([evaluated.status, seen.length]).toEqual([403, 1])
  })

  it('fails closed with 503 when the engine throws or never loads', async () => {
    const throwing = cordonFetch(() => new Response('x'), {
      engine: { decide: () => Promise.reject(new Error('boom')) },
    })
    const res = await throwing(chat('general-1'))
    expect(res.status).toBe(503)
    expect(res.headers.get('cordon-decision-id')).toMatch(/^[0-9a-f-]{36}$/)
    const never = cordonFetch(() => new Response('x'), { engine: Promise.reject(new Error('bad bundle')) })
    expect((await never(chat('general-1'))).status).toBe(503)
  })

  it('lets the application replace the deny response, falling back when it throws', async () => {
    const custom = cordonFetch(() => new Response('x'), {
      engine: fakeEngine(),
      deny: (d) => new Response(`no: ${d.code}`, { status: 418 }),
    })
    expect(await (await custom(chat('frontier-1'))).text()).toBe('no: model_suspended')
    const broken = cordonFetch(() => new Response('x'), {
      engine: fakeEngine(),
      deny: () => {
        throw new Error('oops')
      },
    })
    expect((await broken(chat('frontier-1'))).status).toBe(403)
  })

  it('adds the decision id to immutable passthrough responses', async () => {
    const frozen = await fetch('data:text/plain,upstream')
    const app = cordonFetch(() => frozen, { engine: fakeEngine() })
    const res = await app(chat('general-1'))
    expect([res.headers.get('cordon-decision-id'), await res.text()]).toEqual(['id-1', 'upstream'])
  })

  it('checks options when wrapping', () => {
    expect(() => cordonFetch(() => new Response(), {} as never)).toThrow('options.engine is required')
    expect(() => cordonFetch(() => new Response(), { engine: fakeEngine(), trust: ['nope' as never] })).toThrow(
      'unknown location provider',
    )
  })
})

describe('peerAddress', () => {
  const r = new Request('https://gw.test/')
  it('reads what each runtime passes beside the request', () => {
    expect(peerAddress(r, { incoming: { socket: { remoteAddress: '::ffff:10.0.0.1' } } })).toBe('::ffff:10.0.0.1') // @hono/node-server
    expect(peerAddress(r, { remoteAddr: { hostname: '10.0.0.2', port: 1 } })).toBe('10.0.0.2') // Deno.serve
    expect(peerAddress(r, { requestIP: (req: Request) => (req === r ? { address: '10.0.0.3' } : null) })).toBe(
      '10.0.0.3',
    ) // Bun.serve
    expect(peerAddress(r, undefined)).toBeUndefined() // a Worker's env, edge-runtime
    expect(peerAddress(r, { remoteAddr: { hostname: 42 } })).toBeUndefined()
  })
})
