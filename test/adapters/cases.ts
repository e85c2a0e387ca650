/**
 * The one table of request cases every adapter runs in its real runtime:
 * headers, JWTs, bodies → status and code. Tokens are signed by a key pair
 * the test makes (`makeKeys`); servers verify with its public JWK and trust
 * Cloudflare's `CF-IPCountry` only.
 */
import { expect } from 'vitest'
import { audience, cdnSecret, issuer } from './support/constants.js'

export { audience, issuer }

/** Claims of a test token; `key: 'foreign'` signs with a key the server does not know. */
interface TokenSpec {
  sub?: string
  nationality?: string
  verified?: boolean
  tier?: string
  expired?: boolean
  /** A token without `exp` (valid forever): refused. */
  noExp?: boolean
  key?: 'foreign'
}

export interface AdapterCase {
  note: string
  path?: string
  token?: TokenSpec
  /** Extra headers (geo headers, a hand-made Authorization). */
  headers?: Record<string, string>
  /** A JSON value, or raw text sent as application/json. */
  body?: unknown
  /** Sent without the CDN's secret header: as a client reaching the origin directly. */
  direct?: boolean
  want: { status: number; code: string; envelopeCode?: string }
}

const chat = (model: string, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
})
const fr = { sub: 'u1', nationality: 'FR', verified: true, tier: 'pro' }
const us = { sub: 'u2', nationality: 'US', verified: true, tier: 'pro' }

export const cases: AdapterCase[] = [
  {
    note: 'FR user from FR, unrestricted model',
    token: fr,
    headers: { 'cf-ipcountry': 'FR' },
    body: chat('general-1'),
    want: { status: 200, code: 'ok' },
  },
  {
    note: 'US user from US, restricted model',
    token: us,
    headers: { 'cf-ipcountry': 'US' },
    body: chat('frontier-1'),
    want: { status: 200, code: 'ok' },
  },
  {
    note: 'tools → chat and tool_use, allowed',
    token: fr,
    headers: { 'cf-ipcountry': 'FR' },
    body: chat('general-1', { tools: [{ type: 'function', function: { name: 'f' } }] }),
    want: { status: 200, code: 'ok' },
  },
  {
    note: 'fine-tuning with tools on the pro tier is still fine_tuning → 403',
    token: fr,
    headers: { 'cf-ipcountry': 'FR' },
    path: '/v1/fine_tuning/jobs',
    body: { model: 'general-1', training_file: 'file-1', tools: [{ type: 'function' }] },
    want: { status: 403, code: 'capability_not_in_tier' },
  },
  {
    note: 'a duplicated geo header → unverified (ZZ) → 451',
    token: us,
    headers: { 'cf-ipcountry': 'US, CU' },
    body: chat('general-1'),
    want: { status: 451, code: 'location_unverified', envelopeCode: 'unsupported_country_region_territory' },
  },
  {
    note: 'embargoed region from cf-region-code → 451',
    token: fr,
    headers: { 'cf-ipcountry': 'UA', 'cf-region-code': '43' },
    body: chat('general-1'),
    want: { status: 451, code: 'embargoed_region', envelopeCode: 'unsupported_country_region_territory' },
  },
  {
    note: 'FR user, restricted model → 451 with a legal basis',
    token: fr,
    headers: { 'cf-ipcountry': 'FR' },
    body: chat('frontier-1'),
    want: { status: 451, code: 'nationality_restricted' },
  },
  {
    note: 'embargoed country → 451, OpenAI location code',
    token: fr,
    headers: { 'cf-ipcountry': 'CU' },
    body: chat('general-1'),
    want: { status: 451, code: 'embargoed_region', envelopeCode: 'unsupported_country_region_territory' },
  },
  {
    note: 'CDN says unknown (XX), restricted model → 451, OpenAI location code',
    token: us,
    headers: { 'cf-ipcountry': 'XX' },
    body: chat('frontier-1'),
    want: { status: 451, code: 'location_unknown', envelopeCode: 'unsupported_country_region_territory' },
  },
  {
    note: 'code interpreter, unverified user → 403',
    token: { ...fr, verified: false },
    headers: { 'cf-ipcountry': 'FR' },
    path: '/v1/responses',
    body: { model: 'general-1', input: 'x', tools: [{ type: 'code_interpreter' }] },
    want: { status: 403, code: 'capability_requires_verification' },
  },
  {
    note: 'fine-tuning on the pro tier → 403',
    token: fr,
    headers: { 'cf-ipcountry': 'FR' },
    path: '/v1/fine_tuning/jobs',
    body: { model: 'general-1', training_file: 'file-1' },
    want: { status: 403, code: 'capability_not_in_tier' },
  },
  {
    note: 'embeddings of an unknown model → 403',
    token: fr,
    headers: { 'cf-ipcountry': 'FR' },
    path: '/v1/embeddings',
    body: { model: 'mystery-9', input: 'x' },
    want: { status: 403, code: 'unknown_model' },
  },
  {
    note: 'no token → 401',
    headers: { 'cf-ipcountry': 'FR' },
    body: chat('general-1'),
    want: { status: 401, code: 'unauthenticated' },
  },
  {
    note: 'token signed by another key → 401',
    token: { ...fr, key: 'foreign' },
    headers: { 'cf-ipcountry': 'FR' },
    body: chat('general-1'),
    want: { status: 401, code: 'invalid_token' },
  },
  {
    note: 'expired token → 401',
    token: { ...fr, expired: true },
    headers: { 'cf-ipcountry': 'FR' },
    body: chat('general-1'),
    want: { status: 401, code: 'invalid_token' },
  },
  {
    note: 'token without exp → 401',
    token: { ...fr, noExp: true },
    headers: { 'cf-ipcountry': 'FR' },
    body: chat('general-1'),
    want: { status: 401, code: 'invalid_token' },
  },
  {
    note: 'not a bearer token → 401',
    headers: { 'cf-ipcountry': 'FR', authorization: 'Basic dTE6cHc=' },
    body: chat('general-1'),
    want: { status: 401, code: 'invalid_token' },
  },
  {
    note: 'malformed JSON body → 400',
    token: fr,
    headers: { 'cf-ipcountry': 'FR' },
    body: '{"model": "general-1",',
    want: { status: 400, code: 'invalid_context' },
  },
  {
    note: 'no model in the body → 400',
    token: fr,
    headers: { 'cf-ipcountry': 'FR' },
    body: { messages: [] },
    want: { status: 400, code: 'invalid_context' },
  },
  {
    note: 'token without nationality → the policy refuses (400)',
    token: { sub: 'u3' },
    headers: { 'cf-ipcountry': 'FR' },
    body: chat('general-1'),
    want: { status: 400, code: 'invalid_request' },
  },
]

/** A key pair for the servers under test, and a signer for the cases' tokens. */
export interface Keys {
  publicJwk: JsonWebKey
  sign(spec: TokenSpec): Promise<string>
}

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' }
const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')
const jsonPart = (v: object) => b64url(new TextEncoder().encode(JSON.stringify(v)))

/** Makes an ES256 key pair with WebCrypto; tokens are signed by hand (a JWS is header.payload.signature). */
export async function makeKeys(): Promise<Keys> {
  const mine = await crypto.subtle.generateKey(ecdsa, true, ['sign', 'verify'])
  const foreign = await crypto.subtle.generateKey(ecdsa, false, ['sign', 'verify'])
  const publicJwk = { ...(await crypto.subtle.exportKey('jwk', mine.publicKey)), alg: 'ES256', kid: 'test-key' }
  return {
    publicJwk,
    async sign({ key, expired, noExp, ...claims }) {
      const now = Math.floor(Date.now() / 1000)
      const payload = {
        ...claims,
        iss: issuer,
        aud: audience,
        iat: expired ? now - 7200 : now,
        ...(noExp ? {} : { exp: expired ? now - 3600 : now + 600 }),
      }
      const input = `${jsonPart({ alg: 'ES256', typ: 'JWT', kid: 'test-key' })}.${jsonPart(payload)}`
      // WebCrypto's ECDSA signature is r‖s, which is what JWS wants.
      const signer = key === 'foreign' ? foreign.privateKey : mine.privateKey
      const signature = await crypto.subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' },
        signer,
        new TextEncoder().encode(input),
      )
      return `${input}.${b64url(new Uint8Array(signature))}`
    },
  }
}

/** Sends one case to a server (real HTTP) and checks status, code, headers and, when allowed, what the app saw. */
export async function runCase(baseUrl: string, c: AdapterCase, keys: Keys): Promise<void> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(c.direct ? {} : { [cdnSecret.header]: cdnSecret.value }),
    ...c.headers,
  }
  if (c.token) headers.authorization = `Bearer ${await keys.sign(c.token)}`
  const res = await fetch(new URL(c.path ?? '/v1/chat/completions', baseUrl), {
    method: 'POST',
    headers,
    body: typeof c.body === 'string' ? c.body : JSON.stringify(c.body),
  })
  const text = await res.text()
  const body = JSON.parse(text)
  const id = res.headers.get('cordon-decision-id')
  expect({ status: res.status, id: typeof id }, text).toEqual({ status: c.want.status, id: 'string' })
  if (c.want.status === 200) {
    // The app echoes the model it read from the (still readable) body and the decision it was given.
    expect(body).toEqual({ model: (c.body as { model: string }).model, decision: id, code: 'ok' })
    return
  }
  expect(body.cordon.code, text).toBe(c.want.code)
  expect(body.cordon.decision_id).toBe(id)
  if (c.want.status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/)
  // A deny the policy did not make says nothing but its code and id (the reasons are in the decision log).
  if (c.want.status === 401 || (c.want.status === 400 && c.want.code === 'invalid_context'))
    expect(Object.keys(body.cordon).sort()).toEqual(['code', 'decision_id'])
  expect(body.error.code).toBe(c.want.envelopeCode ?? c.want.code)
  expect(body.error).toHaveProperty('param', null)
  expect(res.headers.get('cache-control')).toBe('private, no-store')
  if (c.want.status === 451) {
    expect(res.headers.get('link')).toBe('<https://gateway.cordon.test/>; rel="blocked-by"')
    expect(body.cordon.legal_basis).toBeTruthy()
  }
}
