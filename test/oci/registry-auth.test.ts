import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createEngine, createOciBundlePoller, pullOciBundle, pushOciBundle, RegistryAuthError } from '@cordon/engine'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasRegistry, missingRegistryLine, startRegistry, type RunningRegistry } from '../support/docker-registry.mjs'
import { hasOpenssl, startTokenServer, type TokenServer } from '../support/token-server.js'
import { versionBundle } from './support.js'

const hasHtpasswd = existsSync('/usr/bin/htpasswd')
if (hasRegistry && !hasHtpasswd)
  console.warn(
    'oci: /usr/bin/htpasswd not found; the basic-auth registry test is skipped (Debian package apache2-utils)',
  )
if (hasRegistry && !hasOpenssl) console.warn('oci: /usr/bin/openssl not found; the token-auth registry test is skipped')
if (!hasRegistry) console.warn(missingRegistryLine)

describe.skipIf(!hasRegistry || !hasHtpasswd)('OCI: a real registry with htpasswd basic auth', () => {
  let registry: RunningRegistry
  let bundle: Uint8Array
  const alice = { username: 'alice', password: 'wonder land' }
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cordon-htpasswd-'))
    const file = path.join(dir, 'htpasswd')
    writeFileSync(file, execFileSync('htpasswd', ['-Bbn', alice.username, alice.password]))
    registry = await startRegistry({ kind: 'htpasswd', file })
    bundle = await versionBundle(1)
  })
  afterAll(() => registry?.stop())

  it('pushes and pulls with the password; without or with a wrong one the error says why', async () => {
    const ref = `${registry.host}/private/app:v1`
    await pushOciBundle(ref, bundle, { credentials: alice })
    expect(Buffer.from((await pullOciBundle(ref, { credentials: alice })).bytes).equals(Buffer.from(bundle))).toBe(true)
    await expect(pullOciBundle(ref)).rejects.toThrow(
      new RegistryAuthError(
        `oci: ${registry.host} needs a username and password (basic auth) for repository:private/app:pull`,
      ),
    )
    await expect(pullOciBundle(ref, { credentials: { ...alice, password: 'wrong' } })).rejects.toThrow(
      new RegistryAuthError(
        `oci: ${registry.host} refused the credentials given for repository:private/app:pull (HTTP 401)`,
      ),
    )
    await expect(
      pushOciBundle(`${registry.host}/private/app:v2`, bundle, { credentials: { username: 'mallory', password: 'x' } }),
    ).rejects.toThrow(/refused the credentials given for repository:private\/app:pull,push/)
  })

  it('the engine source logs in; refused credentials are a poll error and nothing is loaded', async () => {
    const ref = `oci://${registry.host}/private/engine:prod`
    await pushOciBundle(ref, bundle, { credentials: alice })
    const engine = await createEngine()
    const good = createOciBundlePoller({ engine, ref, credentials: alice, intervalMs: 60_000 })
    expect(await good.ready).toMatchObject({ status: 'updated', revision: 'v1' })
    good.stop()
    const other = await createEngine()
    const bad = createOciBundlePoller({
      engine: other,
      ref,
      credentials: { ...alice, password: 'nope' },
      intervalMs: 60_000,
    })
    expect(await bad.ready).toMatchObject({
      status: 'error',
      error: expect.stringContaining('refused the credentials given'),
    })
    bad.stop()
    expect(other.revision).toBeUndefined()
  })
})

describe.skipIf(!hasRegistry || !hasOpenssl)(
  'OCI: a real registry with token auth (a token server run by the test)',
  () => {
    let registry: RunningRegistry
    let tokens: TokenServer
    let bundles: Uint8Array[]
    const alice = { username: 'alice', password: 's3cret' }
    beforeAll(async () => {
      // alice may pull and push everywhere; anonymous clients may pull public/*; other logins are refused.
      tokens = await startTokenServer((user, repository, actions) => {
        if (user === undefined) return repository.startsWith('public/') ? actions.filter((a) => a === 'pull') : []
        if (user.name === alice.username && user.password === alice.password) return actions
        return undefined
      })
      registry = await startRegistry({
        kind: 'token',
        realm: tokens.realm,
        service: tokens.service,
        issuer: tokens.issuer,
        rootCertBundle: tokens.rootCertBundle,
      })
      bundles = [await versionBundle(1), await versionBundle(2)]
    })
    afterAll(async () => {
      await registry?.stop()
      await tokens?.stop()
    })

    it('gets a token with basic credentials to push, anonymously to pull a public repository; refusals are clear', async () => {
      const ref = `${registry.host}/public/app:v1`
      await pushOciBundle(ref, bundles[0]!, { credentials: alice })
      expect(tokens.requests).toContainEqual({ user: 'alice', scope: 'repository:public/app:pull,push' })
      const pulled = await pullOciBundle(ref)
      expect(Buffer.from(pulled.bytes).equals(Buffer.from(bundles[0]!))).toBe(true)
      expect(tokens.requests.at(-1)).toEqual({ user: undefined, scope: 'repository:public/app:pull' })
      await expect(pushOciBundle(`${registry.host}/public/app:v2`, bundles[1]!)).rejects.toThrow(
        new RegistryAuthError(
          `oci: ${registry.host} refused an anonymous client for repository:public/app:pull,push (HTTP 401)`,
        ),
      )
      await expect(pullOciBundle(`${registry.host}/private/app:v1`)).rejects.toThrow(
        /refused an anonymous client for repository:private\/app:pull/,
      )
      await expect(pullOciBundle(ref, { credentials: { username: 'alice', password: 'guess' } })).rejects.toThrow(
        new RegistryAuthError(
          `oci: the token server ${new URL(tokens.realm).origin} refused the credentials of 'alice' for repository:public/app:pull (HTTP 401)`,
        ),
      )
    })

    it('presents a token given as is (no exchange); a bad one is refused as such', async () => {
      const ref = `${registry.host}/public/given:v1`
      await pushOciBundle(ref, bundles[0]!, { credentials: alice })
      const res = await fetch(`${tokens.realm}?service=${tokens.service}&scope=repository:public/given:pull`, {
        headers: { authorization: `Basic ${btoa('alice:s3cret')}` },
      })
      const { token } = (await res.json()) as { token: string }
      const before = tokens.requests.length
      expect(
        Buffer.from((await pullOciBundle(ref, { credentials: { token } })).bytes).equals(Buffer.from(bundles[0]!)),
      ).toBe(true)
      expect(tokens.requests.length).toBe(before)
      await expect(pullOciBundle(ref, { credentials: { token: token.slice(0, -4) + 'AAAA' } })).rejects.toThrow(
        new RegistryAuthError(
          `oci: ${registry.host} refused the token given for repository:public/given:pull (HTTP 401)`,
        ),
      )
    })

    it('the engine source follows the token flow and picks up a new push', async () => {
      const ref = `oci://${registry.host}/private/fleet:prod`
      await pushOciBundle(ref, bundles[0]!, { credentials: alice })
      const engine = await createEngine()
      const poller = createOciBundlePoller({ engine, ref, credentials: alice, intervalMs: 100 })
      try {
        expect(await poller.ready).toMatchObject({ status: 'updated', revision: 'v1' })
        await pushOciBundle(ref, bundles[1]!, { credentials: alice })
        const deadline = Date.now() + 10_000
        while (engine.revision !== 'v2' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
        expect(engine.revision).toBe('v2')
        expect((await engine.decide({}, { entrypoint: 'app/decision' })).result).toMatchObject({
          version: 2,
          data_version: 2,
        })
      } finally {
        poller.stop()
      }
    })
  },
)
