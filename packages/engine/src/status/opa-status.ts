/**
 * The engine's state as OPA's status-plugin update (`UpdateRequestV1` in
 * OPA's `plugins/status/plugin.go`, bundle fields from `bundle.Status`), for
 * status services that speak OPA's status API.
 */
import type { EngineStatus } from '../engine.js'

/** One bundle's status, as OPA's `bundle.Status` marshals (the fields Cordon knows). */
export interface OpaBundleStatus {
  name: string
  /** The live revision (absent when none is loaded or the bundle has none). */
  active_revision?: string
  /** When the live policy went live (RFC 3339). */
  last_successful_activation?: string
  /** `bundle_error` while the last update failed after the last success, as OPA. */
  code?: string
  message?: string
  errors?: { code: string; message: string; at: string }[]
}

/** A plugin's state, as OPA's `plugins.Status`. */
export interface OpaPluginStatus {
  state: 'OK' | 'NOT_READY' | 'ERROR'
  message?: string
}

/** OPA's status update. */
export interface OpaStatusReport {
  labels: Record<string, string>
  bundles: Record<string, OpaBundleStatus>
  plugins: Record<string, OpaPluginStatus>
  /** Cordon's counters under `cordon` (OPA puts its Prometheus metrics under `prometheus`). */
  metrics: { cordon: { decisions: number; failures: number; rebuilds: number } }
}

/** Builds the update from `engine.status`. */
export function opaStatusReport(
  status: Readonly<EngineStatus>,
  labels: Record<string, string>,
  bundleName: string,
): OpaStatusReport {
  const bundle: OpaBundleStatus = { name: bundleName }
  if (status.revision !== undefined) bundle.active_revision = status.revision
  if (status.loadedAt !== undefined) bundle.last_successful_activation = status.loadedAt
  // A failure older than the last activation is over: OPA clears the error on success.
  const failing =
    status.lastError !== undefined && (status.loadedAt === undefined || status.lastError.at >= status.loadedAt)
  if (failing) {
    bundle.code = 'bundle_error'
    bundle.message = status.lastError!.message
    bundle.errors = [{ code: 'bundle_error', message: status.lastError!.message, at: status.lastError!.at }]
  }
  const live = status.loadedAt !== undefined
  return {
    labels,
    bundles: { [bundleName]: bundle },
    plugins: {
      bundle: live ? { state: 'OK' } : failing ? { state: 'ERROR', message: bundle.message } : { state: 'NOT_READY' },
    },
    metrics: { cordon: { decisions: status.decisions, failures: status.failures, rebuilds: status.rebuilds } },
  }
}
