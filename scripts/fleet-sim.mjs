#!/usr/bin/env node
// A fleet on one machine: N engines (default 200) in worker threads, each
// polling either a local OCI registry (Debian's docker-registry, started
// here) or a local HTTP bundle server with ETags, while a new bundle revision
// is published every few seconds. Reports, per source: the time from a
// publish until each instance serves the new revision (p50/p99/max) and until
// every instance does; requests per second on each server, unchanged answers
// (ETag 304 / manifest HEAD with the same digest) against full downloads; and
// decisions whose answer mixed two revisions (module of one, data of another,
// or a revision label of a third): must be 0. Bounded in time; stops itself.
//
// Instances start at random moments within one poll interval, as a fleet's
// processes do, so polls are spread rather than synchronized.
//
// Uses the built packages: run `pnpm build` first.
// Usage: node scripts/fleet-sim.mjs [--instances 200] [--workers 4] [--interval 5]
//          [--change-every 8] [--changes 5] [--source both|oci|http] [--json FILE]
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import {
  createEngine,
  createBundlePoller,
  createOciBundlePoller,
  pushOciBundle,
} from '../packages/engine/dist/index.js'

if (isMainThread) await main()
else await runWorker(workerData)

// ── main thread: registry, bundle server, publisher, report ─────────────────
async function main() {
  const { values } = parseArgs({
    options: {
      instances: { type: 'string', default: '200' },
      workers: { type: 'string', default: '4' },
      interval: { type: 'string', default: '5' },
      'change-every': { type: 'string', default: '8' },
      changes: { type: 'string', default: '5' },
      source: { type: 'string', default: 'both' },
      json: { type: 'string' },
    },
  })
  const instances = Number(values.instances)
  const workers = Math.max(1, Math.min(Number(values.workers), instances))
  const intervalMs = Number(values.interval) * 1000
  const changeEveryMs = Number(values['change-every']) * 1000
  const changes = Number(values.changes)
  const sources = values.source === 'both' ? ['oci', 'http'] : [values.source]
  if (!sources.every((s) => s === 'oci' || s === 'http')) throw new Error('--source is both, oci or http')
  // Warm-up (first bundle everywhere), the changes, then time for the last to land.
  const budgetMs = 60_000 + changes * changeEveryMs + 3 * intervalMs
  const watchdog = setTimeout(() => {
    console.error(`fleet-sim: did not finish within ${budgetMs / 1000} s; giving up`)
    process.exit(1)
  }, budgetMs)

  const { buildWasm, writeBundle } = await import('../packages/wasm/dist/index.js')
  const bundles = []
  for (let n = 1; n <= changes + 1; n++) {
    // The module and the data both carry n: a decision mixing two revisions shows it.
    const text = `package fleet\ndecision := {"allow": input.user in data.fleet.users, "version": data.fleet.version, "rule_version": ${n}}\n`
    const built = buildWasm([{ file: 'fleet.rego', text }], { entrypoints: ['fleet/decision'] })
    if (!built.wasm) throw new Error(built.diagnostics.map((d) => d.message).join('; '))
    bundles[n] = await writeBundle({
      wasm: built.wasm,
      data: { fleet: { version: n, users: Array.from({ length: 500 }, (_, i) => `u${i}`) } },
      entrypoints: ['fleet/decision'],
      revision: `r${n}`,
    })
  }

  const stops = []
  let registryRef
  if (sources.includes('oci')) {
    const { hasRegistry, missingRegistryLine, startRegistry } = await import('../test/support/docker-registry.mjs')
    if (!hasRegistry)
      throw new Error(missingRegistryLine.replace('tests are skipped', 'source is unavailable; run with --source http'))
    const registry = await startRegistry()
    stops.push(() => registry.stop())
    registryRef = `oci://${registry.host}/fleet/policy:live`
  }
  // The HTTP bundle server: strong ETag over the bytes, 304 on If-None-Match.
  const http = { current: undefined, etag: '', notModified: 0, full: 0, other: 0 }
  const server = createServer((req, res) => {
    if (!http.current) return (http.other++, res.writeHead(404).end())
    if (req.headers['if-none-match'] === http.etag)
      return (http.notModified++, res.writeHead(304, { etag: http.etag }).end())
    http.full++
    res
      .writeHead(200, { etag: http.etag, 'content-type': 'application/gzip', 'content-length': http.current.length })
      .end(http.current)
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  stops.push(() => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))))
  const httpUrl = `http://127.0.0.1:${server.address().port}/bundle.tar.gz`

  /** When each revision became available, per source. */
  const published = { oci: [], http: [] }
  async function publish(n) {
    const tasks = []
    if (registryRef) tasks.push(pushOciBundle(registryRef, bundles[n]).then(() => (published.oci[n] = Date.now())))
    if (sources.includes('http')) {
      http.current = Buffer.from(bundles[n])
      http.etag = `"${createHash('sha256').update(http.current).digest('hex')}"`
      published.http[n] = Date.now()
    }
    await Promise.all(tasks)
  }
  await publish(1)

  // Engines are split over the workers; within a worker they alternate between the sources.
  const switches = [] // { source, engine, revision, t }
  const finals = []
  const pool = []
  const per = Math.ceil(instances / workers)
  for (let w = 0; w < workers; w++) {
    const count = Math.min(per, instances - w * per)
    if (count <= 0) break
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { first: w * per, count, sources, intervalMs, registryRef, httpUrl },
    })
    worker.on('message', (m) =>
      m.type === 'switch' ? switches.push(m) : m.type === 'final' ? finals.push(m) : undefined,
    )
    worker.on('error', (err) => {
      console.error(`fleet-sim: worker ${w} failed: ${err.stack ?? err}`)
      process.exit(1)
    })
    pool.push(worker)
  }
  const servingAll = (n) => switches.filter((s) => s.revision === `r${n}`).length >= instances
  const waitFor = async (cond, ms) => {
    const end = Date.now() + ms
    while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50))
    return cond()
  }
  if (!(await waitFor(() => servingAll(1), 30_000 + intervalMs)))
    console.error('fleet-sim: not every instance loaded r1 during warm-up')
  const started = Date.now()
  const startCounts = { http: { ...http }, oci: undefined }
  for (const w of pool) w.postMessage({ type: 'mark' })
  for (let n = 2; n <= changes + 1; n++) {
    await new Promise((r) => setTimeout(r, changeEveryMs))
    await publish(n)
  }
  await waitFor(() => servingAll(changes + 1), 2 * intervalMs + 5_000)
  const elapsedS = (Date.now() - started) / 1000
  for (const w of pool) w.postMessage({ type: 'stop' })
  await waitFor(() => finals.length === pool.length, 10_000)
  await Promise.all(pool.map((w) => w.terminate()))
  for (const stop of stops.reverse()) await stop()
  clearTimeout(watchdog)

  // ── the report ──
  const sum = (key) => finals.reduce((a, f) => a + f[key], 0)
  const pct = (xs, p) => (xs.length ? xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] : NaN)
  const report = {
    bundleBytes: bundles[1].length,
    instances,
    workers,
    enginesPerWorker: per,
    intervalS: intervalMs / 1000,
    changeEveryS: changeEveryMs / 1000,
    changes,
    sources,
    measuredS: Number(elapsedS.toFixed(1)),
    bySource: {},
  }
  for (const source of sources) {
    const latencies = []
    const allServing = []
    let missed = 0
    const fleetSize = switches.filter((s) => s.source === source && s.revision === 'r1').length
    for (let n = 2; n <= changes + 1; n++) {
      const got = switches
        .filter((s) => s.source === source && s.revision === `r${n}`)
        .map((s) => s.t - published[source][n])
      missed += fleetSize - got.length
      latencies.push(...got)
      if (got.length === fleetSize) allServing.push(Math.max(...got))
    }
    latencies.sort((a, b) => a - b)
    const requests =
      source === 'http'
        ? { unchanged: http.notModified - startCounts.http.notModified, full: http.full - startCounts.http.full }
        : {
            unchanged: sum('ociUnchanged'),
            full: sum('ociFull'),
            manifestHeads: sum('ociHeads'),
            manifestGets: sum('ociManifestGets'),
            blobGets: sum('ociBlobGets'),
          }
    const total =
      source === 'http'
        ? requests.unchanged + requests.full
        : requests.manifestHeads + requests.manifestGets + requests.blobGets
    const requestMs = finals.flatMap((f) => f.latency[source]).sort((a, b) => a - b)
    report.bySource[source] = {
      requestMs: {
        p50: Math.round(pct(requestMs, 50)),
        p99: Math.round(pct(requestMs, 99)),
        max: Math.round(requestMs.at(-1) ?? NaN),
      },
      instances: fleetSize,
      switchMs: { p50: pct(latencies, 50), p99: pct(latencies, 99), max: latencies.at(-1) },
      everyInstanceServingMs: allServing,
      missedSwitches: missed,
      requests: { ...requests, total, perSecond: Number((total / elapsedS).toFixed(1)) },
    }
  }
  report.decisions = sum('decisions')
  report.mixedDecisions = sum('mixed')
  report.pollErrors = sum('errors')
  report.pollErrorSamples = finals.flatMap((f) => f.errorSamples).slice(0, 5)
  report.heapUsedMbPerWorker = finals.map((f) => f.heapMb)

  console.log(
    `fleet-sim: ${instances} instances in ${pool.length} worker threads (${per} engines each), poll every ${intervalMs / 1000} s, a new revision every ${changeEveryMs / 1000} s (${changes} changes), ${report.measuredS} s measured; bundle ${report.bundleBytes} bytes`,
  )
  for (const [source, r] of Object.entries(report.bySource)) {
    console.log(
      `  ${source.padEnd(4)} ${r.instances} instances: publish → instance serving: p50 ${r.switchMs.p50} ms, p99 ${r.switchMs.p99} ms, max ${r.switchMs.max} ms; every instance serving after ${r.everyInstanceServingMs.join(', ')} ms; missed ${r.missedSwitches}`,
    )
    const q = r.requests
    console.log(
      `       one request, to response headers: p50 ${r.requestMs.p50} ms, p99 ${r.requestMs.p99} ms, max ${r.requestMs.max} ms`,
    )
    console.log(
      `       requests ${q.total} (${q.perSecond}/s): ${q.unchanged} unchanged (${source === 'http' ? 'ETag 304' : 'manifest HEAD, same digest'}), ${q.full} full downloads${source === 'oci' ? ` (manifest HEAD ${q.manifestHeads}, GET ${q.manifestGets}, blob GET ${q.blobGets})` : ''}`,
    )
  }
  console.log(
    `  decisions ${report.decisions}, mixed revisions ${report.mixedDecisions}, poll errors ${report.pollErrors}`,
  )
  for (const e of report.pollErrorSamples) console.log(`    poll error: ${e}`)
  if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2) + '\n')
  process.exitCode = report.mixedDecisions === 0 ? 0 : 1
}

// ── a worker thread: some engines, their pollers, decisions ─────────────────
async function runWorker({ first, count, sources, intervalMs, registryRef, httpUrl }) {
  const stats = {
    errorSamples: [],
    decisions: 0,
    mixed: 0,
    errors: 0,
    ociUnchanged: 0,
    ociFull: 0,
    ociHeads: 0,
    ociManifestGets: 0,
    ociBlobGets: 0,
  }
  let counting = false
  // The registry's requests, counted where they are made (the registry is another process),
  // and every request's time to response headers, per source.
  const latency = { oci: [], http: [] }
  const timedFetch = (source) => async (input, init) => {
    const t0 = performance.now()
    const res = await fetch(input, init)
    if (counting) latency[source].push(performance.now() - t0)
    return res
  }
  const httpFetch = timedFetch('http')
  const ociFetch = timedFetch('oci')
  const countedFetch = (input, init) => {
    if (counting) {
      const method = init?.method ?? 'GET'
      const path = new URL(String(input)).pathname
      if (path.includes('/manifests/')) method === 'HEAD' ? stats.ociHeads++ : stats.ociManifestGets++
      else if (path.includes('/blobs/')) stats.ociBlobGets++
    }
    return ociFetch(input, init)
  }
  const fleet = []
  const timers = []
  for (let i = 0; i < count; i++) {
    const id = first + i
    const source = sources[id % sources.length]
    const engine = await createEngine()
    const onPoll = (r) => {
      if (r.status === 'updated')
        parentPort.postMessage({ type: 'switch', source, engine: id, revision: r.revision, t: Date.now() })
      else if (r.status === 'error') {
        stats.errors++
        if (stats.errorSamples.length < 5) stats.errorSamples.push(`${source}: ${r.error}`)
      } else if (counting && source === 'oci') stats.ociUnchanged++
      if (counting && source === 'oci' && r.status === 'updated') stats.ociFull++
    }
    const member = { engine, poller: undefined }
    fleet.push(member)
    // Start at a random moment within one interval, as a fleet's processes do.
    timers.push(
      setTimeout(() => {
        const common = { engine, intervalMs, backoff: { initialMs: 1000, maxMs: intervalMs }, onPoll }
        member.poller =
          source === 'oci'
            ? createOciBundlePoller({ ...common, ref: registryRef, fetch: countedFetch })
            : createBundlePoller({ ...common, url: httpUrl, fetch: httpFetch })
      }, Math.random() * intervalMs),
    )
  }
  // Decisions on every engine, round after round: each checks that module, data and label agree.
  let running = true
  const decide = async () => {
    while (running) {
      for (const { engine } of fleet) {
        if (!engine.revision) continue
        const d = await engine.decide({ user: 'u7' }, { entrypoint: 'fleet/decision' })
        stats.decisions++
        const r = d.result ?? {}
        if (d.revision !== `r${r.version}` || r.rule_version !== r.version || d.allow !== true) stats.mixed++
      }
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  const loop = decide()
  parentPort.on('message', async (m) => {
    if (m.type === 'mark') {
      counting = true
      stats.decisions = 0
    }
    if (m.type === 'stop') {
      running = false
      for (const t of timers) clearTimeout(t)
      for (const { poller } of fleet) poller?.stop()
      await loop
      parentPort.postMessage({
        type: 'final',
        ...stats,
        latency,
        heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
      })
    }
  })
}
