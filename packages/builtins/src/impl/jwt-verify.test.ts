import { createHmac, generateKeyPairSync, type KeyObject, sign as nodeSign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { RegoObject, toJson, type Value } from '../value/index.js'
import { conformanceRows, fx } from './conformance-vectors.js'
import { ctx, failure, run } from './security-test-util.js'

const b64u = (s: string | Buffer) => Buffer.from(s).toString('base64url')

function token(header: object, payload: object | string, signer: (input: string) => Buffer): string {
  const input = `${b64u(JSON.stringify(header))}.${b64u(typeof payload === 'string' ? payload : JSON.stringify(payload))}`
  return `${input}.${signer(input).toString('base64url')}`
}

const hs =
  (secret: string, hash = 'sha256') =>
  (input: string) =>
    createHmac(hash, secret).update(input).digest()

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const rsa2 = generateKeyPairSync('rsa', { modulusLength: 2048 })
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' })
const ed = generateKeyPairSync('ed25519')

const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }) as string
const jwk = (k: KeyObject, extra: object = {}) => JSON.stringify({ ...k.export({ format: 'jwk' }), ...extra })

const rsaSig =
  (key: KeyObject, hash: string, pss = false) =>
  (input: string) =>
    nodeSign(hash, Buffer.from(input), pss ? { key, padding: 6, saltLength: 32 } : key)
const ecSig = (key: KeyObject, hash: string) => (input: string) =>
  nodeSign(hash, Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' })
const edSig = (key: KeyObject) => (input: string) => nodeSign(null, Buffer.from(input), key)

describe('io.jwt.verify_hs*', () => {
  const t256 = token({ alg: 'HS256', typ: 'JWT' }, { sub: '0' }, hs('secret'))
  const t384 = token({ alg: 'HS384' }, { sub: '0' }, hs('secret', 'sha384'))
  const t512 = token({ alg: 'HS512' }, { sub: '0' }, hs('secret', 'sha512'))
  it.each([
    { note: 'hs256 success', name: 'io.jwt.verify_hs256', tok: t256, secret: 'secret', want: true },
    { note: 'hs256 wrong secret', name: 'io.jwt.verify_hs256', tok: t256, secret: 'other', want: false },
    { note: 'hs384 success', name: 'io.jwt.verify_hs384', tok: t384, secret: 'secret', want: true },
    { note: 'hs384 with a HS256 token', name: 'io.jwt.verify_hs384', tok: t256, secret: 'secret', want: false },
    { note: 'hs512 success', name: 'io.jwt.verify_hs512', tok: t512, secret: 'secret', want: true },
    {
      note: 'header is not read',
      name: 'io.jwt.verify_hs256',
      tok: `bm90IGpzb24.e30.${hs('s')('bm90IGpzb24.e30').toString('base64url')}`,
      secret: 's',
      want: true,
    },
  ])('$note', ({ name, tok, secret, want }) => {
    expect(run(name, [tok, secret])).toBe(want)
  })

  it.each([
    {
      note: 'two sections',
      args: ['a.b', 's'] as Value[],
      code: 'eval_builtin_error',
      message: 'io.jwt.verify_hs256: encoded JWT must have 3 sections, found 2',
    },
    {
      note: 'no periods',
      args: ['abc', 's'] as Value[],
      code: 'eval_builtin_error',
      message: 'io.jwt.verify_hs256: encoded JWT had no period separators',
    },
    {
      note: 'bad signature encoding',
      args: ['e30.e30.a*b', 's'] as Value[],
      code: 'eval_builtin_error',
      message: 'io.jwt.verify_hs256: illegal base64 data at input byte 1',
    },
    {
      note: 'token not a string',
      args: [1, 's'] as Value[],
      code: 'eval_type_error',
      message: 'io.jwt.verify_hs256: operand 1 must be string but got number',
    },
    {
      note: 'secret not a string',
      args: ['abc', 1] as Value[],
      code: 'eval_type_error',
      message: 'io.jwt.verify_hs256: operand 2 must be string but got number',
    },
  ])('$note', ({ args, code, message }) => {
    expect(failure('io.jwt.verify_hs256', args)).toEqual({ code, message })
  })
})

describe('io.jwt.verify_* with keys', () => {
  const rs256 = token({ alg: 'RS256' }, { foo: 'bar' }, rsaSig(rsa.privateKey, 'sha256'))
  const rs512 = token({ alg: 'RS512' }, { foo: 'bar' }, rsaSig(rsa.privateKey, 'sha512'))
  const ps256 = token({ alg: 'PS256' }, { foo: 'bar' }, rsaSig(rsa.privateKey, 'sha256', true))
  const es256 = token({ alg: 'ES256' }, { foo: 'bar' }, ecSig(p256.privateKey, 'sha256'))
  const es384 = token({ alg: 'ES384' }, { foo: 'bar' }, ecSig(p384.privateKey, 'sha384'))
  const eddsa = token({ alg: 'EdDSA' }, { foo: 'bar' }, edSig(ed.privateKey))
  const kidToken = token({ alg: 'RS256', kid: 'k2' }, { foo: 'bar' }, rsaSig(rsa2.privateKey, 'sha256'))
  const jwks = JSON.stringify({
    keys: [JSON.parse(jwk(rsa.publicKey, { kid: 'k1' })), JSON.parse(jwk(rsa2.publicKey, { kid: 'k2' }))],
  })
  it.each([
    ...conformanceRows(() => [
      {
        note: 'rs256, conformance certificate',
        name: 'io.jwt.verify_rs256',
        tok: fx.RS256_TOKEN,
        key: fx.RS256_CERT,
        want: true,
      },
      {
        note: 'ps256, conformance JWK',
        name: 'io.jwt.verify_ps256',
        tok: fx.PS256_TOKEN,
        key: fx.PS256_JWK,
        want: true,
      },
      {
        note: 'es256, conformance certificate',
        name: 'io.jwt.verify_es256',
        tok: fx.ES256_TOKEN,
        key: fx.ES256_CERT,
        want: true,
      },
      {
        note: 'es512, conformance public key',
        name: 'io.jwt.verify_es512',
        tok: fx.ES512_TOKEN,
        key: fx.ES512_PUBKEY,
        want: true,
      },
      {
        note: 'eddsa, conformance public key',
        name: 'io.jwt.verify_eddsa',
        tok: fx.EDDSA_TOKEN,
        key: fx.EDDSA_PUBKEY,
        want: true,
      },
    ]),
    { note: 'rs256, PEM public key', name: 'io.jwt.verify_rs256', tok: rs256, key: pem(rsa.publicKey), want: true },
    { note: 'rs256, JWK', name: 'io.jwt.verify_rs256', tok: rs256, key: jwk(rsa.publicKey), want: true },
    { note: 'rs256, wrong key', name: 'io.jwt.verify_rs256', tok: rs256, key: pem(rsa2.publicKey), want: false },
    { note: 'rs512', name: 'io.jwt.verify_rs512', tok: rs512, key: pem(rsa.publicKey), want: true },
    { note: 'rs384 on a RS512 token', name: 'io.jwt.verify_rs384', tok: rs512, key: pem(rsa.publicKey), want: false },
    { note: 'ps256', name: 'io.jwt.verify_ps256', tok: ps256, key: pem(rsa.publicKey), want: true },
    { note: 'ps256 on a RS256 token', name: 'io.jwt.verify_ps256', tok: rs256, key: pem(rsa.publicKey), want: false },
    { note: 'rs256 on a PS256 token', name: 'io.jwt.verify_rs256', tok: ps256, key: pem(rsa.publicKey), want: false },
    { note: 'es256', name: 'io.jwt.verify_es256', tok: es256, key: pem(p256.publicKey), want: true },
    { note: 'es256, JWK', name: 'io.jwt.verify_es256', tok: es256, key: jwk(p256.publicKey), want: true },
    { note: 'es384', name: 'io.jwt.verify_es384', tok: es384, key: pem(p384.publicKey), want: true },
    { note: 'es256 with an RSA key', name: 'io.jwt.verify_es256', tok: es256, key: pem(rsa.publicKey), want: false },
    { note: 'eddsa', name: 'io.jwt.verify_eddsa', tok: eddsa, key: pem(ed.publicKey), want: true },
    { note: 'eddsa, JWK', name: 'io.jwt.verify_eddsa', tok: eddsa, key: jwk(ed.publicKey), want: true },
    { note: 'eddsa, wrong key type', name: 'io.jwt.verify_eddsa', tok: eddsa, key: pem(p256.publicKey), want: false },
    { note: 'JWKS: the kid picks the key', name: 'io.jwt.verify_rs256', tok: kidToken, key: jwks, want: true },
    { note: 'JWKS: no kid, any key may verify', name: 'io.jwt.verify_rs256', tok: rs256, key: jwks, want: true },
    {
      note: 'JWKS: key with another alg is skipped',
      name: 'io.jwt.verify_rs256',
      tok: rs256,
      key: JSON.stringify({ keys: [JSON.parse(jwk(rsa.publicKey, { alg: 'RS512' }))] }),
      want: false,
    },
    {
      note: 'JWKS: keys of unknown algorithms are dropped',
      name: 'io.jwt.verify_rs256',
      tok: rs256,
      key: JSON.stringify({ keys: [JSON.parse(jwk(rsa.publicKey, { alg: 'XX1' }))] }),
      want: false,
    },
  ])('$note', ({ name, tok, key, want }) => {
    expect(run(name, [tok, key])).toBe(want)
  })

  it.each([
    {
      note: 'bad JWK',
      key: jwk(rsa.publicKey, { kty: 'bogus key type' }),
      message: 'io.jwt.verify_rs256: failed to parse a JWK key (set): invalid key type from JSON (bogus key type)',
    },
    { note: 'not JSON, not PEM', key: 'nope', message: 'io.jwt.verify_rs256: failed to parse a JWK key (set): ' },
    {
      note: 'extra data after the PEM block',
      key: `${pem(rsa.publicKey)}junk`,
      message: 'io.jwt.verify_rs256: extra data after a PEM certificate block',
    },
    {
      note: 'PEM of another type',
      key: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      message: 'io.jwt.verify_rs256: failed to extract a Key from the PEM certificate',
    },
    {
      note: 'PEM certificate that is no certificate',
      key: '-----BEGIN CERTIFICATE-----\nYWJj\n-----END CERTIFICATE-----\n',
      message: 'io.jwt.verify_rs256: failed to parse a PEM certificate: x509: malformed certificate',
    },
  ])('$note', ({ key, message }) => {
    const f = failure('io.jwt.verify_rs256', [rs256, key])
    expect(f.code).toBe('eval_builtin_error')
    expect(f.message.startsWith(message)).toBe(true)
  })
})

describe('io.jwt.decode_verify', () => {
  const unverified = [false, {}, {}]
  const NOW = 1_700_000_000_000_000_000n // ns
  const secret = 'secret'
  const hsTok = (payload: object, header: object = { alg: 'HS256', typ: 'JWT' }) => token(header, payload, hs(secret))
  const obj = (o: object) => new RegoObject(Object.entries(o).filter(([, v]) => v !== undefined) as [string, Value][])
  it.each([
    {
      note: 'secret ok',
      tok: hsTok({ iss: 'xxx' }),
      c: { secret },
      want: [true, { alg: 'HS256', typ: 'JWT' }, { iss: 'xxx' }],
    },
    { note: 'secret wrong', tok: hsTok({ iss: 'xxx' }), c: { secret: 'nope' }, want: unverified },
    {
      note: 'alg constraint ok',
      tok: hsTok({}),
      c: { secret, alg: 'HS256' },
      want: [true, { alg: 'HS256', typ: 'JWT' }, {}],
    },
    { note: 'alg constraint mismatch', tok: hsTok({}), c: { secret, alg: 'RS256' }, want: unverified },
    {
      note: 'iss matches',
      tok: hsTok({ iss: 'a' }),
      c: { secret, iss: 'a' },
      want: [true, { alg: 'HS256', typ: 'JWT' }, { iss: 'a' }],
    },
    { note: 'iss differs', tok: hsTok({ iss: 'a' }), c: { secret, iss: 'b' }, want: unverified },
    { note: 'iss required but missing', tok: hsTok({}), c: { secret, iss: 'a' }, want: unverified },
    {
      note: 'aud string matches',
      tok: hsTok({ aud: 'fred' }),
      c: { secret, aud: 'fred' },
      want: [true, { alg: 'HS256', typ: 'JWT' }, { aud: 'fred' }],
    },
    {
      note: 'aud list contains',
      tok: hsTok({ aud: ['bob', 'fred'] }),
      c: { secret, aud: 'fred' },
      want: [true, { alg: 'HS256', typ: 'JWT' }, { aud: ['bob', 'fred'] }],
    },
    { note: 'aud list lacks', tok: hsTok({ aud: ['bob'] }), c: { secret, aud: 'fred' }, want: unverified },
    { note: 'aud in token, no aud constraint', tok: hsTok({ aud: 'fred' }), c: { secret }, want: unverified },
    { note: 'aud constraint, no aud in token', tok: hsTok({}), c: { secret, aud: 'fred' }, want: unverified },
    {
      note: 'exp in the future (default time)',
      tok: hsTok({ exp: 1_800_000_000 }),
      c: { secret },
      want: [true, { alg: 'HS256', typ: 'JWT' }, { exp: 1_800_000_000 }],
    },
    { note: 'exp in the past (default time)', tok: hsTok({ exp: 1_600_000_000 }), c: { secret }, want: unverified },
    {
      note: 'exp equal to time is expired',
      tok: hsTok({ exp: 1589385771.1234 }),
      c: { secret, time: 1589385771123400000n },
      want: unverified,
    },
    {
      note: 'exp a tenth of a second later',
      tok: hsTok({ exp: 1589385771.1234 }),
      c: { secret, time: 1589385771023400000n },
      want: [true, { alg: 'HS256', typ: 'JWT' }, { exp: 1589385771.1234 }],
    },
    {
      note: 'nbf equal to time is valid',
      tok: hsTok({ nbf: 1589385770.1234 }),
      c: { secret, time: 1589385770123400000n },
      want: [true, { alg: 'HS256', typ: 'JWT' }, { nbf: 1589385770.1234 }],
    },
    {
      note: 'nbf a tenth of a second later',
      tok: hsTok({ nbf: 1589385770.1234 }),
      c: { secret, time: 1589385770023400000n },
      want: unverified,
    },
    {
      note: 'float time constraint',
      tok: hsTok({ nbf: 1000.1 }),
      c: { secret, time: 2000000000000.1 },
      want: [true, { alg: 'HS256', typ: 'JWT' }, { nbf: 1000.1 }],
    },
    { note: 'header without alg', tok: hsTok({}, { typ: 'JWT' }), c: { secret }, want: unverified },
    {
      note: 'unknown critical header',
      tok: hsTok({}, { alg: 'HS256', crit: ['junk'], junk: 1 }),
      c: { secret },
      want: unverified,
    },
    {
      note: 'empty secret counts as none',
      tok: hsTok({}),
      c: { secret: '', cert: pem(rsa.publicKey) },
      want: unverified,
    },
    ...conformanceRows(() => [
      {
        note: 'conformance PS256 token and certificate',
        tok: fx.DV_PS256_TOKEN,
        c: { cert: fx.DV_PS256_CERT },
        want: [true, { alg: 'PS256', typ: 'JWT' }, { iss: 'xxx' }],
      },
      {
        note: 'conformance nested token',
        tok: fx.DV_RS256_NESTED_TOKEN,
        c: { cert: fx.DV_RS256_CERT },
        want: [true, { alg: 'RS256', typ: 'JWT' }, { iss: 'xxx' }],
      },
      {
        note: 'conformance exp 3000 with time 2500 s',
        tok: fx.DV_RS256_EXP_TOKEN,
        c: { cert: fx.DV_RS256_CERT, time: 2500000000000n },
        want: [true, { alg: 'RS256', typ: 'JWT' }, { iss: 'xxx', exp: 3000 }],
      },
      {
        note: 'conformance JWKS with several keys',
        tok: fx.DV_MULTI_TOKEN,
        c: { cert: fx.DV_MULTI_JWKS, time: 1574723450396363500n },
        want: [
          true,
          { alg: 'RS256', typ: 'JWT' },
          { admin: true, iat: 1516239022, name: 'John Doe', sub: '1234567890' },
        ],
      },
      {
        note: 'EdDSA public key',
        tok: fx.EDDSA_TOKEN,
        c: { cert: fx.EDDSA_PUBKEY },
        want: [
          true,
          { alg: 'EdDSA', typ: 'JWT' },
          { admin: true, iat: 1516239022, name: 'John Doe', sub: '1234567890' },
        ],
      },
    ]),
    {
      note: 'ES256 token, RSA key',
      tok: token({ alg: 'ES256' }, {}, ecSig(p256.privateKey, 'sha256')),
      c: { cert: pem(rsa.publicKey) },
      want: unverified,
    },
    {
      note: 'ES256 token, P-256 key',
      tok: token({ alg: 'ES256' }, {}, ecSig(p256.privateKey, 'sha256')),
      c: { cert: jwk(p256.publicKey) },
      want: [true, { alg: 'ES256' }, {}],
    },
    { note: 'HS256 token, RSA key', tok: hsTok({}), c: { cert: pem(rsa.publicKey) }, want: unverified },
  ])('$note', ({ tok, c, want }) => {
    const got = run('io.jwt.decode_verify', [tok, obj(c)], ctx(NOW))
    expect(toJson(got!)).toEqual(want)
  })

  it.each([
    {
      note: 'unknown constraint',
      c: { secret, foo: 1 },
      message: 'io.jwt.decode_verify: unknown token validation constraint: foo',
    },
    { note: 'no key', c: { iss: 'x' }, message: 'io.jwt.decode_verify: no key constraint' },
    {
      note: 'two keys',
      c: { secret, cert: pem(ed.publicKey) },
      message: 'io.jwt.decode_verify: duplicate key constraints',
    },
    { note: 'cert not a string', c: { cert: 1 }, message: 'io.jwt.decode_verify: cert constraint: must be a string' },
    {
      note: 'alg not a string',
      c: { secret, alg: 1 },
      message: 'io.jwt.decode_verify: alg constraint: must be a string',
    },
    {
      note: 'time not a number',
      c: { secret, time: 'now' },
      message: 'io.jwt.decode_verify: token time constraint: must be a number',
    },
    {
      note: 'negative time',
      c: { secret, time: -1 },
      message: 'io.jwt.decode_verify: token time constraint: must not be negative',
    },
  ])('$note', ({ c, message }) => {
    expect(failure('io.jwt.decode_verify', [hsTok({}), obj(c)])).toEqual({ code: 'eval_builtin_error', message })
  })

  it.each([
    { note: 'exp not a number', payload: { exp: null }, message: 'io.jwt.decode_verify: exp value must be a number' },
    { note: 'nbf not a number', payload: { nbf: 'soon' }, message: 'io.jwt.decode_verify: nbf value must be a number' },
  ])('$note', ({ payload, message }) => {
    expect(failure('io.jwt.decode_verify', [hsTok(payload), obj({ secret })])).toEqual({
      code: 'eval_builtin_error',
      message,
    })
  })

  it.each([
    {
      note: 'constraints not an object',
      args: [hsTok({}), 'x'] as Value[],
      message: 'io.jwt.decode_verify: operand 2 must be object but got string',
    },
    {
      note: 'token not a string',
      args: [1, obj({ secret })] as Value[],
      message: 'io.jwt.decode_verify: operand 1 must be string but got number',
    },
  ])('$note', ({ args, message }) => {
    expect(failure('io.jwt.decode_verify', args)).toEqual({ code: 'eval_type_error', message })
  })

  it('memoises per arguments within one evaluation', () => {
    const c = ctx(NOW)
    const tok = hsTok({ exp: 1_800_000_000 })
    const a = run('io.jwt.decode_verify', [tok, obj({ secret })], c)
    expect(c.cache.size).toBe(1)
    expect(run('io.jwt.decode_verify', [tok, obj({ secret })], c)).toBe(a)
  })
})
