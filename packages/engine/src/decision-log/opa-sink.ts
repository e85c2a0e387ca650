import { randomId } from '../random-id.js'
import { gzip } from './gzip.js'
import { queueSettings, queueSink, type HttpSink, type HttpSinkOptions } from './http-sink.js'
import { compileOpaMask, toOpaEvent, type OpaMaskRule } from './opa-event.js'
import { UploadQueue } from './upload-queue.js'

/** Options of {@link opaLogSink}: those of `httpSink` (but `gzip`, always on as in OPA) and OPA's. */
export interface OpaLogSinkOptions extends Omit<HttpSinkOptions, 'gzip'> {
  /** The collector's `/logs` URL (OPA: the service URL + `/logs`, or the configured `resource`). */
  url: string
  /** Labels of this instance in every event; `id` defaults to a random id per sink, as OPA's instance id. */
  labels?: Record<string, string>
  /** The name of the bundle in each event's `bundles` (default `'cordon'`). */
  bundleName?: string
  /** OPA's mask rules: paths under `/input` or `/result` to erase, or `{ op: 'upsert', path, value }`. */
  mask?: readonly OpaMaskRule[]
  /** Largest gzip body of one upload, as OPA's `upload_size_limit_bytes` (default 32,768). */
  uploadSizeLimitBytes?: number
}

/**
 * Decision logs in OPA's format to an OPA-compatible `/logs` endpoint: each
 * upload a gzip-compressed JSON array of OPA events no larger than
 * `uploadSizeLimitBytes` (an event too large alone is dropped and counted).
 * Buffering, retries and back-pressure as `httpSink`.
 */
export function opaLogSink(options: OpaLogSinkOptions): HttpSink {
  const limit = options.uploadSizeLimitBytes ?? 32_768
  if (!(limit > 0)) throw new RangeError('opaLogSink: uploadSizeLimitBytes must be a positive number')
  const encoding = {
    labels: { id: randomId(), ...options.labels },
    bundleName: options.bundleName ?? 'cordon',
    mask: compileOpaMask(options.mask ?? []),
  }
  const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip' }
  const queue = new UploadQueue({
    ...queueSettings(options),
    async encode(events) {
      let n = events.length
      for (;;) {
        const body = await gzip(`[${events.slice(0, n).join(',')}]`)
        if (body.length <= limit) return { body, headers, count: n }
        if (n === 1) return { body: '', headers, count: 0 }
        // Shrink in proportion to the overshoot, by one at least.
        n = Math.max(1, Math.min(n - 1, Math.floor((n * limit) / body.length)))
      }
    },
  })
  return queueSink(queue, (event) => JSON.stringify(toOpaEvent(event, encoding)))
}
