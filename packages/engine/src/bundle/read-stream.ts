/** Reading byte streams whole, within a limit (bundles, the poller's responses, the adapters' request bodies). */

/** More bytes than a limit allows (compressed, uncompressed, or from the network). */
export class TooLargeError extends Error {
  override name = 'TooLargeError'
}

/**
 * Every chunk of `stream` in one array; past `maxBytes` the stream is
 * cancelled (no more is read or inflated) and a TooLargeError with `message`
 * is thrown.
 */
export async function readStream(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
  message: string,
): Promise<Uint8Array> {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let length = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    length += value.length
    if (length > maxBytes) {
      // Not awaited: a network body's cancel may wait on the peer; nothing more is read either way.
      reader.cancel().catch(() => {})
      throw new TooLargeError(message)
    }
    chunks.push(value)
  }
  return concatBytes(chunks, length)
}

/** The chunks in one array of `length` bytes (default: their total). */
export function concatBytes(
  chunks: readonly Uint8Array[],
  length = chunks.reduce((n, c) => n + c.byteLength, 0),
): Uint8Array {
  const out = new Uint8Array(length)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}
