import { BundleLoadError, createEngine, verifyBundleSignature, readBundle } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { makeBundle, makeKey, replaceFile, signBundle, type Alg } from './support/bundles.js'

const policy = `package app
allow if input.user in data.admins
`

describe('signed bundles (.signatures.json, verified with WebCrypto)', () => {
  for (const alg of ['RS256', 'PS256', 'ES256', 'HS256'] as Alg[]) {
    it(`accepts ${alg}-signed bundles and refuses unsigned, tampered and wrongly signed ones`, async () => {
      const { privateKey, publicKey, jwk } = await makeKey(alg)
      const other = await makeKey(alg)
      const v1 = await signBundle(
        await makeBundle(policy, ['app/allow'], { admins: ['alice'] }, 'v1'),
        alg,
        privateKey,
        { kid: 'prod' },
      )
      // the key as a JWK here, as a CryptoKey below
      const engine = await createEngine({ bundle: v1, verification: { keys: { prod: { algorithm: alg, key: jwk } } } })
      expect(engine.revision).toBe('v1')
      expect(await engine.decide({ user: 'alice' }, { entrypoint: 'app/allow' })).toMatchObject({ allow: true })

      const unsigned = await makeBundle(policy, ['app/allow'], { admins: ['eve'] }, 'v2')
      await expect(engine.load(unsigned)).rejects.toThrow(/not signed/)
      const signed = await signBundle(unsigned, alg, privateKey, { kid: 'prod' })
      const tampered = await replaceFile(signed, 'data.json', new TextEncoder().encode('{"admins":["mallory"]}'))
      await expect(engine.load(tampered)).rejects.toThrow(/digest mismatch for data.json/)
      const wrongKey = await signBundle(unsigned, alg, other.privateKey, { kid: 'prod' })
      await expect(engine.load(wrongKey)).rejects.toThrow(/does not verify/)
      const unknownKid = await signBundle(unsigned, alg, privateKey, { kid: 'staging' })
      await expect(engine.load(unknownKid)).rejects.toThrow(/unknown key id 'staging'/)
      await expect(engine.load(unsigned)).rejects.toBeInstanceOf(BundleLoadError)
      expect(engine.revision).toBe('v1')
      expect(await engine.decide({ user: 'eve' }, { entrypoint: 'app/allow' })).toMatchObject({
        allow: false,
        revision: 'v1',
      })

      // whitespace and key order in JSON files do not matter (digests are over canonical JSON), content does
      const reformatted = await replaceFile(signed, 'data.json', new TextEncoder().encode('{ "admins" : [ "eve" ] }\n'))
      const e2 = await createEngine({ verification: { keys: { prod: { algorithm: alg, key: publicKey } } } })
      await e2.load(reformatted)
      expect(await e2.decide({ user: 'eve' }, { entrypoint: 'app/allow' })).toMatchObject({
        allow: true,
        revision: 'v2',
      })
    })
  }

  it('checks scope, extra files and missing files', async () => {
    const { privateKey, jwk } = await makeKey('ES256')
    const base = await makeBundle(policy, ['app/allow'], {}, 'v1')
    const signed = await signBundle(base, 'ES256', privateKey, { scope: 'write' })
    const keys = { k: { algorithm: 'ES256' as const, key: jwk } }
    const { files } = await readBundle(signed)
    await expect(verifyBundleSignature(files, { keys, scope: 'write' })).resolves.toMatchObject({
      keyId: 'k',
      scope: 'write',
    })
    await expect(verifyBundleSignature(files, { keys, scope: 'read' })).rejects.toThrow(
      /scope 'write' does not match 'read'/,
    )
    const extra = new Map(files).set('extra/data.json', new TextEncoder().encode('{}'))
    await expect(verifyBundleSignature(extra, { keys })).rejects.toThrow(/extra\/data.json is not covered/)
    const missing = new Map(files)
    missing.delete('data.json')
    await expect(verifyBundleSignature(missing, { keys })).rejects.toThrow(/missing from the bundle: data.json/)
    await expect(verifyBundleSignature(files, { keys: { k: { algorithm: 'RS256', key: jwk } } })).rejects.toThrow(
      /algorithm ES256 does not match/,
    )
  })

  it('accepts a PEM public key', async () => {
    const { privateKey, publicKey } = await makeKey('RS256')
    const der = new Uint8Array(await crypto.subtle.exportKey('spki', publicKey))
    const pem = `-----BEGIN PUBLIC KEY-----\n${btoa(String.fromCharCode(...der)).replace(/(.{64})/g, '$1\n')}\n-----END PUBLIC KEY-----\n`
    const bundle = await signBundle(
      await makeBundle(policy, ['app/allow'], { admins: ['a'] }, 'pem'),
      'RS256',
      privateKey,
    )
    const engine = await createEngine({ bundle, verification: { keys: { only: { algorithm: 'RS256', key: pem } } } })
    expect(engine.revision).toBe('pem')
  })
})
