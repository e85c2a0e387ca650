
/** Decompresses a gzip stream; rejects with an Error saying what is wrong with it. */
export type Gunzip = (bytes: Uint8Array) => Promise<Uint8Array>

/**
 * The runtime's DecompressionStream where there is one (native code), else
 * fflate, loaded only then (it would add to every cold start).
 */
export const gunzip: Gunzip = async (bytes) =>
  typeof DecompressionStream === 'function' ? gunzipWithStream(bytes) : (await import('./gunzip-fflate.js')).gunzipWithFflate(bytes)

/**
 * Through the stream's own reader and writer: `new Response(blob.stream()…)`
 * would do the same in one line, but in Node it loads the fetch
 * implementation first, which cost a cold start 20 ms.
 */
export async function gunzipWithStream(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new DecompressionStream('gzip')
  const writer = stream.writable.getWriter()
  // Errors surface on the reading side; these promises only must not go unhandled.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {})
  writer.close().catch(() => {})
  const reader = stream.readable.getReader()
  const chunks: Uint8Array[] = []
  let length = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    length += value.length
  }
  const out = new Uint8Array(length)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}
