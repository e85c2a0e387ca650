import type { Engine } from '../engine.js'
import { randomId } from '../random-id.js'
import { opaStatusReport, type OpaStatusReport } from './opa-status.js'

/** Options of {@link opaStatusReporter}. */
export interface StatusReporterOptions {
  /** The status service's URL (OPA: the service URL + `/status`). */
  url: string
  /** Extra request headers (e.g. authorization). */
  headers?: Record<string, string>
  /** Labels of this instance; `id` defaults to a random id, as OPA's instance id. */
  labels?: Record<string, string>
  /** The name the bundle is reported under (default `'cordon'`). */
  bundleName?: string
  /** Report this often even without a change, as a heartbeat (default 60,000 ms; 0: only on change). */
  intervalMs?: number
  /** Attempts per report, the first included (default 3). */
  maxAttempts?: number
  /** First retry delay, doubled per attempt (default 200 ms). */
  retryDelayMs?: number
  /** Defaults to the global fetch. */
  fetch?: typeof fetch
}

/** A running status reporter. */
export interface StatusReporter {
  /** Sends the current status now; resolves to whether the service accepted it. */
  report(): Promise<boolean>
  /** Stops reporting (unsubscribes and clears the timer), after the report in flight. */
  stop(): Promise<void>
  readonly stats: { readonly sent: number; readonly failed: number }
  /** The last report sent (accepted or not). */
  readonly last: OpaStatusReport | undefined
}

/**
 * Reports the engine's status in OPA's status-plugin format: once at start,
 * whenever a load succeeds, fails or the instance is rebuilt, and every
 * `intervalMs`. Reports are sent one at a time; a change during one is sent
 * right after it. A failed report is retried with backoff, then left to the
 * next trigger (each report is the whole state, so none needs resending).
 */
export function opaStatusReporter(
  engine: Pick<Engine, 'status' | 'subscribe'>,
  options: StatusReporterOptions,
): StatusReporter {
  const labels = { id: randomId(), ...options.labels }
  const bundleName = options.bundleName ?? 'cordon'
  const maxAttempts = options.maxAttempts ?? 3
  const retryDelay = options.retryDelayMs ?? 200
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a))
  const stats = { sent: 0, failed: 0 }
  let last: OpaStatusReport | undefined
  let inFlight: Promise<boolean> | undefined
  let again = false
  let stopped = false

  async function send(): Promise<boolean> {
    const body = opaStatusReport(engine.status, labels, bundleName)
    last = body
    const headers = { 'content-type': 'application/json', ...options.headers }
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        const res = await doFetch(options.url, { method: 'POST', headers, body: JSON.stringify(body) })
        await res.arrayBuffer().catch(() => undefined)
        if (res.ok) {
          stats.sent++
          return true
        }
        if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) break
      } catch {
        // network error: retried
      }
      if (attempt < maxAttempts) await new Promise((r) => setTimeout(r, retryDelay * 2 ** (attempt - 1)))
    }
    stats.failed++
    return false
  }

  function report(): Promise<boolean> {
    if (inFlight) {
      again = true
      return inFlight
    }
    inFlight = send().finally(() => {
      inFlight = undefined
      if (again && !stopped) {
        again = false
        void report()
      }
    })
    return inFlight
  }

  const unsubscribe = engine.subscribe((event) => {
    if (event.type === 'loaded' || event.type === 'load_failed' || event.type === 'rebuilt') void report()
  })
  const interval = options.intervalMs ?? 60_000
  const timer = interval > 0 ? setInterval(() => void report(), interval) : undefined
  ;(timer as { unref?: () => void } | undefined)?.unref?.()
  void report()

  return {
    report,
    async stop() {
      stopped = true
      unsubscribe()
      if (timer !== undefined) clearInterval(timer)
      await inFlight
    },
    stats,
    get last() {
      return last
    },
  }
}
