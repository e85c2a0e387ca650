/**
 * Status reports in OPA's status-plugin format, POSTed to a status service on
 * 127.0.0.1: at start, after a bundle swap (with the new active revision),
 * after a failed update (with OPA's bundle_error while the old revision stays
 * live), periodically, and again after the service answered 500.
 */
import { createEngine, opaStatusReporter, type OpaStatusReport } from '@cordon/engine'
import { afterEach, describe, expect, it } from 'vitest'
import { makeBundle } from './support/bundles.js'
import { startServer } from './support/server.js'

const policy = 'package app\nallow := input.ok == true\n'
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  while (closers.length) await closers.pop()!()
})

async function statusService(status = () => 200) {
  const reports: OpaStatusReport[] = []
  const headers: Record<string, unknown>[] = []
  const server = await startServer((req, res, body) => {
    const code = status()
    if (code === 200) {
      reports.push(JSON.parse(body.toString('utf8')))
      headers.push(req.headers)
    }
    res.writeHead(code).end()
  })
  closers.push(server.close)
  return { url: `${server.url}/status`, reports, headers }
}

describe("status in OPA's status-plugin format", () => {
  it('reports the active revision at start, after a swap, and the error of a failed update', async () => {
    const service = await statusService()
    const engine = await createEngine({ bundle: await makeBundle(policy, ['app/allow'], {}, 'r1') })
    const reporter = opaStatusReporter(engine, {
      url: service.url,
      labels: { app: 'gw' },
      bundleName: 'authz',
      headers: { authorization: 'Bearer s' },
      intervalMs: 0,
    })
    closers.push(() => reporter.stop())
    await expect.poll(() => service.reports.length).toBe(1)
    const first = service.reports[0]!
    expect(first).toEqual({
      labels: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), app: 'gw' },
      bundles: { authz: { name: 'authz', active_revision: 'r1', last_successful_activation: engine.status.loadedAt } },
      plugins: { bundle: { state: 'OK' } },
      metrics: { cordon: { decisions: 0, failures: 0, rebuilds: 0 } },
    })
    expect(service.headers[0]).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer s' })

    await engine.decide({ ok: true }, { entrypoint: 'app/allow' })
    await new Promise((r) => setTimeout(r, 5)) // a later activation time than r1's
    await engine.load(await makeBundle(policy, ['app/allow'], {}, 'r2'))
    await expect.poll(() => service.reports.length).toBe(2)
    const swapped = service.reports[1]!.bundles.authz!
    expect(swapped.active_revision).toBe('r2')
    expect(swapped.last_successful_activation! > first.bundles.authz!.last_successful_activation!).toBe(true)
    expect(swapped).not.toHaveProperty('code')
    expect(service.reports[1]!.metrics.cordon.decisions).toBe(1)
    expect(service.reports[1]!.labels.id).toBe(first.labels.id)

    await expect(engine.load(new Uint8Array([1, 2, 3]))).rejects.toThrow()
    await expect.poll(() => service.reports.length).toBe(3)
    const failed = service.reports[2]!.bundles.authz!
    expect(failed).toMatchObject({
      active_revision: 'r2',
      code: 'bundle_error',
      message: engine.status.lastError!.message,
    })
    expect(failed.errors).toEqual([
      { code: 'bundle_error', message: engine.status.lastError!.message, at: engine.status.lastError!.at },
    ])
    expect(service.reports[2]!.plugins.bundle).toEqual({ state: 'OK' }) // the old policy still serves

    // a good load after the failure clears the error, as OPA does
    await engine.load(await makeBundle(policy, ['app/allow'], {}, 'r3'))
    await expect.poll(() => service.reports.length).toBe(4)
    expect(service.reports[3]!.bundles.authz).not.toHaveProperty('code')
    expect(service.reports[3]!.bundles.authz!.active_revision).toBe('r3')
  })

  it('reports periodically, NOT_READY before any policy, and retries a report the service refused with 500', async () => {
    let calls = 0
    const service = await statusService(() => (++calls === 1 ? 500 : 200))
    const engine = await createEngine({})
    const reporter = opaStatusReporter(engine, { url: service.url, intervalMs: 40, retryDelayMs: 5 })
    closers.push(() => reporter.stop())
    await expect.poll(() => service.reports.length).toBeGreaterThanOrEqual(3)
    expect(calls).toBeGreaterThanOrEqual(4) // the 500, its retry, and periodic reports
    expect(service.reports[0]).toMatchObject({
      bundles: { cordon: { name: 'cordon' } },
      plugins: { bundle: { state: 'NOT_READY' } },
    })
    expect(service.reports[0]!.bundles.cordon).not.toHaveProperty('active_revision')
    await reporter.stop()
    const after = service.reports.length
    await new Promise((r) => setTimeout(r, 120))
    expect(service.reports.length).toBe(after) // stopped: no more reports
    expect(reporter.stats.sent).toBe(after)
  })
})
