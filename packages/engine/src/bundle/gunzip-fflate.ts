/**
 * gzip without DecompressionStream (edge-runtime's sandbox has none): the
 * member's framing (RFC 1952) is checked here and its DEFLATE body inflated
 * by fflate's streaming `Inflate`, a slice at a time, so a gzip bomb stops
 * at the limit. fflate's own `gunzipSync` is not used on purpose: it sizes
 * its output buffer from the trailer's length field, which in a truncated
 * stream is arbitrary bytes (an allocation of up to 4 GiB), and it checks
 * neither that length nor the CRC, so a damaged stream could come out
 * silently wrong. Both trailer fields are compared with what came out.
 */
import { Inflate } from 'fflate'
import { crc32 } from './crc32.js'
import { concatBytes, TooLargeError } from './read-stream.js'

const TRAILER = 8
const FHCRC = 2
const FEXTRA = 4
const FNAME = 8
const FCOMMENT = 16
/** Compressed bytes inflated at a time, so that a bomb is stopped close to the limit. */
const SLICE = 4 * 1024

/** Inflates one gzip member, stopping past `maxBytes`; throws an Error saying what is wrong with the stream. */
export async function gunzipWithFflate(bytes: Uint8Array, maxBytes = Infinity): Promise<Uint8Array> {
  const body = bytes.subarray(deflateStart(bytes), bytes.length - TRAILER)
  const chunks: Uint8Array[] = []
  let length = 0
  let ended = false
  const inflate = new Inflate((chunk, final) => {
    length += chunk.length
    if (length > maxBytes) throw new TooLargeError(`more than ${maxBytes} bytes uncompressed`)
    chunks.push(chunk)
    if (final) ended = true
  })
  try {
    for (let at = 0; at < body.length || at === 0; at += SLICE)
      inflate.push(body.subarray(at, at + SLICE), at + SLICE >= body.length)
  } catch (err) {
    if (err instanceof TooLargeError) throw err
    throw new Error(`${(err as Error).message} (truncated or corrupt)`, { cause: err })
  }
  if (!ended) throw new Error('unexpected end of the DEFLATE stream (truncated or corrupt)')
  const out = concatBytes(chunks, length)
  const trailer = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - TRAILER, TRAILER)
  // ISIZE is the length modulo 2^32.
  if (trailer.getUint32(4, true) !== out.length % 2 ** 32) throw new Error('length mismatch (truncated or corrupt)')
  if (trailer.getUint32(0, true) !== crc32(out)) throw new Error('CRC mismatch (truncated or corrupt)')
  return out
}

/** Where the DEFLATE body starts, past the header's optional fields. */
function deflateStart(b: Uint8Array): number {
  if (b.length < 10 + TRAILER) throw new Error('too short for a gzip member (truncated)')
  if (b[0] !== 0x1f || b[1] !== 0x8b) throw new Error('no gzip magic number')
  if (b[2] !== 8) throw new Error(`compression method ${b[2]} is not DEFLATE`)
  const flags = b[3]!
  let at = 10
  if (flags & FEXTRA) at += 2 + (b[10]! | (b[11]! << 8))
  if (flags & FNAME) at = pastZero(b, at)
  if (flags & FCOMMENT) at = pastZero(b, at)
  if (flags & FHCRC) at += 2
  if (at > b.length - TRAILER) throw new Error('the header runs past the end (truncated)')
  return at
}

function pastZero(b: Uint8Array, from: number): number {
  const zero = b.indexOf(0, from)
  if (zero < 0) throw new Error('unterminated header field (truncated)')
  return zero + 1
}
