/**
 * Decision logs in OPA's format, end to end: the engine decides with a
 * compiled policy, `opaLogSink` uploads, and a collector on 127.0.0.1
 * receives gzip batches at `/logs` as OPA's decision-log API would. Every
 * field of OPA's EventV1 that Cordon fills is checked.
 */
import { gunzipSync } from 'node:zlib'
import { createEngine, opaLogSink, type OpaDecisionEvent } from '@cordon/engine'
import { afterEach, describe, expect, it } from 'vitest'
import { makeBundle } from './support/bundles.js'
import { startServer } from './support/server.js'

const policy = `package app
decision := {"allow": input.user.role == "admin", "code": "role", "secret": input.user.token}
`
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  while (closers.length) await closers.pop()!()
})

async function logsCollector() {
  const events: OpaDecisionEvent[] = []
  const requests: { method?: string; url?: string; headers: Record<string, unknown> }[] = []
  const server = await startServer((req, res, body) => {
    requests.push({ method: req.method, url: req.url, headers: req.headers })
    events.push(...(JSON.parse(gunzipSync(body).toString('utf8')) as OpaDecisionEvent[]))
    res.writeHead(204).end()
  })
  closers.push(server.close)
  return { url: `${server.url}/logs`, events, requests }
}

describe("decision logs in OPA's format", () => {
  it('uploads every field of the event, masked as OPA masks', async () => {
    const collector = await logsCollector()
    const sink = opaLogSink({
      url: collector.url,
      headers: { authorization: 'Bearer t0ken' },
      labels: { app: 'gateway', region: 'eu-west-1' },
      bundleName: 'authz',
      mask: ['/input/user/ip', { op: 'upsert', path: '/result/secret', value: '**REDACTED**' }, '/input/absent'],
    })
    const engine = await createEngine({
      bundle: await makeBundle(policy, ['app/decision'], {}, 'rev-42'),
      decisionLog: { sinks: [sink], mask: ['/user/token'] },
    })
    const before = Date.now()
    const input = { user: { role: 'admin', token: 's3cr3t', ip: '10.0.0.1' }, model: 'm' }
    const d = await engine.decide(input, { entrypoint: 'data.app.decision' })
    const failed = await engine.decide({}, { entrypoint: 'app/nope' })
    await engine.flushLogs()

    expect(collector.requests).toHaveLength(1)
    expect(collector.requests[0]).toMatchObject({ method: 'POST', url: '/logs' })
    expect(collector.requests[0]!.headers).toMatchObject({
      'content-encoding': 'gzip',
      'content-type': 'application/json',
      authorization: 'Bearer t0ken',
    })
    const [e, f] = collector.events as [OpaDecisionEvent, OpaDecisionEvent]
    expect(Object.keys(e).sort()).toEqual([
      'bundles',
      'decision_id',
      'erased',
      'input',
      'labels',
      'masked',
      'metrics',
      'path',
      'result',
      'timestamp',
    ])
    expect(e.labels).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), app: 'gateway', region: 'eu-west-1' })
    expect(e.decision_id).toBe(d.decisionId)
    expect(e.bundles).toEqual({ authz: { revision: 'rev-42' } })
    expect(e.path).toBe('app/decision')
    // the engine's mask (token) and OPA's (ip) both erased; the result's secret replaced
    expect(e.input).toEqual({ user: { role: 'admin' }, model: 'm' })
    expect(e.result).toEqual({ allow: true, code: 'role', secret: '**REDACTED**' })
    expect(e.erased).toEqual(['/input/user/token', '/input/user/ip'])
    expect(e.masked).toEqual(['/result/secret'])
    expect(d.result).toMatchObject({ secret: 's3cr3t' }) // the caller's decision is untouched
    expect(input.user.ip).toBe('10.0.0.1')
    // RFC3339Nano as Go writes it: UTC, fraction without trailing zeros
    expect(e.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z$/)
    expect(Date.parse(e.timestamp)).toBeGreaterThanOrEqual(before - 1)
    expect(Date.parse(e.timestamp)).toBeLessThanOrEqual(Date.now())
    expect(Object.keys(e.metrics!)).toEqual(['timer_rego_query_eval_ns'])
    expect(Number.isInteger(e.metrics!.timer_rego_query_eval_ns) && e.metrics!.timer_rego_query_eval_ns! > 0).toBe(true)
    // a decision that could not be made carries OPA's error object and no result
    expect(f.decision_id).toBe(failed.decisionId)
    expect(f.error).toEqual({ code: 'entrypoint_not_found', message: expect.stringContaining('app/nope') })
    expect(f).not.toHaveProperty('result')
    expect(f.labels.id).toBe(e.labels.id)
    await engine.close()
  })

  it('erases a whole part with /input; a sink added after creation logs until removed', async () => {
    const collector = await logsCollector()
    const sink = opaLogSink({ url: collector.url, mask: ['/input'] })
    const engine = await createEngine({ bundle: await makeBundle(policy, ['app/decision'], {}, 'r1') })
    const remove = engine.addDecisionSink(sink)
    await engine.decide({ user: { role: 'x' } }, { entrypoint: 'app/decision' })
    remove()
    await engine.decide({ user: { role: 'x' } }, { entrypoint: 'app/decision' }) // not logged: the sink was removed
    await sink.flush!()
    expect(collector.events).toHaveLength(1)
    expect(collector.events[0]).not.toHaveProperty('input')
    expect(collector.events[0]!.erased).toEqual(['/input'])
    expect(collector.events[0]!.bundles).toEqual({ cordon: { revision: 'r1' } })
  })
})
