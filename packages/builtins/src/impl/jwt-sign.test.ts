import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { parseTermText, RegoObject, RegoSet, toJson, type Value } from '../value/index.js'
import { conformanceRows, fx } from './conformance-vectors.js'
import { ctx, failure, run } from './security-test-util.js'

const OCT =
  '{"kty": "oct", "k": "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}'
const OCT_RAW =
  '{\n"kty":"oct",\n"k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"\n}'
const ED_JWK =
  '{"kty": "OKP", "alg": "EdDSA", "crv": "Ed25519", "x": "wEZFfoAj1rFKTLOOmjJjVZlCHwksuvMb2I5y_hg70E8", "d": "9XI34uQzYUJfWhDZf_0nYsLMBRVu8a6dFsy60P8uugk"}'
const CLAIMS =
  '{"aud": ["bob", "saul"], "exp": 1300819380, "http://example.com/is_root": true, "iss": "joe", "privateParams": {"private_one": "one", "private_two": "two"}}'
const RAW_HEADER = '{"typ":"JWT",\r\n "alg":"HS256"}'
const RAW_PAYLOAD = '{"iss":"joe",\r\n "exp":1300819380,\r\n "http://example.com/is_root":true}'
const t = (s: string): Value => parseTermText(s)

describe('io.jwt.encode_sign', () => {
  it.each(
    conformanceRows(() => [
      {
        note: 'RFC 7515 A.1 (HS256)',
        header: t('{"alg": "HS256", "typ": "JWT"}'),
        payload: t(CLAIMS),
        key: t(OCT),
        want: fx.SIGN_A1,
      },
      {
        note: 'empty JSON payload',
        header: t('{"alg": "HS256", "typ": "JWT"}'),
        payload: t('{}'),
        key: t(OCT),
        want: fx.SIGN_EMPTY,
      },
      {
        note: 'RFC 7515 A.2 (RS256, deterministic)',
        header: t('{"alg": "RS256"}'),
        payload: t(CLAIMS),
        key: t(fx.RFC7515_A2_RAW_KEY),
        want: fx.RFC7515_A2_TOKEN,
      },
      {
        note: 'EdDSA',
        header: t('{"alg": "EdDSA", "typ": "JWT"}'),
        payload: t(CLAIMS),
        key: t(ED_JWK),
        want: fx.SIGN_EDDSA,
      },
      {
        note: 'plain integer timestamps',
        header: t('{"alg": "HS256", "typ": "JWT"}'),
        payload: t('{"iat": 1678000000, "exp": 1678000300}'),
        key: t(OCT),
        want: fx.SIGN_TIMESTAMPS,
      },
      {
        note: 'sets become arrays',
        header: t('{"alg": "HS256", "typ": "JWT"}'),
        payload: (t(CLAIMS) as RegoObject).set('aud', new RegoSet(['saul', 'bob'])),
        key: t(OCT),
        want: fx.SIGN_A1,
      },
    ]),
  )('$note', ({ header, payload, key, want }) => {
    expect(run('io.jwt.encode_sign', [header, payload, key])).toBe(want)
  })

  it('escapes HTML characters in JSON as Go does', () => {
    const tok = run('io.jwt.encode_sign', [t('{"alg": "HS256"}'), t('{"a": "<b>&"}'), t(OCT)]) as string
    expect(Buffer.from(tok.split('.')[1]!, 'base64url').toString()).toBe('{"a":"\\u003cb\\u003e\\u0026"}')
  })

  it.each([
    {
      note: 'ES256',
      alg: 'ES256',
      key: '{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}',
      verify: 'io.jwt.verify_es256',
    },
    {
      note: 'PS256',
      alg: 'PS256',
      key: JSON.stringify(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' })),
      verify: 'io.jwt.verify_ps256',
    },
  ])('$note signs what the verifier accepts', ({ alg, key, verify }) => {
    const c = ctx()
    const tok = run('io.jwt.encode_sign', [t(`{"alg": "${alg}"}`), t('{"sub": "me"}'), t(key)], c) as string
    // the same call in the same evaluation gives the same token
    expect(run('io.jwt.encode_sign', [t(`{"alg": "${alg}"}`), t('{"sub": "me"}'), t(key)], c)).toBe(tok)
    const pub = JSON.parse(key)
    delete pub.d
    for (const k of ['p', 'q', 'dp', 'dq', 'qi']) delete pub[k]
    expect(run(verify, [tok, JSON.stringify(pub)])).toBe(true)
    expect(toJson(run('io.jwt.decode', [tok])!)).toEqual([{ alg }, { sub: 'me' }, expect.any(String)])
  })
})

describe('io.jwt.encode_sign_raw', () => {
  it.each([
    ...conformanceRows(() => [
      { note: 'RFC 7515 A.1', header: RAW_HEADER, payload: RAW_PAYLOAD, key: OCT_RAW, want: fx.RAW_A1 },
      {
        note: 'no payload, text/plain',
        header: '{"typ":"text/plain",\r\n "alg":"HS256"}',
        payload: '',
        key: OCT_RAW,
        want: fx.RAW_PLAIN_EMPTY,
      },
      {
        note: 'non-JSON payload, text/plain',
        header: '{"typ":"text/plain",\r\n "alg":"HS256"}',
        payload: 'e',
        key: OCT_RAW,
        want: fx.RAW_PLAIN_E,
      },
      { note: 'empty JSON payload', header: RAW_HEADER, payload: '{}', key: OCT_RAW, want: fx.RAW_EMPTY_JSON },
      {
        note: 'RFC 7515 A.2',
        header: '{"alg":"RS256"}',
        payload: RAW_PAYLOAD,
        key: fx.RFC7515_A2_RAW_KEY,
        want: fx.RFC7515_A2_RAW_TOKEN,
      },
      {
        note: 'EdDSA',
        header: '{"alg":"EdDSA","typ":"JWT"}',
        payload: '{"iss":"joe","exp":1300819380,"http://example.com/is_root":true}',
        key: ED_JWK,
        want: fx.RAW_EDDSA,
      },
    ]),
    {
      note: 'a JWK set: the first key signs',
      header: '{"alg":"HS256"}',
      payload: '{}',
      key: `{"keys": [${OCT}]}`,
      want: undefined,
    },
  ])('$note', ({ header, payload, key, want }) => {
    const got = run('io.jwt.encode_sign_raw', [header, payload, key])
    if (want === undefined) expect(got).toMatch(/^eyJhbGciOiJIUzI1NiJ9\.e30\.[\w-]{43}$/)
    else expect(got).toBe(want)
  })

  it.each([
    {
      note: 'header is broken JSON',
      header: '{"typ:"JWT",\r\n "alg":"HS256"}',
      payload: RAW_PAYLOAD,
      message: "missing or invalid 'alg' header: cannot parse JSON",
    },
    {
      note: 'unknown algorithm',
      header: '{"alg":"dummy"}',
      payload: RAW_PAYLOAD,
      message: 'unknown JWS algorithm: dummy',
    },
    {
      note: 'empty JSON header',
      header: '{}',
      payload: RAW_PAYLOAD,
      message: 'missing or invalid \'alg\' header: jwsbb: header "alg" not found',
    },
    {
      note: 'empty header',
      header: '',
      payload: RAW_PAYLOAD,
      message: "missing or invalid 'alg' header: cannot parse JSON: cannot parse empty string",
    },
    {
      note: 'header read as a number',
      header: 'e',
      payload: RAW_PAYLOAD,
      message: 'missing or invalid \'alg\' header: jwsbb: header "alg" not found',
    },
    { note: 'no payload', header: RAW_HEADER, payload: '', message: 'type is JWT but payload is not JSON' },
    {
      note: 'broken JSON payload',
      header: RAW_HEADER,
      payload: '{"iss:"joe"}',
      message: 'type is JWT but payload is not JSON',
    },
    {
      note: 'non-JSON payload, no typ',
      header: '{"alg":"HS256"}',
      payload: 'e',
      message: 'type is JWT but payload is not JSON',
    },
    {
      note: 'key of the wrong type',
      header: '{"alg":"RS256"}',
      payload: '{}',
      message: 'invalid key type for RS256: expected RSA private key',
    },
  ])('$note', ({ header, payload, message }) => {
    const f = failure('io.jwt.encode_sign_raw', [header, payload, OCT_RAW])
    expect(f.code).toBe('eval_builtin_error')
    expect(f.message).toContain(`io.jwt.encode_sign_raw: ${message}`)
  })

  it.each([
    {
      note: 'key checked first',
      args: [1, 2, 3] as Value[],
      message: 'io.jwt.encode_sign_raw: operand 3 must be string but got number',
    },
    {
      note: 'header',
      args: [1, '', ''] as Value[],
      message: 'io.jwt.encode_sign_raw: operand 1 must be string but got number',
    },
    {
      note: 'payload',
      args: ['', null, ''] as Value[],
      message: 'io.jwt.encode_sign_raw: operand 2 must be string but got null',
    },
  ])('type error: $note', ({ args, message }) => {
    expect(failure('io.jwt.encode_sign_raw', args)).toEqual({ code: 'eval_type_error', message })
  })

  it('a key that is not JSON', () => {
    expect(failure('io.jwt.encode_sign_raw', ['{"alg":"HS256"}', '{}', 'nope']).message).toContain(
      'failed to unmarshal JSON into key',
    )
    expect(RegoObject).toBeDefined()
  })
})
