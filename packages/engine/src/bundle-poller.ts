/**
 * Polls an HTTP(S) URL for a bundle with ETag / If-None-Match and loads each
 * new one into an engine; errors back off exponentially. Uses only `fetch`.
 */
import { DEFAULT_MAX_BUNDLE_BYTES } from './bundle/read-bundle.js'
import { readStream, TooLargeError } from './bundle/read-stream.js'
import type { Engine, LoadOptions } from './engine.js'

/** Options of {@link createBundlePoller}. */
export interface BundlePollerOptions {
  /** The engine that gets each new bundle (`engine.load`). */
  engine: Pick<Engine, 'load'>
  /**
   * The largest response accepted, in bytes (default 32 MiB, the engine's
   * default `limits.maxBundleBytes`): the body is read as a stream and the
   * request aborted past it.
   */
  maxBytes?: number
  /** Passed to `engine.load`: e.g. `allowRollback` while rolling back on purpose. */
  loadOptions?: LoadOptions
  url: string
  /** Time between polls when all is well (default 30 s). */
  intervalMs?: number
  /** After an error the delay starts at `initialMs` and grows by `factor` up to `maxMs` (defaults 1 s, 2, 5 min). */
  backoff?: { initialMs?: number; maxMs?: number; factor?: number }
  /** Request headers (e.g. authorization). */
  headers?: Record<string, string>
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number
  /** Defaults to the global fetch. */
  fetch?: typeof fetch
  /** Called after each poll. */
  onPoll?: (result: PollResult) => void
}

/** The outcome of one poll. */
export type PollResult =
  | { status: 'updated'; revision?: string; etag?: string }
  /** 304, or (without an ETag) the same bytes as the bundle last loaded. */
  | { status: 'unchanged' }
  | { status: 'error'; error: string; retryInMs: number }

/** A running poller: fetches the bundle on a schedule and loads each new one into the engine. */
export interface BundlePoller {
  /** Resolves after the first poll (whatever its outcome). */
  readonly ready: Promise<PollResult>
  /** Polls now (outside the schedule). */
  poll(): Promise<PollResult>
  /** Stops polling; an in-flight request is aborted. */
  stop(): void
  readonly etag: string | undefined
  /** Consecutive failed polls (0 after a success). */
  readonly failures: number
}

/**
 * Starts polling at once. A bundle that cannot be loaded (corrupt, unsigned,
 * failing its smoke test) counts as an error: the live one stays and the next
 * try backs off.
 *
 * @example
 * ```ts
 * const poller = createBundlePoller({ engine, url: 'https://cdn.example.com/bundle.tar.gz', intervalMs: 10_000 })
 * await poller.ready
 * ```
 */
export function createBundlePoller(options: BundlePollerOptions): BundlePoller {
  const interval = options.intervalMs ?? 30_000
  const initial = options.backoff?.initialMs ?? 1000
  const max = options.backoff?.maxMs ?? 300_000
  const factor = options.backoff?.factor ?? 2
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a))
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BUNDLE_BYTES
  let etag: string | undefined
  /** SHA-256 of the bundle last loaded: a server without ETags sends the same bytes each poll, which are not loaded again. */
  let loadedDigest: string | undefined
  let failures = 0
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let controller: AbortController | undefined
  let inFlight: Promise<PollResult> | undefined

  async function once(): Promise<PollResult> {
    controller = new AbortController()
    const timeout = setTimeout(() => controller?.abort(), options.timeoutMs ?? 30_000)
    try {
      const headers: Record<string, string> = { ...options.headers }
      if (etag) headers['if-none-match'] = etag
      const res = await doFetch(options.url, { headers, signal: controller.signal })
      if (res.status === 304) {
        await res.arrayBuffer().catch(() => undefined)
        failures = 0
        return { status: 'unchanged' }
      }
      if (!res.ok) {
        await res.arrayBuffer().catch(() => undefined)
        throw new Error(`HTTP ${res.status} from ${options.url}`)
      }
      const bytes = await readBody(res, maxBytes, controller)
      const digest = await sha256(bytes)
      const nextEtag = res.headers.get('etag') ?? undefined
      if (digest === loadedDigest) {
        etag = nextEtag
        failures = 0
        return { status: 'unchanged' }
      }
      const { revision } = await options.engine.load(bytes, options.loadOptions)
      etag = nextEtag
      loadedDigest = digest
      failures = 0
      return { status: 'updated', revision, etag }
    } catch (err) {
      failures++
      const retryInMs = Math.min(max, initial * factor ** (failures - 1))
      return { status: 'error', error: err instanceof Error ? err.message : String(err), retryInMs }
    } finally {
      clearTimeout(timeout)
    }
  }

  function poll(): Promise<PollResult> {
    inFlight ??= once().then((result) => {
      inFlight = undefined
      try {
        options.onPoll?.(result)
      } catch {
        // a failing listener never stops polling
      }
      schedule(result.status === 'error' ? result.retryInMs : interval)
      return result
    })
    return inFlight
  }

  function schedule(ms: number) {
    if (stopped) return
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = undefined
      void poll()
    }, ms)
    ;(timer as { unref?: () => void }).unref?.()
  }

  const ready = poll()
  return {
    ready,
    poll,
    stop() {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
      controller?.abort()
    },
    get etag() {
      return etag
    },
    get failures() {
      return failures
    },
  }
}

/** The response body, read as a stream and given up (the request aborted) past `maxBytes`. */
async function readBody(res: Response, maxBytes: number, controller: AbortController): Promise<Uint8Array> {
  const message = `the bundle is larger than the limit of ${maxBytes} bytes`
  try {
    if (Number(res.headers.get('content-length') ?? NaN) > maxBytes) throw new TooLargeError(message)
    return res.body ? await readStream(res.body, maxBytes, message) : new Uint8Array(await res.arrayBuffer())
  } catch (err) {
    if (err instanceof TooLargeError) controller.abort()
    throw err
  }
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
}
