import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { jwtResolver } from './identity.js'
import type { JWK } from 'jose'

let privateKey: CryptoKey
let publicJwk: JWK
let otherKey: CryptoKey

const sign = (
  claims: Record<string, unknown>,
  opts: { key?: CryptoKey; iss?: string; aud?: string; exp?: string } = {},
) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(opts.iss ?? 'https://issuer.test')
    .setAudience(opts.aud ?? 'cordon')
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '5m')
    .sign(opts.key ?? privateKey)

const withAuth = (value?: string) => new Request('https://gw.test/', { headers: value ? { authorization: value } : {} })

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true })
  privateKey = pair.privateKey
  publicJwk = await exportJWK(pair.publicKey)
  otherKey = (await generateKeyPair('ES256')).privateKey
})

describe('jwtResolver', () => {
  const resolver = () => jwtResolver({ key: publicJwk, issuer: 'https://issuer.test', audience: 'cordon' })

  it('maps verified claims to the user', async () => {
    const token = await sign({ sub: 'u1', nationality: 'fr', verified: true, tier: 'pro' })
    expect(await resolver()(withAuth(`Bearer ${token}`))).toEqual({
      id: 'u1',
      nationality: 'FR',
      verified: true,
      tier: 'pro',
    })
  })

  it('takes a claim mapping', async () => {
    const token = await sign({ sub: 'u1', 'https://x.test/nat': 'US' })
    const r = jwtResolver({ key: { keys: [publicJwk] }, claims: { nationality: 'https://x.test/nat' } })
    expect(await r(withAuth(`Bearer ${token}`))).toMatchObject({ id: 'u1', nationality: 'US', verified: false })
  })

  const bad = [
    { note: 'no header', auth: async () => undefined, want: 'no bearer token' },
    { note: 'not bearer', auth: async () => 'Basic abc', want: 'not a bearer token' },
    {
      note: 'wrong key',
      auth: async () => `Bearer ${await sign({ sub: 'u' }, { key: otherKey })}`,
      want: 'token rejected',
    },
    {
      note: 'wrong issuer',
      auth: async () => `Bearer ${await sign({ sub: 'u' }, { iss: 'https://evil.test' })}`,
      want: 'claim iss',
    },
    {
      note: 'wrong audience',
      auth: async () => `Bearer ${await sign({ sub: 'u' }, { aud: 'other' })}`,
      want: 'claim aud',
    },
    { note: 'expired', auth: async () => `Bearer ${await sign({ sub: 'u' }, { exp: '-1h' })}`, want: 'expired' },
    { note: 'garbage', auth: async () => 'Bearer abc.def.ghi', want: 'token rejected' },
  ]
  for (const r of bad) {
    it(`rejects: ${r.note}`, async () => {
      await expect(resolver()(withAuth(await r.auth()))).rejects.toThrow(r.want)
    })
  }

  it('remembers a verified token, but not past its expiry', async () => {
    const r = resolver()
    const token = await sign({ sub: 'u1', nationality: 'FR' }, { exp: '1h' })
    expect(await r(withAuth(`Bearer ${token}`))).toMatchObject({ id: 'u1' })
    expect(await r(withAuth(`Bearer ${token}`))).toMatchObject({ id: 'u1' })
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(Date.now() + 2 * 3600_000)
      await expect(r(withAuth(`Bearer ${token}`))).rejects.toThrow('expired')
    } finally {
      vi.useRealTimers()
    }
  })

  it('needs a key', () => expect(() => jwtResolver({})).toThrow('key or jwksUrl'))
})
