import { gunzipSync } from 'node:zlib'
import { callbackSink, consoleSink, createEngine, httpSink, type DecisionEvent } from '@cordon/engine'
import { afterEach, describe, expect, it } from 'vitest'
import { makeBundle } from './support/bundles.js'
import { startServer } from './support/server.js'

const policy = `package app
decision := {"allow": input.user.role == "admin", "code": "role"}
`
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  while (closers.length) await closers.pop()!()
})

describe('decision logs', () => {
  it('logs one masked event per decision to every sink, never blocking or failing the decision', async () => {
    const events: DecisionEvent[] = []
    const lines: string[] = []
    const input = { user: { id: 'u-1', role: 'admin', token: 'secret' }, model: 'm' }
    const engine = await createEngine({
      bundle: await makeBundle(policy, ['app/decision'], {}, 'r9'),
      decisionLog: {
        sinks: [
          callbackSink((e) => events.push(e)),
          consoleSink((l) => lines.push(l)),
          () => {
            throw new Error('a broken sink')
          },
        ],
        mask: ['/user/id', { op: 'upsert', path: '/user/token', value: '***' }, '/absent/path'],
      },
    })
    const d = await engine.decide(input, { entrypoint: 'app/decision' })
    expect(d.allow).toBe(true)
    expect(input.user.id).toBe('u-1') // the caller's object is untouched
    expect(events).toHaveLength(1)
    const e = events[0]!
    expect(e).toMatchObject({
      decision_id: d.decisionId,
      entrypoint: 'app/decision',
      revision: 'r9',
      input: { user: { role: 'admin', token: '***' }, model: 'm' },
      result: { allow: true, code: 'role' },
      allow: true,
      code: 'role',
      erased: ['/user/id'],
      masked: ['/user/token'],
    })
    expect(typeof e.duration_ms).toBe('number')
    expect(new Date(e.timestamp).toISOString()).toBe(e.timestamp)
    expect(JSON.parse(lines[0]!)).toEqual(e)
    // failures are logged with their error
    await engine.decide({}, { entrypoint: 'app/nope' })
    expect(events[1]).toMatchObject({
      allow: false,
      code: 'entrypoint_not_found',
      error: expect.stringContaining('app/nope'),
    })
  })

  it('batches to an HTTP endpoint with gzip and retry, and drops (not blocks) when the queue is full', async () => {
    const received: DecisionEvent[][] = []
    let failNext = 2
    const server = await startServer((req, res, body) => {
      if (failNext-- > 0) {
        res.writeHead(500).end()
        return
      }
      const text = req.headers['content-encoding'] === 'gzip' ? gunzipSync(body).toString() : body.toString()
      received.push(JSON.parse(text))
      res.writeHead(204).end()
    })
    closers.push(server.close)
    const sink = httpSink({
      url: `${server.url}/logs`,
      batchSize: 5,
      flushIntervalMs: 20,
      maxQueue: 12,
      retryDelayMs: 5,
    })
    const engine = await createEngine({
      bundle: await makeBundle(policy, ['app/decision']),
      decisionLog: { sinks: [sink] },
    })
    for (let i = 0; i < 30; i++)
      await engine.decide({ user: { role: i % 2 ? 'admin' : 'x' } }, { entrypoint: 'app/decision' })
    await engine.flushLogs()
    const total = received.flat().length
    expect(total).toBe(sink.stats.sent)
    expect(sink.stats.dropped).toBeGreaterThan(0)
    expect(total + sink.stats.dropped + sink.stats.failed).toBe(30)
    expect(received.every((b) => b.length <= 5)).toBe(true)
    expect(received[0]![0]).toMatchObject({ entrypoint: 'app/decision' })
    // a dead endpoint: batches fail after their retries, decisions still go through
    await server.close()
    closers.pop()
    const dead = httpSink({
      url: `${server.url}/logs`,
      batchSize: 2,
      flushIntervalMs: 10,
      maxAttempts: 2,
      retryDelayMs: 1,
    })
    const e2 = await createEngine({
      bundle: await makeBundle(policy, ['app/decision']),
      decisionLog: { sinks: [dead] },
    })
    for (let i = 0; i < 4; i++)
      expect((await e2.decide({ user: { role: 'admin' } }, { entrypoint: 'app/decision' })).allow).toBe(true)
    await e2.close()
    expect(dead.stats.failed).toBe(4)
  })
})
