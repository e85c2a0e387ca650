/**
 * `@cordon/engine/prometheus` with the real prom-client: the text a
 * Prometheus scrape of the registry gets, after decisions of a compiled
 * policy, a bundle swap and a failed load.
 */
import * as client from 'prom-client'
import { createEngine } from '@cordon/engine'
import { prometheusMetrics } from '@cordon/engine/prometheus'
import { describe, expect, it } from 'vitest'
import { makeBundle } from './support/bundles.js'

const policy = `package app
decision := {"allow": input.role == "admin", "code": code}
code := "ok" if input.role == "admin"
code := "not_admin" if input.role != "admin"
`

describe('Prometheus (prom-client)', () => {
  it('counts decisions by code, times them, counts activations and errors, and reads memory pages at scrape', async () => {
    const engine = await createEngine({ bundle: await makeBundle(policy, ['app/decision'], {}, 'r1') })
    const registry = new client.Registry()
    const metrics = prometheusMetrics(engine, { client, registry })
    expect(metrics.registry).toBe(registry)
    for (let i = 0; i < 3; i++) await engine.decide({ role: 'admin' }, { entrypoint: 'app/decision' })
    await engine.decide({ role: 'guest' }, { entrypoint: 'app/decision' })
    await engine.decide({}, { entrypoint: 'client/chosen/' + 'x'.repeat(50) })
    await engine.load(await makeBundle(policy, ['app/decision'], {}, 'r2'))
    await engine.load(new Uint8Array([0])).catch(() => {})

    const text = await registry.metrics()
    const line = (re: RegExp) => text.split('\n').find((l) => re.test(l))
    expect(line(/^cordon_decisions_total\{entrypoint="app\/decision",code="ok",allow="true"\} /)).toMatch(/ 3$/)
    expect(line(/^cordon_decisions_total\{entrypoint="app\/decision",code="not_admin",allow="false"\} /)).toMatch(/ 1$/)
    expect(
      line(/^cordon_decisions_total\{entrypoint="\(unknown\)",code="entrypoint_not_found",allow="false"\} /),
    ).toMatch(/ 1$/)
    expect(text).not.toContain('client/chosen') // a client-chosen entrypoint never becomes a label value
    expect(line(/^cordon_decision_duration_seconds_count\{entrypoint="app\/decision"\} /)).toMatch(/ 4$/)
    expect(line(/^cordon_decision_duration_seconds_bucket\{le="\+Inf",entrypoint="app\/decision"\} /)).toMatch(/ 4$/)
    expect(line(/^cordon_evaluation_errors_total\{code="entrypoint_not_found"\} /)).toMatch(/ 1$/)
    expect(line(/^cordon_bundle_activations_total\{outcome="loaded"\} /)).toMatch(/ 1$/)
    expect(line(/^cordon_bundle_activations_total\{outcome="failed"\} /)).toMatch(/ 1$/)
    expect(text).toContain('# TYPE cordon_decision_duration_seconds histogram')
    const pages = Number(line(/^cordon_memory_pages /)!.split(' ')[1])
    expect(pages).toBe(engine.memoryBytes / 65536)
    expect(pages).toBeGreaterThan(0)

    metrics.stop()
    expect(await registry.metrics()).not.toContain('cordon_')
    await engine.decide({ role: 'admin' }, { entrypoint: 'app/decision' }) // no longer counted, and no error
    await engine.close()
  })

  it('registers in the given registry under a prefix, beside the application’s own metrics', async () => {
    const engine = await createEngine({ bundle: await makeBundle(policy, ['app/decision']) })
    const registry = new client.Registry()
    new client.Counter({ name: 'app_requests_total', help: 'the app’s own', registers: [registry] }).inc()
    const { stop } = prometheusMetrics(engine, { client, registry, prefix: 'policy_' })
    await engine.decide({ role: 'admin' }, { entrypoint: 'app/decision' })
    const text = await registry.metrics()
    expect(text).toContain('app_requests_total 1')
    expect(text).toMatch(/^policy_decisions_total\{entrypoint="app\/decision",code="ok",allow="true"\} 1$/m)
    stop()
    await engine.close()
  })
})
