// OPA's bundle-service conventions over real HTTP: the Prefer header, long
// polling (a server that holds the request until the bundle changes), the
// fallback to periodic polling, jittered delays and bearer credentials.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createBundlePoller, createEngine } from '@cordon/engine'
import { afterEach, describe, expect, it } from 'vitest'
import { makeBundle } from './support/bundles.js'
import { startServer } from './support/server.js'

const LONG_POLL = 'application/vnd.openpolicyagent.bundles'
const policy = (n: number) => `package app
decision := {"allow": true, "version": ${n}}
`
const stops: (() => unknown)[] = []
afterEach(async () => {
  while (stops.length) await stops.pop()!()
})
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function until(check: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !check(); await sleep(5)) if (Date.now() > end) throw new Error('timed out waiting')
}

/**
 * A bundle server as OPA's bundle service API describes it: ETags, 304, and
 * (when `longPolling`) requests whose ETag is current held until `publish`
 * or until the `wait` of their Prefer header, then 304.
 */
async function bundleServer(opts: { longPolling: boolean; answerAtOnce?: boolean }) {
  let version = 1
  const bundles = new Map<number, Uint8Array>([[1, await makeBundle(policy(1), ['app/decision'], {}, 'v1')]])
  const held: ServerResponse[] = []
  const requests: { prefer?: string; ifNoneMatch?: string; at: number; authorization?: string }[] = []
  const send = (res: ServerResponse) =>
    res
      .writeHead(200, { etag: `"${version}"`, 'content-type': opts.longPolling ? LONG_POLL : 'application/gzip' })
      .end(Buffer.from(bundles.get(version)!))
  const notModified = (res: ServerResponse) =>
    res.writeHead(304, opts.longPolling ? { 'content-type': LONG_POLL } : {}).end()
  const server = await startServer((req: IncomingMessage, res: ServerResponse) => {
    const prefer = req.headers.prefer as string | undefined
    requests.push({
      prefer,
      ifNoneMatch: req.headers['if-none-match'],
      at: Date.now(),
      authorization: req.headers.authorization,
    })
    if (req.headers['if-none-match'] !== `"${version}"`) return send(res)
    const wait = /wait=(\d+)/.exec(String(prefer ?? ''))
    if (!opts.longPolling || !wait || opts.answerAtOnce) return notModified(res)
    held.push(res)
    setTimeout(
      () => {
        const i = held.indexOf(res)
        if (i >= 0) notModified(held.splice(i, 1)[0]!)
      },
      Number(wait[1]) * 1000,
    ).unref()
  })
  stops.push(server.close)
  return {
    url: `${server.url}/bundles/app`,
    requests,
    held,
    async publish(n: number) {
      bundles.set(n, await makeBundle(policy(n), ['app/decision'], {}, `v${n}`))
      version = n
      for (const res of held.splice(0)) send(res)
    },
  }
}

describe('long polling (OPA: polling.long_polling_timeout_seconds)', () => {
  it('a server that holds requests delivers a new bundle at once, far inside the periodic delay; a wait that runs out is asked again at once', async () => {
    const server = await bundleServer({ longPolling: true })
    const engine = await createEngine()
    const poller = createBundlePoller({ engine, url: server.url, intervalMs: 60_000, longPollingTimeoutMs: 1000 })
    stops.push(() => poller.stop())
    expect(await poller.ready).toMatchObject({ status: 'updated', revision: 'v1' })
    expect(poller.longPolling).toBe(true)
    expect(server.requests[0]!.prefer).toBe('modes=snapshot,delta;wait=1')
    await until(() => server.held.length === 1) // the next request went out at once and is held
    const published = Date.now()
    await server.publish(2)
    await until(() => engine.revision === 'v2')
    expect(Date.now() - published).toBeLessThan(10_000) // the periodic delay is 60 s
    expect((await engine.decide({})).result).toEqual({ version: 2 })
    // Nothing new for longer than the wait: the server answers 304 after 1 s and is asked again at once.
    const before = server.requests.length
    await until(() => server.requests.length >= before + 2, 4000)
    const [a, b] = server.requests.slice(-2)
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(900)
    expect(b!.ifNoneMatch).toBe('"2"')
  })

  it('falls back to periodic polling when the server does not answer as a long-polling server', async () => {
    const server = await bundleServer({ longPolling: false })
    const engine = await createEngine()
    const poller = createBundlePoller({ engine, url: server.url, intervalMs: 60_000, longPollingTimeoutMs: 5000 })
    stops.push(() => poller.stop())
    expect(await poller.ready).toMatchObject({ status: 'updated', revision: 'v1' })
    expect(server.requests[0]!.prefer).toBe('modes=snapshot,delta;wait=5')
    expect(poller.longPolling).toBe(false)
    await sleep(300)
    expect(server.requests.length).toBe(1) // the next poll waits for the 60 s delay
    expect(await poller.poll()).toEqual({ status: 'unchanged' })
    expect(server.requests[1]!.prefer).toBe('modes=snapshot,delta') // no wait asked any more
  })

  it('a server claiming long polling but answering 304 at once cannot make the poller spin', async () => {
    const server = await bundleServer({ longPolling: true, answerAtOnce: true })
    const engine = await createEngine()
    const poller = createBundlePoller({ engine, url: server.url, intervalMs: 200, longPollingTimeoutMs: 10_000 })
    stops.push(() => poller.stop())
    await poller.ready
    await sleep(500)
    // One request at once after the bundle, then one per 200 ms delay: never a tight loop.
    expect(server.requests.length).toBeGreaterThanOrEqual(2)
    expect(server.requests.length).toBeLessThanOrEqual(5)
  })

  it('stop() aborts a held request; no request follows', async () => {
    const server = await bundleServer({ longPolling: true })
    const engine = await createEngine()
    const poller = createBundlePoller({ engine, url: server.url, intervalMs: 60_000, longPollingTimeoutMs: 30_000 })
    await poller.ready
    await until(() => server.held.length === 1)
    const inFlight = poller.poll() // joins the held request
    poller.stop()
    expect(await inFlight).toMatchObject({ status: 'error' })
    const count = server.requests.length
    await sleep(200)
    expect(server.requests.length).toBe(count)
  })
})

describe('jittered delays (OPA: polling.min_delay_seconds / max_delay_seconds)', () => {
  async function gaps(
    options: { minDelayMs?: number; maxDelayMs?: number; intervalMs?: number; random?: () => number },
    count: number,
  ): Promise<number[]> {
    const server = await bundleServer({ longPolling: false })
    const engine = await createEngine()
    const poller = createBundlePoller({ engine, url: server.url, ...options })
    await until(() => server.requests.length > count, 10_000)
    poller.stop()
    const at = server.requests.map((r) => r.at)
    return at.slice(1, count + 1).map((t, i) => t - at[i]!)
  }

  it('draws each delay from [min, max]: spread out, never outside the range', async () => {
    const spread = await gaps({ minDelayMs: 30, maxDelayMs: 230 }, 8)
    for (const g of spread) {
      expect(g).toBeGreaterThanOrEqual(25)
      // Timer slack: a loaded CI machine can fire a timer hundreds of ms late; the periodic default is 60 s.
      expect(g).toBeLessThan(230 + 1000)
    }
    // Eight uniform draws from a 200 ms range all within 30 ms of each other: about 1 in 10^6.
    expect(Math.max(...spread) - Math.min(...spread)).toBeGreaterThan(30)
  })

  it('min and max are the ends of the range (random pinned), and intervalMs alone is a fixed delay', async () => {
    const low = await gaps({ minDelayMs: 40, maxDelayMs: 400, random: () => 0 }, 3)
    const high = await gaps({ minDelayMs: 40, maxDelayMs: 400, random: () => 0.999 }, 2)
    for (const g of low) expect(g).toBeLessThan(200)
    for (const g of high) expect(g).toBeGreaterThanOrEqual(390)
    const fixed = await gaps({ intervalMs: 50, random: () => 0.999 }, 3)
    for (const g of fixed) expect(g).toBeLessThan(200)
  })
})

describe('bearer credentials (OPA: services[_].credentials.bearer)', () => {
  it('sends the token, read before each request (rotation), with its scheme; a refused token keeps the last good bundle', async () => {
    const bundle = await makeBundle(policy(1), ['app/decision'], {}, 'v1')
    const seen: (string | undefined)[] = []
    let accept = 'Bearer tok-1'
    const server = await startServer((req, res) => {
      seen.push(req.headers.authorization)
      if (req.headers.authorization !== accept) return res.writeHead(401).end('no')
      res.writeHead(200, { etag: '"1"' }).end(Buffer.from(bundle))
    })
    stops.push(server.close)
    const engine = await createEngine()
    let n = 0
    const poller = createBundlePoller({
      engine,
      url: server.url,
      intervalMs: 60_000,
      backoff: { initialMs: 60_000 },
      credentials: { bearer: { token: () => `tok-${++n}` } },
    })
    stops.push(() => poller.stop())
    expect(await poller.ready).toMatchObject({ status: 'updated', revision: 'v1' })
    expect(await poller.poll()).toMatchObject({ status: 'error', error: expect.stringContaining('HTTP 401') })
    accept = 'Bearer tok-3'
    expect(await poller.poll()).toEqual({ status: 'unchanged' })
    expect(seen).toEqual(['Bearer tok-1', 'Bearer tok-2', 'Bearer tok-3'])
    expect(engine.revision).toBe('v1')

    const other = createBundlePoller({
      engine,
      url: server.url,
      intervalMs: 60_000,
      credentials: { bearer: { token: 'abc', scheme: 'Token' } },
    })
    stops.push(() => other.stop())
    await other.ready
    expect(seen.at(-1)).toBe('Token abc')
  })

  it('a token that would break the header, or two kinds of credentials, is an error result, never a crash', async () => {
    const server = await startServer((_req, res) => res.writeHead(500).end())
    stops.push(server.close)
    const engine = await createEngine()
    for (const credentials of [
      { bearer: { token: 'a\r\nx-evil: 1' } },
      { bearer: { token: '' } },
      { bearer: { token: 'a' }, s3: { accessKeyId: 'a', secretAccessKey: 'b', region: 'r' } },
    ]) {
      const poller = createBundlePoller({
        engine,
        url: server.url,
        intervalMs: 60_000,
        backoff: { initialMs: 60_000 },
        credentials,
      })
      const result = await poller.ready
      poller.stop()
      expect(result).toMatchObject({ status: 'error', error: expect.stringMatching(/credentials:/) })
    }
  })
})
