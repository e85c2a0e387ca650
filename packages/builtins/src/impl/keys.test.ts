import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { RegoObject, toJson, type Value } from '../value/index.js'
import { bytesToBigInt } from './crypto-util.js'
import { conformanceRows, fx } from './conformance-vectors.js'
import { failure, run } from './security-test-util.js'

const big = (b64url: string): bigint => bytesToBigInt(Buffer.from(b64url, 'base64url'))

const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' })
const ecJwk = ec.privateKey.export({ format: 'jwk' }) as Record<string, string>
const ecPkcs8 = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
const ecSec1 = ec.privateKey.export({ type: 'sec1', format: 'pem' }) as string
const ed = generateKeyPairSync('ed25519')
const edJwk = ed.privateKey.export({ format: 'jwk' }) as Record<string, string>
const edPkcs8 = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
const rsaJwk = rsa.privateKey.export({ format: 'jwk' }) as Record<string, string>
const rsaPkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
// A second RSA key, as PKCS#1 ("RSA PRIVATE KEY"), the form OPA's conformance cases use.
const rsa1 = generateKeyPairSync('rsa', { modulusLength: 1024 })
const rsa1Pkcs1 = rsa1.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string
const rsa1Jwk = rsa1.privateKey.export({ format: 'jwk' }) as Record<string, string>
const jwkOf = (pem: string) => createPrivateKey(pem).export({ format: 'jwk' })

const get = (v: Value | undefined, ...path: (string | number)[]): Value | undefined =>
  path.reduce<Value | undefined>((x, k) => (typeof k === 'number' ? (x as Value[])[k] : (x as RegoObject).get(k)), v)

describe('crypto.parse_private_keys', () => {
  it.each([
    { note: 'empty input is null', input: '', want: null },
    { note: 'no PEM block is an empty list', input: 'nope', want: [] },
    {
      note: 'public keys are not private keys',
      input: rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string,
      want: [],
    },
  ])('$note', ({ input, want }) => {
    expect(run('crypto.parse_private_keys', [input])).toEqual(want)
  })

  it('reads a PKCS#1 RSA key as Go marshals rsa.PrivateKey', () => {
    const keys = run('crypto.parse_private_keys', [rsa1Pkcs1]) as Value[]
    expect(keys).toHaveLength(1)
    const k = keys[0]
    expect(get(k, 'E')).toBe(65537)
    expect(get(k, 'N')).toBe(big(rsa1Jwk.n!))
    expect(get(k, 'D')).toBe(big(rsa1Jwk.d!))
    expect(get(k, 'Primes')).toEqual([big(rsa1Jwk.p!), big(rsa1Jwk.q!)])
    expect(get(k, 'Precomputed', 'Qinv')).toBe(big(rsa1Jwk.qi!))
    expect(get(k, 'Precomputed', 'CRTValues')).toEqual([])
  })

  it('reads base64 of PEM, several blocks and each key format', () => {
    const pem = [rsa1Pkcs1, ecPkcs8, ecSec1, edPkcs8, rsaPkcs8].join('\n')
    const keys = run('crypto.parse_private_keys', [Buffer.from(pem).toString('base64')]) as Value[]
    expect(keys).toHaveLength(5)
    for (const i of [1, 2]) {
      expect(get(keys, i, 'D')).toBe(big(ecJwk.d!))
      expect(get(keys, i, 'X')).toBe(big(ecJwk.x!))
      expect(get(keys, i, 'Y')).toBe(big(ecJwk.y!))
      expect(toJson(get(keys, i, 'Curve')!)).toEqual({})
    }
    expect(get(keys, 3)).toBe(
      Buffer.concat([Buffer.from(edJwk.d!, 'base64url'), Buffer.from(edJwk.x!, 'base64url')]).toString('base64'),
    )
    expect(get(keys, 4, 'N')).toBe(big(rsaJwk.n!))
  })

  it.each([
    {
      note: 'broken RSA key',
      input: '-----BEGIN RSA PRIVATE KEY-----\nYWJj\n-----END RSA PRIVATE KEY-----',
      code: 'eval_builtin_error',
      message:
        'crypto.parse_private_keys: x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)',
    },
    {
      note: 'not a string',
      input: 1 as Value,
      code: 'eval_type_error',
      message: 'crypto.parse_private_keys: operand 1 must be string but got number',
    },
  ])('$note', ({ input, code, message }) => {
    expect(failure('crypto.parse_private_keys', [input])).toEqual({ code, message })
  })
})

describe('crypto.x509.parse_rsa_private_key', () => {
  it.each([
    ...conformanceRows(() => [
      { note: 'PKCS#1 PEM (conformance)', input: fx.RSA_PRIVATE_PEM, want: jwkOf(fx.RSA_PRIVATE_PEM) },
    ]),
    { note: 'PKCS#1 PEM', input: rsa1Pkcs1, want: rsa1Jwk },
    { note: 'base64 of the PEM', input: Buffer.from(rsa1Pkcs1).toString('base64'), want: rsa1Jwk },
    {
      note: 'PKCS#8 RSA key',
      input: rsaPkcs8,
      want: {
        kty: 'RSA',
        n: rsaJwk.n,
        e: rsaJwk.e,
        d: rsaJwk.d,
        p: rsaJwk.p,
        q: rsaJwk.q,
        dp: rsaJwk.dp,
        dq: rsaJwk.dq,
        qi: rsaJwk.qi,
      },
    },
    { note: 'EC key as a JWK', input: ecPkcs8, want: { kty: 'EC', crv: 'P-384', x: ecJwk.x, y: ecJwk.y, d: ecJwk.d } },
    {
      note: 'PEM without a private key',
      input: '-----BEGIN CERTIFICATE-----\nYWJj\n-----END CERTIFICATE-----',
      want: null,
    },
  ])('$note', ({ input, want }) => {
    expect(toJson(run('crypto.x509.parse_rsa_private_key', [input])!)).toEqual(want)
  })

  it.each([
    {
      note: 'not base64 (conformance)',
      input: 'invalid',
      message: 'crypto.x509.parse_rsa_private_key: illegal base64 data at input byte 4',
    },
    { note: 'empty', input: '', message: 'crypto.x509.parse_rsa_private_key: input PEM data was empty' },
  ])('$note', ({ input, message }) => {
    expect(failure('crypto.x509.parse_rsa_private_key', [input])).toEqual({ code: 'eval_builtin_error', message })
  })
})
