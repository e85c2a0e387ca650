// The poller against S3 with SigV4 credentials (OPA: credentials.s3_signing),
// path-style URLs as local and S3-compatible stores use them:
// - a real S3-compatible server, s3rver 3.7.1 started here on 127.0.0.1: the
//   S3 API round trip (signed PUT, signed GET, ETag / 304, unknown key 403).
//   s3rver does not check V4 signatures (lib/middleware/authentication.js:
//   "Signature version 4 calculation is unimplemeneted"), so also:
// - a server that recomputes every signature itself (node:crypto, written
//   apart from the engine's WebCrypto signer) and refuses a wrong one, so a
//   wrong signature fails this test. The signer itself is checked against
//   AWS's published vectors in packages/engine/src/bundle/sigv4.test.ts.
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createBundlePoller, createEngine } from '@cordon/engine'
import { afterEach, describe, expect, it } from 'vitest'
import { signAwsRequest } from '../../packages/engine/src/bundle/sigv4.js'
import { makeBundle } from './support/bundles.js'
import { startServer } from './support/server.js'
import { checkSigV4 } from './support/sigv4-server.js'

const stops: (() => unknown)[] = []
afterEach(async () => {
  while (stops.length) await stops.pop()!()
})
const policy = (n: number) => `package app
decision := {"allow": true, "version": ${n}}
`

interface S3rverInstance {
  run(): Promise<{ port: number }>
  close(): Promise<void>
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: object) => S3rverInstance

async function startS3rver(): Promise<string> {
  const directory = mkdtempSync(path.join(tmpdir(), 'cordon-s3rver-'))
  const s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: 'bundles' }],
  })
  const { port } = await s3.run()
  stops.push(() => rmSync(directory, { recursive: true, force: true }))
  stops.push(() => s3.close())
  return `http://127.0.0.1:${port}`
}

// s3rver's built-in account.
const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', region: 'us-east-1' }

async function putObject(url: string, body: Uint8Array) {
  const headers = await signAwsRequest({ method: 'PUT', url, body }, s3rverCredentials)
  const res = await fetch(url, { method: 'PUT', headers, body: body as Uint8Array<ArrayBuffer> })
  expect(res.status, await res.text()).toBe(200)
}

describe('polling S3 with SigV4', () => {
  it('s3rver: signed GETs of a path-style object, 304 on its ETag, a new upload loaded, an unknown key refused', async () => {
    const endpoint = await startS3rver()
    const url = `${endpoint}/bundles/prod/bundle.tar.gz`
    await putObject(url, await makeBundle(policy(1), ['app/decision'], {}, 'v1'))
    const engine = await createEngine()
    const poller = createBundlePoller({
      engine,
      url,
      intervalMs: 60_000,
      backoff: { initialMs: 60_000 },
      credentials: { s3: s3rverCredentials },
    })
    stops.push(() => poller.stop())
    expect(await poller.ready).toMatchObject({
      status: 'updated',
      revision: 'v1',
      etag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
    })
    expect(await poller.poll()).toEqual({ status: 'unchanged' }) // s3rver answered 304 to If-None-Match
    await putObject(url, await makeBundle(policy(2), ['app/decision'], {}, 'v2'))
    expect(await poller.poll()).toMatchObject({ status: 'updated', revision: 'v2' })
    expect((await engine.decide({})).result).toEqual({ version: 2 })

    const stranger = createBundlePoller({
      engine,
      url,
      intervalMs: 60_000,
      credentials: { s3: { ...s3rverCredentials, accessKeyId: 'NOBODY' } },
    })
    expect(await stranger.ready).toMatchObject({ status: 'error', error: expect.stringContaining('HTTP 403') })
    stranger.stop()
    expect(engine.revision).toBe('v2')
  })

  it('a server that checks each signature: right credentials pass; a wrong secret, region or session token is refused', async () => {
    const bundle = await makeBundle(policy(1), ['app/decision'], {}, 'v1')
    const account = {
      accessKeyId: 'AKIDCORDON',
      secretAccessKey: 'cordon/secret+key',
      region: 'eu-central-1',
      sessionToken: 'session-1',
    }
    const refusals: string[] = []
    const server = await startServer((req, res, body) => {
      const problem = checkSigV4(req, body, account)
      if (problem) {
        refusals.push(problem)
        return res
          .writeHead(403, { 'content-type': 'application/xml' })
          .end(`<Error><Code>SignatureDoesNotMatch</Code><Message>${problem}</Message></Error>`)
      }
      if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end()
      res.writeHead(200, { etag: '"v1"' }).end(Buffer.from(bundle))
    })
    stops.push(server.close)
    const url = `${server.url}/my-bucket/bundles/app%20one/bundle.tar.gz?x-id=GetObject&versionId=3`
    const engine = await createEngine()
    let rotations = 0
    const poller = createBundlePoller({
      engine,
      url,
      intervalMs: 60_000,
      credentials: { s3: () => (rotations++, account) },
    })
    stops.push(() => poller.stop())
    expect(await poller.ready).toMatchObject({ status: 'updated', revision: 'v1' })
    expect(await poller.poll()).toEqual({ status: 'unchanged' })
    expect(rotations).toBe(2) // the credentials are read before each request
    expect(refusals).toEqual([])

    for (const [wrong, reason] of [
      [{ secretAccessKey: 'guess' }, /signature does not match/],
      [{ region: 'us-east-1' }, /scope/],
      [{ sessionToken: 'stolen' }, /security token/],
      [{ sessionToken: undefined }, /security token/],
    ] as const) {
      const p = createBundlePoller({ engine, url, intervalMs: 60_000, credentials: { s3: { ...account, ...wrong } } })
      expect(await p.ready, JSON.stringify(wrong)).toMatchObject({
        status: 'error',
        error: expect.stringContaining('HTTP 403'),
      })
      p.stop()
      expect(refusals.at(-1)).toMatch(reason)
    }
    expect(engine.revision).toBe('v1')
  })
})
