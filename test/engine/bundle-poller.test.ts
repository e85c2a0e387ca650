import { createBundlePoller, createEngine, type PollResult } from '@cordon/engine'
import { afterEach, describe, expect, it } from 'vitest'
import { makeBundle } from './support/bundles.js'
import { startServer } from './support/server.js'

const policy = (n: number) => `package app
decision := {"allow": true, "version": ${n}}
`
const stops: (() => unknown)[] = []
afterEach(async () => {
  while (stops.length) await stops.pop()!()
})

describe('createBundlePoller', () => {
  it('loads new bundles over HTTP with ETag, handles 304, 500 and corrupt bundles (the live one stays), and backs off', async () => {
    const bundles = {
      v1: await makeBundle(policy(1), ['app/decision'], {}, 'v1'),
      v2: await makeBundle(policy(2), ['app/decision'], {}, 'v2'),
    }
    let mode: 'v1' | 'v2' | 'error' | 'corrupt' = 'v1'
    const requests: { ifNoneMatch?: string; mode: string }[] = []
    const server = await startServer((req, res) => {
      const ifNoneMatch = req.headers['if-none-match']
      requests.push({ ifNoneMatch, mode })
      if (mode === 'error') return res.writeHead(500).end('boom')
      if (mode === 'corrupt')
        return res.writeHead(200, { etag: '"corrupt"' }).end(Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]))
      const etag = `"${mode}"`
      if (ifNoneMatch === etag) return res.writeHead(304).end()
      res.writeHead(200, { etag, 'content-type': 'application/gzip' }).end(Buffer.from(bundles[mode]))
    })
    stops.push(server.close)
    const engine = await createEngine()
    const results: PollResult[] = []
    const poller = createBundlePoller({
      engine,
      url: `${server.url}/bundle.tar.gz`,
      intervalMs: 60_000,
      backoff: { initialMs: 10_000, factor: 2 },
      onPoll: (r) => results.push(r),
    })
    stops.push(() => poller.stop())
    expect(await poller.ready).toMatchObject({ status: 'updated', revision: 'v1', etag: '"v1"' })
    expect((await engine.decide({})).result.version).toBe(1)
    expect(await poller.poll()).toEqual({ status: 'unchanged' })
    expect(requests.at(-1)?.ifNoneMatch).toBe('"v1"')
    mode = 'error'
    expect(await poller.poll()).toMatchObject({
      status: 'error',
      error: expect.stringContaining('HTTP 500'),
      retryInMs: 10_000,
    })
    expect(await poller.poll()).toMatchObject({ status: 'error', retryInMs: 20_000 })
    mode = 'corrupt'
    expect(await poller.poll()).toMatchObject({
      status: 'error',
      error: expect.stringContaining('gzip'),
      retryInMs: 40_000,
    })
    expect(engine.revision).toBe('v1')
    expect((await engine.decide({})).result.version).toBe(1)
    expect(poller.etag).toBe('"v1"')
    mode = 'v2'
    expect(await poller.poll()).toMatchObject({ status: 'updated', revision: 'v2' })
    expect(poller.failures).toBe(0)
    expect((await engine.decide({})).result).toEqual({ version: 2 })
    expect(results.length).toBe(6)
  })

  it('polls on its interval and retries on its backoff by itself', async () => {
    const bundle = await makeBundle(policy(3), ['app/decision'], {}, 'v3')
    let calls = 0
    const server = await startServer((_req, res) => {
      calls++
      if (calls <= 2) return res.writeHead(503).end()
      res.writeHead(200, { etag: '"3"' }).end(Buffer.from(bundle))
    })
    stops.push(server.close)
    const engine = await createEngine()
    const poller = createBundlePoller({
      engine,
      url: server.url,
      intervalMs: 20,
      backoff: { initialMs: 10, factor: 2 },
    })
    stops.push(() => poller.stop())
    for (let i = 0; i < 200 && engine.revision !== 'v3'; i++) await new Promise((r) => setTimeout(r, 10))
    expect(engine.revision).toBe('v3')
    await new Promise((r) => setTimeout(r, 100))
    expect(calls).toBeGreaterThan(4) // kept polling after the update
  })

  it('sends extra headers and the Prefer header of OPA, uses the fetch given, and passes loadOptions to load (a deliberate rollback)', async () => {
    const bundles = {
      v1: await makeBundle(policy(1), ['app/decision'], {}, 'v1'),
      v2: await makeBundle(policy(2), ['app/decision'], {}, 'v2'),
    }
    let serve: 'v1' | 'v2' = 'v2'
    const seen: { tenant?: string; prefer?: string }[] = []
    const server = await startServer((req, res) => {
      seen.push({ tenant: req.headers['x-tenant'] as string, prefer: req.headers.prefer as string | undefined })
      res.writeHead(200, { etag: `"${serve}"` }).end(Buffer.from(bundles[serve]))
    })
    stops.push(server.close)
    const engine = await createEngine({ rollback: 'ordered' })
    let fetched = 0
    const counting: typeof fetch = (input, init) => {
      fetched++
      return fetch(input, init)
    }
    const common = {
      engine,
      url: server.url,
      intervalMs: 60_000,
      backoff: { initialMs: 60_000 },
      headers: { 'x-tenant': 'acme' },
      fetch: counting,
    }
    const first = createBundlePoller(common)
    stops.push(() => first.stop())
    expect(await first.ready).toMatchObject({ status: 'updated', revision: 'v2' })
    expect(seen[0]).toEqual({ tenant: 'acme', prefer: 'modes=snapshot,delta' })
    expect(fetched).toBe(1)
    serve = 'v1'
    expect(await first.poll()).toMatchObject({
      status: 'error',
      error: expect.stringContaining('rollback: revision v1 is not newer'),
    })
    const rollback = createBundlePoller({ ...common, loadOptions: { allowRollback: true } })
    stops.push(() => rollback.stop())
    expect(await rollback.ready).toMatchObject({ status: 'updated', revision: 'v1' })
    expect(engine.revision).toBe('v1')
  })
})
