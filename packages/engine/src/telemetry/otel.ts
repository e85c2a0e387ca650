/**
 * OpenTelemetry for an engine: a span per decision and the engine's metrics,
 * through the tracer and meter the application passes in. Only types come
 * from `@opentelemetry/api`; nothing here loads it, so an application
 * without OpenTelemetry pays nothing.
 */
import type { Attributes, Meter, SpanStatusCode, Tracer } from '@opentelemetry/api'
import { watchEngine, WASM_PAGE_BYTES, type ObservedEngine } from './watch.js'

/** Options of {@link instrumentEngine}. */
export interface OtelOptions {
  /** Spans come from here (`trace.getTracer('cordon')`); none without it. */
  tracer?: Tracer
  /** Metrics come from here (`metrics.getMeter('cordon')`); none without it. */
  meter?: Meter
}

/** `SpanStatusCode.ERROR`, written out: the enum is a value, and this module loads nothing of the API. */
const STATUS_ERROR = 2 as SpanStatusCode

/**
 * Instruments the engine; returns a function that stops it. Each decision
 * becomes a span `cordon.decision` (child of the context active when the
 * decision was made, timed from its start to its end) with the entrypoint,
 * code, allow, revision and decision id, status ERROR when no decision could
 * be made. Metrics: `cordon.decisions` (by entrypoint, code, allow),
 * `cordon.decision.duration` (ms), `cordon.bundle.activations` (by
 * outcome), `cordon.evaluation.errors` (by code) and `cordon.memory.pages`.
 */
export function instrumentEngine(engine: ObservedEngine, options: OtelOptions): () => void {
  const { tracer, meter } = options
  const decisions = meter?.createCounter('cordon.decisions', {
    description: 'Decisions made, by entrypoint, code and allow',
  })
  const duration = meter?.createHistogram('cordon.decision.duration', {
    description: 'Time to decide, validation and evaluation included',
    unit: 'ms',
  })
  const activations = meter?.createCounter('cordon.bundle.activations', {
    description: 'Policy loads, by outcome (loaded, failed)',
  })
  const errors = meter?.createCounter('cordon.evaluation.errors', {
    description: 'Decisions that could not be made (denied by the engine, not the policy), by code',
  })
  const pages = meter?.createObservableGauge('cordon.memory.pages', {
    description: 'Wasm memory pages (64 KiB) held by the live instance',
    unit: '{page}',
  })
  const observePages = (r: { observe(value: number): void }) => r.observe(engine.memoryBytes / WASM_PAGE_BYTES)
  pages?.addCallback(observePages)

  const stop = watchEngine(
    engine,
    (d) => {
      const labels: Attributes = {
        'cordon.entrypoint': d.entrypoint,
        'cordon.decision.code': d.code,
        'cordon.decision.allow': d.allow,
      }
      decisions?.add(1, labels)
      duration?.record(d.durationMs, labels)
      if (d.error !== undefined) errors?.add(1, { 'cordon.decision.code': d.code })
      if (!tracer) return
      const span = tracer.startSpan('cordon.decision', {
        startTime: d.startMs,
        attributes: {
          ...labels,
          'cordon.decision_id': d.decisionId,
          ...(d.revision === undefined ? {} : { 'cordon.revision': d.revision }),
        },
      })
      if (d.error !== undefined) span.setStatus({ code: STATUS_ERROR, message: d.error.slice(0, 512) })
      span.end(d.endMs)
    },
    (e) => {
      if (e.type === 'loaded') activations?.add(1, { 'cordon.outcome': 'loaded' })
      else if (e.type === 'load_failed') activations?.add(1, { 'cordon.outcome': 'failed' })
    },
  )
  return () => {
    stop()
    pages?.removeCallback(observePages)
  }
}
