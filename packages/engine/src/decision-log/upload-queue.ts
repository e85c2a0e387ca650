/**
 * The buffer and upload loop behind the HTTP sinks: a bounded queue of
 * serialised events that drops the oldest when full (counted), one upload in
 * flight at a time, retries with exponential backoff that honour
 * `Retry-After`, and batches that failed every attempt put back at the front
 * for the next round, as OPA's decision-log plugin does. Nothing here ever
 * waits inside `push`, so a slow or dead collector never slows a decision.
 */

/** Counters of an upload queue, for monitoring. */
export interface UploadStats {
  /** Events the collector accepted. */
  sent: number
  /** Events dropped: the oldest, when the buffer was full; or one too large for an upload. */
  dropped: number
  /** Events given up: refused by the collector (4xx), or still undelivered at `close`. */
  failed: number
  /** Events waiting. */
  queued: number
  /** Upload attempts that failed (network error, 5xx, 408, 429). */
  retries: number
}

/** A request body made of the first `count` queued events (fewer than offered when a size limit says so). */
export interface EncodedBatch {
  body: Uint8Array<ArrayBuffer> | string
  headers: Record<string, string>
  count: number
}

/** Options of {@link UploadQueue}. */
export interface UploadQueueOptions {
  url: string
  headers?: Record<string, string>
  /** Events held at most; when full the oldest is dropped (default 10,000). */
  maxEvents: number
  /** Upload once this many events wait (default 100). */
  batchSize: number
  /** Upload a partial batch after this long (default 1000 ms). */
  flushIntervalMs: number
  /** Attempts per round, the first included (default 4). */
  maxAttempts: number
  /** First retry delay, doubled per attempt (default 200 ms). */
  retryDelayMs: number
  /** Ceiling of the retry delay and of a server's `Retry-After` (default 30 s). */
  maxRetryDelayMs: number
  fetch: typeof fetch
  /** Makes a body of the front of `events` (at most `batchSize` of them); `count` 0 drops the first as too large. */
  encode(events: readonly string[]): Promise<EncodedBatch>
}

class Permanent extends Error {}

export class UploadQueue {
  readonly stats: UploadStats = { sent: 0, dropped: 0, failed: 0, queued: 0, retries: 0 }
  private items: string[] = []
  private head = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private sending: Promise<void> | undefined
  private closed = false
  /** Set after a round that failed: no upload before it (back-pressure on a failing collector). */
  private pausedUntil = 0
  /** Rounds failed in a row, for the backoff between rounds. */
  private failedRounds = 0

  constructor(private readonly o: UploadQueueOptions) {}

  private get length(): number {
    return this.items.length - this.head
  }

  /** Adds one serialised event; never waits. */
  push(json: string): void {
    if (this.closed) {
      this.stats.dropped++
      return
    }
    if (this.length >= this.o.maxEvents) {
      this.head++
      this.stats.dropped++
    }
    this.items.push(json)
    this.compact()
    this.stats.queued = this.length
    if (this.length >= this.o.batchSize && Date.now() >= this.pausedUntil) void this.drain()
    else this.schedule(this.o.flushIntervalMs)
  }

  /** Uploads what is queued now (one round; a failing collector leaves the events queued). */
  async flush(): Promise<void> {
    this.cancelTimer()
    this.pausedUntil = 0
    await this.drain()
    // events pushed while the last batch was in flight
    if (this.length > 0 && this.pausedUntil === 0) await this.drain()
  }

  /** Flushes, stops the timer and counts what is left undelivered as failed. */
  async close(): Promise<void> {
    await this.flush()
    this.closed = true
    this.cancelTimer()
    this.stats.failed += this.length
    this.items = []
    this.head = 0
    this.stats.queued = 0
  }

  private compact(): void {
    // Drop consumed slots now and then, so dropping the oldest stays O(1) without the array growing.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined || this.closed) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.drain()
    }, delayMs)
    ;(this.timer as { unref?: () => void }).unref?.()
  }

  private drain(): Promise<void> {
    this.sending ??= this.round().finally(() => {
      this.sending = undefined
    })
    return this.sending
  }

  private async round(): Promise<void> {
    while (this.length > 0) {
      // Taken out while encoded and in flight: the buffer may drop older events meanwhile, never these.
      const offered = this.items.slice(this.head, this.head + this.o.batchSize)
      this.items = this.items.slice(this.head + offered.length)
      this.head = 0
      this.stats.queued = this.length
      let batch: EncodedBatch
      try {
        batch = await this.o.encode(offered)
      } catch {
        batch = { body: '', headers: {}, count: 0 }
      }
      if (batch.count === 0) {
        this.stats.dropped++
        this.putBack(offered.slice(1))
        continue
      }
      this.putBack(offered.slice(batch.count))
      const taken = offered.slice(0, batch.count)
      const outcome = await this.post(batch)
      if (outcome === 'sent') {
        this.stats.sent += batch.count
        this.failedRounds = 0
      } else if (outcome === 'refused') this.stats.failed += batch.count
      else {
        this.requeue(taken)
        return
      }
    }
  }

  /** Puts events taken out back at the front; what no longer fits is the oldest, dropped. */
  private putBack(events: string[]): void {
    if (events.length === 0) return
    const room = Math.max(0, this.o.maxEvents - this.length)
    const kept = events.slice(Math.max(0, events.length - room))
    this.stats.dropped += events.length - kept.length
    this.items = [...kept, ...this.items.slice(this.head)]
    this.head = 0
    this.stats.queued = this.length
  }

  /** Puts a batch that failed every attempt back, and pauses uploads for a backoff that grows with each failed round. */
  private requeue(batch: string[]): void {
    this.putBack(batch)
    const delay = Math.min(
      this.o.maxRetryDelayMs,
      this.o.retryDelayMs * 2 ** (this.o.maxAttempts + this.failedRounds++),
    )
    this.pausedUntil = Date.now() + delay
    this.schedule(delay)
  }

  private async post(batch: EncodedBatch): Promise<'sent' | 'refused' | 'retry'> {
    const headers = { ...batch.headers, ...this.o.headers }
    for (let attempt = 1; ; attempt++) {
      let wait = this.o.retryDelayMs * 2 ** (attempt - 1)
      try {
        const res = await this.o.fetch(this.o.url, { method: 'POST', headers, body: batch.body })
        await res.arrayBuffer().catch(() => undefined)
        if (res.ok) return 'sent'
        if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429)
          throw new Permanent(`HTTP ${res.status}`)
        const after = Number(res.headers.get('retry-after'))
        if (Number.isFinite(after) && after > 0) wait = after * 1000
      } catch (err) {
        if (err instanceof Permanent) return 'refused'
      }
      this.stats.retries++
      if (attempt >= this.o.maxAttempts) return 'retry'
      await new Promise((r) => setTimeout(r, Math.min(wait, this.o.maxRetryDelayMs)))
    }
  }
}
