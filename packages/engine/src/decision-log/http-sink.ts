import type { DecisionLogSink } from './event.js'
import { gzip } from './gzip.js'
import { UploadQueue, type UploadStats } from './upload-queue.js'

/** Options of {@link httpSink}. */
export interface HttpSinkOptions {
  /** Where batches are POSTed, as a JSON array of events. */
  url: string
  /** Extra request headers (e.g. authorization). */
  headers?: Record<string, string>
  /** Events per request (default 100). */
  batchSize?: number
  /** Send a partial batch after this long (default 1000 ms). */
  flushIntervalMs?: number
  /** Events held at most; beyond it the oldest are dropped and counted, never blocking (default 10,000). */
  maxQueue?: number
  /** Attempts per upload round, the first included (default 4); a round that fails them all is retried later. */
  maxAttempts?: number
  /** First retry delay, doubled per attempt (default 200 ms). */
  retryDelayMs?: number
  /** Ceiling of the retry delay and of the server's `Retry-After` (default 30,000 ms). */
  maxRetryDelayMs?: number
  /** Gzip the body (`Content-Encoding: gzip`) (default true). */
  gzip?: boolean
  /** Defaults to the global fetch. */
  fetch?: typeof fetch
}

/** A batching HTTP sink with its counters, for monitoring. */
export interface HttpSink extends DecisionLogSink {
  readonly stats: Readonly<UploadStats>
}

/** The {@link UploadQueue} settings shared by the HTTP sinks, from their options. */
export function queueSettings(options: HttpSinkOptions) {
  return {
    url: options.url,
    headers: options.headers,
    maxEvents: options.maxQueue ?? 10_000,
    batchSize: options.batchSize ?? 100,
    flushIntervalMs: options.flushIntervalMs ?? 1000,
    maxAttempts: options.maxAttempts ?? 4,
    retryDelayMs: options.retryDelayMs ?? 200,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000,
    fetch: options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a)),
  }
}

/** A sink over an upload queue: events are serialised when written, so later changes to the caller's input cannot leak into the log. */
export function queueSink(
  queue: UploadQueue,
  serialise: (event: Parameters<DecisionLogSink['write']>[0]) => string,
): HttpSink {
  return {
    stats: queue.stats,
    write(event) {
      let json: string
      try {
        json = serialise(event)
      } catch {
        queue.stats.dropped++
        return
      }
      queue.push(json)
    },
    flush: () => queue.flush(),
    close: () => queue.close(),
  }
}

/**
 * Batches Cordon's events as JSON arrays and POSTs them: a bounded buffer
 * that drops the oldest (counted), retries with exponential backoff and
 * `Retry-After`, failed rounds put back for the next, never blocking a
 * decision. For OPA's format and `/logs` API use {@link opaLogSink}.
 */
export function httpSink(options: HttpSinkOptions): HttpSink {
  const useGzip = options.gzip ?? true
  const queue = new UploadQueue({
    ...queueSettings(options),
    async encode(events) {
      const json = `[${events.join(',')}]`
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (!useGzip) return { body: json, headers, count: events.length }
      headers['content-encoding'] = 'gzip'
      return { body: await gzip(json), headers, count: events.length }
    },
  })
  return queueSink(queue, (event) => JSON.stringify(event))
}
