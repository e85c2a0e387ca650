// A bundle server is a network peer: a body that never ends, a server that
// never answers, a truncated or empty body, an HTML page, a 304 out of the
// blue. Each poll fails closed (an error result, the last good bundle live,
// backoff) within the timeout; the poller never hangs, spins or crashes.
// Bodies past the size limit: test/security/gzip-bomb.test.ts.
import type { ServerResponse } from 'node:http'
import { createBundlePoller, createEngine, type PollResult } from '@cordon/engine'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { makeBundle } from './support/bundles.js'
import { startServer } from './support/server.js'

const stops: (() => unknown)[] = []
afterEach(async () => {
  while (stops.length) await stops.pop()!()
})
let good: Uint8Array
beforeAll(async () => {
  good = await makeBundle('package app\ndecision := {"allow": true}\n', ['app/decision'], {}, 'good')
})

type Behaviour = (res: ServerResponse) => void
/** A server that serves the good bundle first, then behaves as `bad` does. */
async function pollerAgainst(bad: Behaviour, timeoutMs = 400) {
  let requests = 0
  const server = await startServer((_req, res) => {
    if (++requests === 1) return res.writeHead(200, { etag: '"good"' }).end(Buffer.from(good))
    bad(res)
  })
  stops.push(server.close)
  const engine = await createEngine()
  const poller = createBundlePoller({
    engine,
    url: server.url,
    intervalMs: 60_000,
    backoff: { initialMs: 60_000 },
    timeoutMs,
  })
  stops.push(() => poller.stop())
  expect(await poller.ready).toMatchObject({ status: 'updated', revision: 'good' })
  return { engine, poller }
}

async function expectFailsClosed(bad: Behaviour, error: RegExp, maxMs = 2000) {
  const { engine, poller } = await pollerAgainst(bad)
  const started = Date.now()
  const result: PollResult = await poller.poll()
  expect(Date.now() - started).toBeLessThan(maxMs)
  expect(result).toMatchObject({ status: 'error', error: expect.stringMatching(error), retryInMs: 60_000 })
  expect(engine.revision).toBe('good')
  expect((await engine.decide({})).allow).toBe(true)
  expect(poller.etag).toBe('"good"')
  expect(poller.failures).toBe(1)
}

describe('a hostile bundle server', () => {
  it('a body that trickles forever is cut off by the timeout', async () => {
    await expectFailsClosed((res) => {
      res.writeHead(200, { etag: '"slow"' })
      res.write(Buffer.from([0x1f, 0x8b]))
      const t = setInterval(() => res.write(Buffer.from([0])), 50)
      res.on('close', () => clearInterval(t))
    }, /timed out after \d+ ms/)
  })

  it('a server that never answers is cut off by the timeout', async () => {
    await expectFailsClosed(() => {}, /timed out after \d+ ms/)
  })

  it('a body shorter than its Content-Length (connection dropped) is an error', async () => {
    await expectFailsClosed((res) => {
      res.writeHead(200, { etag: '"cut"', 'content-length': '100000' })
      res.write(Buffer.from(good.subarray(0, 100)))
      setTimeout(() => res.destroy(), 20)
    }, /terminated|aborted|closed|socket/i)
  })

  it('an HTML page, an empty body and JSON are not bundles', async () => {
    await expectFailsClosed(
      (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Sign in</body></html>'),
      /^tar: .* \(the response: 33 bytes, Content-Type text\/html\)$/,
    )
    await expectFailsClosed((res) => res.writeHead(200).end(), /bundle|tar|policy.wasm/)
    await expectFailsClosed(
      (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"allow": true}'),
      /bundle|tar/,
    )
  })

  it('a gzip stream that is not a tar is an error', async () => {
    const { gzipSync } = await import('node:zlib')
    await expectFailsClosed(
      (res) => res.writeHead(200).end(gzipSync(Buffer.from('not a tar'.repeat(100)))),
      /tar|bundle/,
    )
  })

  it('a 304 before any bundle, a redirect loop and a 5xx: error or unchanged, nothing loaded', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/304') return res.writeHead(304).end()
      if (req.url === '/loop') return res.writeHead(302, { location: '/loop' }).end()
      res.writeHead(503).end()
    })
    stops.push(server.close)
    const engine = await createEngine()
    for (const [path, expected] of [
      ['/304', { status: 'unchanged' }],
      ['/loop', { status: 'error', error: expect.stringMatching(/redirect|fetch failed/i) }],
      ['/503', { status: 'error', error: expect.stringContaining('HTTP 503') }],
    ] as const) {
      const poller = createBundlePoller({
        engine,
        url: server.url + path,
        intervalMs: 60_000,
        backoff: { initialMs: 60_000 },
      })
      expect(await poller.ready, path).toMatchObject(expected)
      poller.stop()
    }
    expect(engine.revision).toBeUndefined()
    expect((await engine.decide({})).code).toBe('no_policy')
  })

  it('backoff grows per failure up to its cap and resets after a success', async () => {
    let fail = true
    const server = await startServer((_req, res) =>
      fail ? res.writeHead(500).end() : res.writeHead(200, { etag: '"g"' }).end(Buffer.from(good)),
    )
    stops.push(server.close)
    const engine = await createEngine()
    const poller = createBundlePoller({
      engine,
      url: server.url,
      intervalMs: 60_000,
      backoff: { initialMs: 1000, factor: 3, maxMs: 5000 },
    })
    stops.push(() => poller.stop())
    const retries = [(await poller.ready) as { retryInMs: number }]
    for (let i = 0; i < 3; i++) retries.push((await poller.poll()) as { retryInMs: number })
    expect(retries.map((r) => r.retryInMs)).toEqual([1000, 3000, 5000, 5000])
    expect(poller.failures).toBe(4)
    fail = false
    expect(await poller.poll()).toMatchObject({ status: 'updated' })
    expect(poller.failures).toBe(0)
    fail = true
    expect(await poller.poll()).toMatchObject({ retryInMs: 1000 })
  })

  it('concurrent poll() calls share one request; a throwing onPoll does not stop the schedule', async () => {
    let requests = 0
    const server = await startServer((_req, res) => {
      requests++
      setTimeout(() => res.writeHead(200, { etag: '"g"' }).end(Buffer.from(good)), 30)
    })
    stops.push(server.close)
    const engine = await createEngine()
    const poller = createBundlePoller({
      engine,
      url: server.url,
      intervalMs: 40,
      onPoll: () => {
        throw new Error('listener bug')
      },
    })
    stops.push(() => poller.stop())
    const [a, b] = [poller.poll(), poller.poll()]
    expect(a).toBe(b)
    expect(await a).toMatchObject({ status: 'updated' })
    expect(requests).toBe(1)
    await new Promise((r) => setTimeout(r, 300))
    expect(requests).toBeGreaterThan(2)
  })

  it('a fetch that rejects with a non-Error, or answers 200 without a body, is an error result', async () => {
    const engine = await createEngine()
    const rejecting: typeof fetch = () => Promise.reject('connection reset by a proxy')
    const bodyless: typeof fetch = async () => new Response(null, { status: 200 })
    for (const [fetchImpl, error] of [
      [rejecting, /^connection reset by a proxy$/],
      [bodyless, /bundle|tar/],
    ] as const) {
      const poller = createBundlePoller({
        engine,
        url: 'http://127.0.0.1:9/never',
        intervalMs: 60_000,
        backoff: { initialMs: 60_000 },
        fetch: fetchImpl,
      })
      expect(await poller.ready).toMatchObject({ status: 'error', error: expect.stringMatching(error) })
      poller.stop()
    }
    expect(engine.revision).toBeUndefined()
  })
})
