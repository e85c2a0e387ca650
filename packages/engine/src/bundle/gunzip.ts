import { gunzipWithFflate } from './gunzip-fflate.js'

/** Decompresses a gzip stream; rejects with an Error saying what is wrong with it. */
export type Gunzip = (bytes: Uint8Array) => Promise<Uint8Array>

/** The runtime's DecompressionStream where there is one (native code), else fflate. */
export const gunzip: Gunzip = (bytes) => (typeof DecompressionStream === 'function' ? gunzipWithStream(bytes) : gunzipWithFflate(bytes))

export async function gunzipWithStream(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}
