/**
 * OpenTelemetry for `@cordon/engine`: pass a tracer and a meter from
 * `@opentelemetry/api` (an optional peer dependency; this entry loads
 * nothing of it).
 *
 * @module \@cordon/engine/otel
 *
 * @example
 * ```ts
 * import { metrics, trace } from '@opentelemetry/api'
 * import { instrumentEngine } from '@cordon/engine/otel'
 *
 * const stop = instrumentEngine(engine, { tracer: trace.getTracer('cordon'), meter: metrics.getMeter('cordon') })
 * ```
 */
export { instrumentEngine, type OtelOptions } from './telemetry/otel.js'
export type { ObservedEngine } from './telemetry/watch.js'
