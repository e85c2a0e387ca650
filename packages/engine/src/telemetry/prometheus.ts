/**
 * Prometheus metrics for an engine with `prom-client` (Node). The
 * application passes its own prom-client module, so the metrics land in the
 * registry its `/metrics` route serves and nothing here loads prom-client.
 */
import type * as PromClient from 'prom-client'
import { watchEngine, WASM_PAGE_BYTES, type ObservedEngine } from './watch.js'

/** Options of {@link prometheusMetrics}. */
export interface PrometheusOptions {
  /** The application's `prom-client` module (`import * as client from 'prom-client'`). */
  client: Pick<typeof PromClient, 'Counter' | 'Histogram' | 'Gauge' | 'Registry'>
  /** Where the metrics are registered (default: a new Registry). */
  registry?: PromClient.Registry
  /** Name prefix (default `cordon_`). */
  prefix?: string
  /** Histogram buckets of the decision duration, in seconds. */
  buckets?: number[]
}

/** The registry with the engine's metrics, and a function that stops counting and unregisters them. */
export interface PrometheusMetrics {
  registry: PromClient.Registry
  /** Stops counting and removes the metrics from the registry. */
  stop(): void
}

/**
 * Registers `<prefix>decisions_total{entrypoint,code,allow}`,
 * `<prefix>decision_duration_seconds`, `<prefix>bundle_activations_total{outcome}`,
 * `<prefix>evaluation_errors_total{code}` and `<prefix>memory_pages` (read
 * at scrape time), and keeps them current.
 */
export function prometheusMetrics(engine: ObservedEngine, options: PrometheusOptions): PrometheusMetrics {
  const { client } = options
  const registry = options.registry ?? new client.Registry()
  const prefix = options.prefix ?? 'cordon_'
  const registers = [registry]
  const decisions = new client.Counter({
    name: `${prefix}decisions_total`,
    help: 'Decisions made, by entrypoint, code and allow',
    labelNames: ['entrypoint', 'code', 'allow'],
    registers,
  })
  const duration = new client.Histogram({
    name: `${prefix}decision_duration_seconds`,
    help: 'Time to decide, validation and evaluation included',
    labelNames: ['entrypoint'],
    buckets: options.buckets ?? [
      0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.1,
    ],
    registers,
  })
  const activations = new client.Counter({
    name: `${prefix}bundle_activations_total`,
    help: 'Policy loads, by outcome (loaded, failed)',
    labelNames: ['outcome'],
    registers,
  })
  const errors = new client.Counter({
    name: `${prefix}evaluation_errors_total`,
    help: 'Decisions that could not be made (denied by the engine, not the policy), by code',
    labelNames: ['code'],
    registers,
  })
  const pages = new client.Gauge({
    name: `${prefix}memory_pages`,
    help: 'Wasm memory pages (64 KiB) held by the live instance',
    registers,
    collect() {
      pages.set(engine.memoryBytes / WASM_PAGE_BYTES)
    },
  })
  const stop = watchEngine(
    engine,
    (d) => {
      decisions.inc({ entrypoint: d.entrypoint, code: d.code, allow: String(d.allow) })
      duration.observe({ entrypoint: d.entrypoint }, d.durationMs / 1000)
      if (d.error !== undefined) errors.inc({ code: d.code })
    },
    (e) => {
      if (e.type === 'loaded') activations.inc({ outcome: 'loaded' })
      else if (e.type === 'load_failed') activations.inc({ outcome: 'failed' })
    },
  )
  return {
    registry,
    stop() {
      stop()
      for (const m of [decisions, duration, activations, errors, pages])
        registry.removeSingleMetric((m as unknown as { name: string }).name)
    },
  }
}
