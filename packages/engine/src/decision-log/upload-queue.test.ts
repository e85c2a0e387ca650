/**
 * The HTTP sinks' buffer and upload loop against real node:http servers on
 * 127.0.0.1: gzip batches, retries after 500s with backoff and Retry-After,
 * the bounded buffer dropping the oldest, 4xx refusals, requeue after a
 * failed round, and writes that never wait for the collector.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import type { DecisionEvent } from './event.js'
import { httpSink } from './http-sink.js'
import { opaLogSink } from './opa-sink.js'

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  while (closers.length) await closers.pop()!()
})

async function collector(handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => handler(req, res, Buffer.concat(chunks)))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  closers.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  )
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/logs`
}

const decode = (req: IncomingMessage, body: Buffer): { n: number }[] =>
  JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8'))

const event = (n: number, extra: Partial<DecisionEvent> = {}): DecisionEvent & { n: number } => ({
  n,
  decision_id: `id-${n}`,
  timestamp: '2026-01-02T03:04:05.600Z',
  entrypoint: 'app/allow',
  revision: 'r1',
  input: { n },
  result: true,
  allow: true,
  duration_ms: 0.25,
  ...extra,
})

describe('upload queue (httpSink, opaLogSink)', () => {
  it('retries after 500s with growing delays, then delivers the batch once', async () => {
    const arrivals: number[] = []
    const batches: { n: number }[][] = []
    const url = await collector((req, res, body) => {
      arrivals.push(Date.now())
      if (arrivals.length <= 3) return void res.writeHead(500).end()
      batches.push(decode(req, body))
      res.writeHead(200).end()
    })
    const sink = httpSink({ url, batchSize: 10, flushIntervalMs: 5, retryDelayMs: 20, maxAttempts: 5 })
    for (let i = 0; i < 4; i++) sink.write(event(i))
    await sink.flush!()
    expect(batches).toEqual([[0, 1, 2, 3].map((n) => expect.objectContaining({ n }))])
    expect(sink.stats).toMatchObject({ sent: 4, retries: 3, dropped: 0, failed: 0, queued: 0 })
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!)
    // 20, 40, 80 ms apart (timers may fire a little late, never early)
    expect(gaps[0]).toBeGreaterThanOrEqual(18)
    expect(gaps[1]).toBeGreaterThanOrEqual(38)
    expect(gaps[2]).toBeGreaterThanOrEqual(78)
  })

  it('waits as long as a 429 or 503 Retry-After says, up to the ceiling', async () => {
    const arrivals: number[] = []
    const url = await collector((_req, res) => {
      arrivals.push(Date.now())
      if (arrivals.length === 1) return void res.writeHead(503, { 'retry-after': '1' }).end()
      res.writeHead(204).end()
    })
    const sink = httpSink({ url, retryDelayMs: 1, maxRetryDelayMs: 300 })
    sink.write(event(1))
    await sink.flush!()
    expect(sink.stats.sent).toBe(1)
    const gap = arrivals[1]! - arrivals[0]!
    expect(gap).toBeGreaterThanOrEqual(290) // Retry-After 1 s, capped at 300 ms; not the 1 ms backoff
    expect(gap).toBeLessThan(900)
  })

  it('drops the oldest events when the buffer is full, counts them, and never waits in write', async () => {
    const held: (() => void)[] = []
    const batches: { n: number }[][] = []
    const url = await collector((req, res, body) => {
      batches.push(decode(req, body))
      // the collector hangs until released: uploads back up
      held.push(() => res.writeHead(204).end())
    })
    const sink = httpSink({ url, batchSize: 5, maxQueue: 10, flushIntervalMs: 1 })
    for (let i = 0; i < 5; i++) sink.write(event(i)) // a full batch: in flight at once
    await expect.poll(() => held.length).toBe(1)
    const started = performance.now()
    for (let i = 5; i < 5005; i++) sink.write(event(i))
    const elapsed = performance.now() - started
    expect(elapsed).toBeLessThan(1000) // 5,000 writes against a hung collector return at once
    expect(sink.stats.queued).toBe(10)
    expect(sink.stats.dropped).toBe(4990)
    held.shift()!()
    const flushed = sink.flush!()
    while (batches.length < 3) {
      await expect.poll(() => held.length).toBe(1)
      held.shift()!()
    }
    await flushed
    // the batch in flight, then the newest ten: the oldest went first
    expect(batches.map((b) => b.map((e) => e.n))).toEqual([
      [0, 1, 2, 3, 4],
      [4995, 4996, 4997, 4998, 4999],
      [5000, 5001, 5002, 5003, 5004],
    ])
    expect(sink.stats).toMatchObject({ sent: 15, dropped: 4990, failed: 0, queued: 0 })
  })

  it('never loses events that overflow the buffer while a batch is being compressed', async () => {
    const got: number[] = []
    const url = await collector((req, res, body) => {
      got.push(...decode(req, body).map((e) => e.n))
      res.writeHead(204).end()
    })
    const sink = httpSink({ url, batchSize: 5, maxQueue: 5 })
    for (let i = 0; i < 5; i++) sink.write(event(i)) // a full batch: taken out, gzip under way
    for (let i = 5; i < 15; i++) sink.write(event(i)) // meanwhile the buffer overflows: 5..9 are the oldest
    await sink.flush!()
    expect(got).toEqual([0, 1, 2, 3, 4, 10, 11, 12, 13, 14])
    expect(sink.stats).toMatchObject({ sent: 10, dropped: 5, queued: 0 })
  })

  it('counts a 4xx refusal as failed and goes on with the next batch', async () => {
    let calls = 0
    const url = await collector((_req, res) => res.writeHead(++calls === 1 ? 400 : 204).end())
    const sink = httpSink({ url, batchSize: 2, retryDelayMs: 1, gzip: false })
    for (let i = 0; i < 4; i++) sink.write(event(i))
    await sink.flush!()
    expect(sink.stats).toMatchObject({ sent: 2, failed: 2, retries: 0 })
    expect(calls).toBe(2)
  })

  it('keeps a batch whose round failed, delivers it in a later round, and counts what a close leaves', async () => {
    let up = false
    const got: number[] = []
    const url = await collector((req, res, body) => {
      if (!up) return void res.writeHead(500).end()
      got.push(...decode(req, body).map((e) => e.n))
      res.writeHead(204).end()
    })
    const sink = httpSink({ url, maxAttempts: 2, retryDelayMs: 1, maxRetryDelayMs: 5 })
    sink.write(event(1))
    sink.write(event(2))
    await sink.flush!()
    expect(sink.stats).toMatchObject({ sent: 0, queued: 2, retries: 2, failed: 0 })
    up = true
    await sink.flush!()
    expect(got).toEqual([1, 2])
    expect(sink.stats).toMatchObject({ sent: 2, queued: 0 })
    up = false
    sink.write(event(3))
    await sink.close!()
    expect(sink.stats).toMatchObject({ sent: 2, failed: 1, queued: 0 })
    sink.write(event(4)) // after close: dropped, not queued
    expect(sink.stats.dropped).toBe(1)
  })

  it('opaLogSink: gzip uploads no larger than uploadSizeLimitBytes, one too large alone dropped', async () => {
    const bodies: { size: number; events: { decision_id: string }[]; headers: IncomingMessage['headers'] }[] = []
    const url = await collector((req, res, body) => {
      bodies.push({ size: body.length, events: JSON.parse(gunzipSync(body).toString('utf8')), headers: req.headers })
      res.writeHead(200).end()
    })
    const limit = 1200
    const sink = opaLogSink({ url, uploadSizeLimitBytes: limit, batchSize: 1000, flushIntervalMs: 1 })
    // inputs of random text, so gzip cannot shrink them away
    const noise = (k: number) => Array.from({ length: k }, () => Math.random().toString(36).slice(2)).join('')
    for (let i = 0; i < 40; i++) sink.write(event(i, { input: { text: noise(6) } }))
    sink.write(event(99, { input: { text: noise(400) } })) // ~4 KB of noise: over the limit alone
    await sink.flush!()
    expect(bodies.length).toBeGreaterThan(1)
    for (const b of bodies) {
      expect(b.size).toBeLessThanOrEqual(limit)
      expect(b.headers['content-encoding']).toBe('gzip')
      expect(b.headers['content-type']).toBe('application/json')
    }
    expect(bodies.flatMap((b) => b.events.map((e) => e.decision_id))).toEqual(
      Array.from({ length: 40 }, (_, i) => `id-${i}`),
    )
    expect(sink.stats).toMatchObject({ sent: 40, dropped: 1 })
    expect(() => opaLogSink({ url, uploadSizeLimitBytes: 0 })).toThrow(/uploadSizeLimitBytes/)
    expect(() => opaLogSink({ url, mask: ['/user/id'] })).toThrow(/\/input or \/result/)
  })
})
