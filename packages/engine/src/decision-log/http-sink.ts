import type { DecisionLogSink } from './event.js'

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
  /** Events held at most; beyond it new events are dropped, never blocking (default 10,000). */
  maxQueue?: number
  /** Attempts per batch, the first included (default 4). */
  maxAttempts?: number
  /** First retry delay, doubled per attempt (default 200 ms). */
  retryDelayMs?: number
  /** Gzip the body (`Content-Encoding: gzip`) when the runtime has CompressionStream (default true). */
  gzip?: boolean
  /** Defaults to the global fetch. */
  fetch?: typeof fetch
}

/** A batching HTTP sink with its counters, for monitoring. */
export interface HttpSink extends DecisionLogSink {
  readonly stats: { sent: number; dropped: number; failed: number; queued: number }
}

/**
 * Batches events and POSTs them with retry and exponential backoff. The queue
 * is bounded: when it is full, new events are dropped (and counted) so that
 * decisions never wait for the log. A batch that fails every attempt is
 * dropped and counted as failed.
 */
export function httpSink(options: HttpSinkOptions): HttpSink {
  const batchSize = options.batchSize ?? 100
  const maxQueue = options.maxQueue ?? 10_000
  const interval = options.flushIntervalMs ?? 1000
  const maxAttempts = options.maxAttempts ?? 4
  const retryDelay = options.retryDelayMs ?? 200
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a))
  const useGzip = (options.gzip ?? true) && typeof CompressionStream !== 'undefined'
  // Events are serialised when written, so later changes to the caller's input cannot leak into the log.
  const queue: string[] = []
  const stats = { sent: 0, dropped: 0, failed: 0, queued: 0 }
  let timer: ReturnType<typeof setTimeout> | undefined
  let sending: Promise<void> | undefined
  let closed = false

  const schedule = () => {
    if (timer !== undefined || closed) return
    timer = setTimeout(() => {
      timer = undefined
      void drain()
    }, interval)
    ;(timer as { unref?: () => void }).unref?.()
  }

  async function post(batch: string[]): Promise<void> {
    let body: BodyInit = `[${batch.join(',')}]`
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers }
    if (useGzip) {
      body = await new Response(new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer()
      headers['content-encoding'] = 'gzip'
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await doFetch(options.url, { method: 'POST', headers, body })
        await res.arrayBuffer().catch(() => undefined)
        if (res.ok) {
          stats.sent += batch.length
          return
        }
        if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new Permanent(`HTTP ${res.status}`)
      } catch (err) {
        if (err instanceof Permanent) break
      }
      if (attempt >= maxAttempts) break
      await new Promise((r) => setTimeout(r, retryDelay * 2 ** (attempt - 1)))
    }
    stats.failed += batch.length
  }

  async function drain(): Promise<void> {
    if (sending) return sending
    sending = (async () => {
      while (queue.length > 0) {
        const batch = queue.splice(0, batchSize)
        stats.queued = queue.length
        await post(batch)
      }
    })().finally(() => {
      sending = undefined
    })
    return sending
  }

  return {
    stats,
    write(event) {
      if (closed || queue.length >= maxQueue) {
        stats.dropped++
        return
      }
      try {
        queue.push(JSON.stringify(event))
      } catch {
        stats.dropped++
        return
      }
      stats.queued = queue.length
      if (queue.length >= batchSize) void drain()
      else schedule()
    },
    async flush() {
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      await drain()
      // events written while the last batch was in flight
      if (queue.length > 0) await drain()
    },
    async close() {
      await this.flush!()
      closed = true
    },
  }
}

class Permanent extends Error {}
