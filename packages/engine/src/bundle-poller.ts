/**
 * Polls an HTTP(S) URL for a bundle the way OPA's bundle downloader does
 * (ETag / If-None-Match, OPA's `Prefer` header, long polling where the
 * server supports it, jittered delays, backoff on errors) and loads each new
 * one into an engine: snapshot bundles through verify-and-swap, delta bundles
 * as data patches (see `Engine.load`). Uses only `fetch` and WebCrypto.
 */
import { DEFAULT_MAX_BUNDLE_BYTES } from './bundle/read-bundle.js'
import { readStream, TooLargeError } from './bundle/read-stream.js'
import { authHeaders, type ServiceCredentials } from './bundle/credentials.js'
import { sha256Hex } from './bundle/hex.js'
import type { Engine, LoadOptions } from './engine.js'

/** The Content-Type by which a bundle server says it holds long-poll requests (OPA's bundle service API). */
export const LONG_POLLING_CONTENT_TYPE = 'application/vnd.openpolicyagent.bundles'

/** Options of {@link createBundlePoller}. */
export interface BundlePollerOptions {
  /** The engine that gets each new bundle (`engine.load`). */
  engine: Pick<Engine, 'load'>
  url: string
  /**
   * The largest response accepted, in bytes (default 32 MiB, the engine's
   * default `limits.maxBundleBytes`): the body is read as a stream and the
   * request aborted past it.
   */
  maxBytes?: number
  /** Passed to `engine.load`: e.g. `allowRollback` while rolling back on purpose. */
  loadOptions?: LoadOptions
  /** Time between polls when all is well (default 30 s); shorthand for `minDelayMs` = `maxDelayMs`. */
  intervalMs?: number
  /**
   * OPA's `polling.min_delay_seconds` / `max_delay_seconds`, in ms: each
   * delay between polls is drawn uniformly from [min, max], so a fleet
   * started together does not poll together. Default: both `intervalMs`.
   */
  minDelayMs?: number
  maxDelayMs?: number
  /**
   * OPA's `polling.long_polling_timeout_seconds`, in ms: each request asks
   * the server to hold it until the bundle changes or this long has passed
   * (`Prefer: modes=snapshot,delta;wait=<seconds>`). A server that answers
   * with Content-Type `application/vnd.openpolicyagent.bundles` is polled
   * again at once after each answer; any other server is polled on the
   * periodic delays instead.
   */
  longPollingTimeoutMs?: number
  /** After an error the delay starts at `initialMs` and grows by `factor` up to `maxMs` (defaults 1 s, 2, 5 min). */
  backoff?: { initialMs?: number; maxMs?: number; factor?: number }
  /** Bearer token or AWS SigV4 (S3) credentials, as OPA's `services[_].credentials`. */
  credentials?: ServiceCredentials
  /** More request headers (not signed). */
  headers?: Record<string, string>
  /** Per-request timeout, body included (default 30 s; a long poll gets its wait on top). */
  timeoutMs?: number
  /** Defaults to the global fetch. */
  fetch?: typeof fetch
  /** Called after each poll. */
  onPoll?: (result: PollResult) => void
  /** Defaults to Math.random (tests pin the jitter). */
  random?: () => number
}

/** The outcome of one poll. */
export type PollResult =
  | { status: 'updated'; revision?: string; etag?: string; delta?: boolean }
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
  /** The ETag of the bundle last loaded (sent as If-None-Match). */
  readonly etag: string | undefined
  /** Consecutive failed polls (0 after a success). */
  readonly failures: number
  /** Whether the server answered as a long-polling server last time (only with `longPollingTimeoutMs`). */
  readonly longPolling: boolean
}

/**
 * Starts polling at once. A bundle that cannot be loaded (corrupt, unsigned,
 * failing its smoke test, a delta that does not apply) counts as an error:
 * the live one stays and the next try backs off.
 *
 * @example
 * ```ts
 * const poller = createBundlePoller({ engine, url: 'https://cdn.example.com/bundle.tar.gz', minDelayMs: 10_000, maxDelayMs: 20_000 })
 * await poller.ready
 * ```
 */
export function createBundlePoller(options: BundlePollerOptions): BundlePoller {
  const minDelay = options.minDelayMs ?? options.intervalMs ?? 30_000
  const maxDelay = Math.max(minDelay, options.maxDelayMs ?? options.intervalMs ?? minDelay)
  const initial = options.backoff?.initialMs ?? 1000
  const max = options.backoff?.maxMs ?? 300_000
  const factor = options.backoff?.factor ?? 2
  const random = options.random ?? Math.random
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a))
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BUNDLE_BYTES
  const waitSeconds =
    options.longPollingTimeoutMs === undefined ? undefined : Math.max(1, Math.ceil(options.longPollingTimeoutMs / 1000))
  let etag: string | undefined
  /** SHA-256 of the bundle last loaded: a server without ETags sends the same bytes each poll, which are not loaded again. */
  let loadedDigest: string | undefined
  let failures = 0
  /** As OPA: on until a response says the server does not hold requests. */
  let longPolling = waitSeconds !== undefined
  /** The last long poll came back early without news: the next waits the periodic delay (a server cannot make us spin). */
  let earlyAnswer = false
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let controller: AbortController | undefined
  let inFlight: Promise<PollResult> | undefined

  async function once(): Promise<PollResult> {
    controller = new AbortController()
    const asksToWait = longPolling && waitSeconds !== undefined
    const timeout = setTimeout(
      () => controller?.abort(),
      (options.timeoutMs ?? 30_000) + (asksToWait ? waitSeconds * 1000 : 0),
    )
    const started = Date.now()
    try {
      const headers: Record<string, string> = {
        ...options.headers,
        ...(await authHeaders(options.url, options.credentials)),
      }
      headers.prefer = asksToWait ? `modes=snapshot,delta;wait=${waitSeconds}` : 'modes=snapshot,delta'
      if (etag) headers['if-none-match'] = etag
      const res = await doFetch(options.url, { headers, signal: controller.signal })
      if (res.status === 304) {
        await res.body?.cancel().catch(() => undefined)
        earlyAnswer = asksToWait && Date.now() - started < (waitSeconds * 1000) / 2
        failures = 0
        return { status: 'unchanged' }
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined)
        throw new Error(`HTTP ${res.status} from ${options.url}`)
      }
      if (waitSeconds !== undefined) longPolling = res.headers.get('content-type') === LONG_POLLING_CONTENT_TYPE
      earlyAnswer = false
      const bytes = await readBody(res, maxBytes, controller)
      const digest = await sha256Hex(bytes)
      const nextEtag = res.headers.get('etag') ?? undefined
      if (digest === loadedDigest) {
        etag = nextEtag
        failures = 0
        return { status: 'unchanged' }
      }
      const loaded = await options.engine.load(bytes, options.loadOptions).catch((err: unknown) => {
        // Say what came back: a sign-in page or an error document reads as a broken tar otherwise.
        throw new Error(
          `${errorText(err)} (the response: ${bytes.length} bytes, Content-Type ${res.headers.get('content-type') ?? 'none'})`,
        )
      })
      etag = nextEtag
      loadedDigest = digest
      failures = 0
      return { status: 'updated', revision: loaded.revision, etag, ...(loaded.delta ? { delta: true } : {}) }
    } catch (err) {
      failures++
      const retryInMs = Math.min(max, initial * factor ** (failures - 1))
      const message =
        controller.signal.aborted && !stopped && !(err instanceof TooLargeError)
          ? `timed out after ${Date.now() - started} ms: ${errorText(err)}`
          : errorText(err)
      return { status: 'error', error: message, retryInMs }
    } finally {
      clearTimeout(timeout)
    }
  }

  /** The delay after a good poll: none while the server holds requests, else drawn from [minDelay, maxDelay]. */
  function nextDelay(): number {
    if (longPolling && waitSeconds !== undefined && !earlyAnswer) return 0
    return minDelay + (maxDelay - minDelay) * random()
  }

  function poll(): Promise<PollResult> {
    inFlight ??= once().then((result) => {
      inFlight = undefined
      try {
        options.onPoll?.(result)
      } catch {
        // a failing listener never stops polling
      }
      schedule(result.status === 'error' ? result.retryInMs : nextDelay())
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
    get longPolling() {
      return longPolling && waitSeconds !== undefined
    },
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
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
