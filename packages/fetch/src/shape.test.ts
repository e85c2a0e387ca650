import { describe, expect, it } from 'vitest'
import { denyStatus, shapeDeny } from './shape.js'
import type { Reason } from '@cordon/engine'
import type { Decision } from './types.js'

const deny = (
  code: string,
  result: Record<string, unknown> = {},
  reasons: Reason[] = [`because ${code}`],
): Decision => ({
  allow: false,
  code,
  reasons,
  result,
  decisionId: 'd-1',
  entrypoint: 'ai_access/decision',
})

describe('denyStatus', () => {
  const rows = [
    { note: 'legal basis → 451', d: deny('nationality_restricted', { legal_basis: 'Order 117' }), want: 451 },
    { note: 'no legal basis → 403', d: deny('capability_not_in_tier', { legal_basis: '' }), want: 403 },
    { note: 'engine failure → 503', d: deny('engine_error'), want: 503 },
    { note: 'undefined decision → 503', d: deny('undefined_decision'), want: 503 },
    { note: 'bad decide options → 503', d: deny('invalid_options'), want: 503 },
    { note: "policy's invalid_data (its data is malformed) → 503", d: deny('invalid_data'), want: 503 },
    { note: 'invalid context → 400', d: deny('invalid_context'), want: 400 },
    { note: 'schema failure → 400', d: deny('invalid_input'), want: 400 },
    { note: "policy's invalid_request → 400", d: deny('invalid_request'), want: 400 },
    { note: 'no token → 401', d: deny('unauthenticated'), want: 401 },
    { note: 'bad token → 401', d: deny('invalid_token'), want: 401 },
    { note: 'body over the limit → 413', d: deny('body_too_large'), want: 413 },
  ]
  for (const r of rows) it(r.note, () => expect(denyStatus(r.d)).toBe(r.want))
})

describe('shapeDeny', () => {
  it('answers a location deny with 451, Link, no-store and the OpenAI envelope', async () => {
    const res = shapeDeny(
      deny('embargoed_region', { legal_basis: 'Sanctions', alternatives: [] }, ['requests from CU are embargoed']),
      { blockedBy: 'https://gw.test/' },
      new Request('https://attacker.test/v1/chat/completions'),
    )
    expect(res.status).toBe(451)
    expect(res.headers.get('link')).toBe('<https://gw.test/>; rel="blocked-by"')
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    expect(res.headers.get('cordon-decision-id')).toBe('d-1')
    expect(await res.json()).toEqual({
      error: {
        message: 'Country, region, or territory not supported: requests from CU are embargoed',
        type: 'request_forbidden',
        code: 'unsupported_country_region_territory',
        param: null,
      },
      cordon: {
        code: 'embargoed_region',
        reasons: ['requests from CU are embargoed'],
        alternatives: [],
        legal_basis: 'Sanctions',
        decision_id: 'd-1',
      },
    })
  })

  it('keeps Cordon codes for other denies and offers alternatives', async () => {
    const res = shapeDeny(deny('model_suspended', { alternatives: ['general-1'] }), { decisionIdHeader: 'x-decision' })
    expect(res.status).toBe(403)
    expect(res.headers.get('link')).toBeNull()
    expect(res.headers.get('x-decision')).toBe('d-1')
    const body = await res.json()
    expect(body.error).toMatchObject({
      code: 'model_suspended',
      type: 'request_forbidden',
      message: 'because model_suspended',
    })
    expect(body.cordon.alternatives).toEqual(['general-1'])
  })

  it('takes a blocked-by target', () => {
    const res = shapeDeny(deny('nationality_restricted', { legal_basis: 'x' }), {
      blockedBy: 'https://example.com/blocking',
    })
    expect(res.headers.get('link')).toBe('<https://example.com/blocking>; rel="blocked-by"')
  })

  it('never takes the 451 Link target from the request (its Host is the client’s)', () => {
    const res = shapeDeny(
      deny('nationality_restricted', { legal_basis: 'x' }),
      {},
      new Request('https://attacker.test/v1/chat/completions'),
    )
    expect(res.headers.get('link')).toBeNull()
  })

  it('says server_error for engine failures, with only the code and the decision id', async () => {
    const res = shapeDeny(deny('engine_error', {}, [{ message: 'trap at /srv/policies/ai.rego:12' }]))
    expect(res.status).toBe(503)
    const body = await res.json()
    expect(body.error).toMatchObject({ type: 'server_error', code: 'engine_error' })
    expect(body.cordon).toEqual({ code: 'engine_error', decision_id: 'd-1' })
    expect(JSON.stringify(body)).not.toContain('rego')
  })

  it('answers 401 with WWW-Authenticate and no hint of which claim failed', async () => {
    const res = shapeDeny(deny('invalid_token', {}, ['user: token rejected: claim aud does not match']))
    expect([res.status, res.headers.get('www-authenticate')]).toEqual([401, 'Bearer error="invalid_token"'])
    expect(JSON.stringify(await res.json())).not.toContain('aud')
    expect(shapeDeny(deny('unauthenticated')).headers.get('www-authenticate')).toBe('Bearer')
  })
})
