/**
 * Prometheus metrics for `@cordon/engine` with `prom-client` (an optional
 * peer dependency, passed in; Node).
 *
 * @module \@cordon/engine/prometheus
 *
 * @example
 * ```ts
 * import * as client from 'prom-client'
 * import { prometheusMetrics } from '@cordon/engine/prometheus'
 *
 * const { registry } = prometheusMetrics(engine, { client, registry: client.register })
 * ```
 */
export { prometheusMetrics, type PrometheusMetrics, type PrometheusOptions } from './telemetry/prometheus.js'
export type { ObservedEngine } from './telemetry/watch.js'
