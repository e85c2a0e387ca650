import { readStream } from './read-stream.js'

/**
 * Decompresses a gzip stream, stopping as soon as more than `maxBytes` come
 * out; rejects with an Error saying what is wrong with the stream (a
 * TooLargeError past the limit).
 */
export type Gunzip = (bytes: Uint8Array, maxBytes?: number) => Promise<Uint8Array>

/**
 * The runtime's DecompressionStream where there is one (native code), else
 * fflate, loaded only then (it would add to every cold start).
 */
export const gunzip: Gunzip = async (bytes, maxBytes) =>
  typeof DecompressionStream === 'function'
    ? gunzipWithStream(bytes, maxBytes)
    : (await import('./gunzip-fflate.js')).gunzipWithFflate(bytes, maxBytes)

/** Compressed bytes handed to the decoder at a time: with backpressure, at most a few slices' output is pending when the limit stops it. */
const SLICE = 16 * 1024

/**
 * Through the stream's own reader and writer: `new Response(blob.stream()…)`
 * would do the same in one line, but in Node it loads the fetch
 * implementation first, which cost a cold start 20 ms. The input is fed in
 * slices as the output is read, so a gzip bomb is stopped at the limit, not
 * inflated whole first.
 */
export async function gunzipWithStream(bytes: Uint8Array, maxBytes = Infinity): Promise<Uint8Array> {
  const stream = new DecompressionStream('gzip')
  const writer = stream.writable.getWriter()
  const feed = async () => {
    for (let at = 0; at < bytes.length; at += SLICE) {
      await writer.ready
      // Errors surface on the reading side; these promises only must not go unhandled.
      writer.write(bytes.subarray(at, at + SLICE) as Uint8Array<ArrayBuffer>).catch(() => {})
    }
    await writer.close()
  }
  feed().catch(() => {})
  return readStream(stream.readable, maxBytes, `more than ${maxBytes} bytes uncompressed`)
}
