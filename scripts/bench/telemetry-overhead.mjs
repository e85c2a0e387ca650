#!/usr/bin/env node
// What telemetry costs a decision (issue 20): the reference policy decided by
// engines side by side in one process, rounds interleaved so drift hits all
// alike. Variants:
//   none        no telemetry (what an application without OpenTelemetry or prom-client runs)
//   none-again  a second identical engine: the noise between two equal engines
//   log-only    a decision log with one empty sink: what any decision-log consumer costs
//   otel-noop   instrumentEngine with @opentelemetry/api alone (no SDK: no-op tracer and meter)
//   otel-sdk    instrumentEngine with the real SDK (spans to a discarding processor, metrics to a reader)
//   prometheus  prometheusMetrics with prom-client
//   baseline    (with --baseline FILE) an engine from another build, e.g. one
//               from before telemetry existed: packages/engine/dist/index.js of that checkout
// Prints each variant's p50 and p99 per decision (median over rounds).
//
//   pnpm build && node scripts/bench/telemetry-overhead.mjs [--rounds 5] [--ms 1000] [--baseline FILE]
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { buildArtifacts, measure } from './run.mjs'
import { ENTRYPOINT, randomRequests } from './world.mjs'

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    ms: { type: 'string', default: '1000' },
    baseline: { type: 'string' },
  },
})
const rounds = Number(values.rounds)
const timeMs = Number(values.ms)
const dist = (file) => new URL(`../../packages/engine/dist/${file}`, import.meta.url).href
const { createEngine } = await import(dist('index.js'))
const { instrumentEngine } = await import(dist('otel.js'))
const { prometheusMetrics } = await import(dist('prometheus.js'))
const api = await import('@opentelemetry/api')
const { BasicTracerProvider, NoopSpanProcessor } = await import('@opentelemetry/sdk-trace-base')
const { MeterProvider, MetricReader } = await import('@opentelemetry/sdk-metrics')
const client = await import('prom-client')

const { artifacts } = await buildArtifacts()
const bundle = readFileSync(artifacts.bundle)
const inputs = randomRequests(1000, 7)
const opts = { entrypoint: ENTRYPOINT }

class Reader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}
const variants = {
  none: async () => createEngine({ bundle }),
  'none-again': async () => createEngine({ bundle }),
  'log-only': async () => createEngine({ bundle, decisionLog: { sinks: [() => {}] } }),
  'otel-noop': async () => {
    const e = await createEngine({ bundle })
    instrumentEngine(e, { tracer: api.trace.getTracer('bench'), meter: api.metrics.getMeter('bench') })
    return e
  },
  'otel-sdk': async () => {
    const e = await createEngine({ bundle })
    const tracer = new BasicTracerProvider({ spanProcessors: [new NoopSpanProcessor()] }).getTracer('bench')
    const meter = new MeterProvider({ readers: [new Reader()] }).getMeter('bench')
    instrumentEngine(e, { tracer, meter })
    return e
  },
  prometheus: async () => {
    const e = await createEngine({ bundle })
    prometheusMetrics(e, { client, registry: new client.Registry() })
    return e
  },
}
if (values.baseline) {
  const other = await import(new URL(values.baseline, `file://${process.cwd()}/`).href)
  variants.baseline = async () => other.createEngine({ bundle })
}
const engines = {}
for (const [name, make] of Object.entries(variants)) engines[name] = await make()

const results = Object.fromEntries(Object.keys(engines).map((n) => [n, { p50: [], p99: [] }]))
for (let r = 0; r < rounds; r++) {
  for (const [name, engine] of Object.entries(engines)) {
    const m = measure((input) => engine.decideSync(input, opts).allow, inputs, { timeMs })
    results[name].p50.push(m.p50_us)
    results[name].p99.push(m.p99_us)
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const base = median(results.none.p50)
console.log(`decision latency, ${rounds} interleaved rounds of ${timeMs} ms each, node ${process.version}`)
console.log('variant      p50 µs   p99 µs   p50 vs none')
for (const [name, r] of Object.entries(results)) {
  const p50 = median(r.p50)
  console.log(
    `${name.padEnd(12)} ${p50.toFixed(2).padStart(6)}   ${median(r.p99).toFixed(2).padStart(6)}   ${(((p50 - base) / base) * 100).toFixed(1).padStart(5)}%`,
  )
}
console.log(`\ncommand: node scripts/bench/telemetry-overhead.mjs ${process.argv.slice(2).join(' ')}`)
