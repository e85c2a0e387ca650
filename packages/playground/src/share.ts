/**
 * The whole state in the URL fragment: JSON, deflate-raw compressed with the
 * browser's CompressionStream, base64url. The fragment never reaches a
 * server. A fragment that does not decode is refused (the starter state is
 * shown), never half-loaded.
 */
import { readStream } from '@cordon/engine/lean'
import type { PlaygroundState } from './state.js'

const PREFIX = '#s='
/** Bounds what a link can make this page inflate (a hostile link is a deflate bomb). */
const MAX_STATE_BYTES = 4 * 1024 * 1024

export async function encodeState(state: PlaygroundState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(state))
  const packed = await pipe(json, new CompressionStream('deflate-raw'), Infinity)
  let bin = ''
  for (const b of packed) bin += String.fromCharCode(b)
  return PREFIX + btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export async function decodeState(hash: string): Promise<PlaygroundState | undefined> {
  if (!hash.startsWith(PREFIX)) return undefined
  const b64 = hash.slice(PREFIX.length).replace(/-/g, '+').replace(/_/g, '/')
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
  const json = await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_STATE_BYTES)
  return asState(JSON.parse(new TextDecoder().decode(json)) as unknown)
}

/** Checks the decoded value's shape field by field: a link is input from anyone. */
function asState(v: unknown): PlaygroundState {
  const o = v as Partial<PlaygroundState>
  const str = (x: unknown, what: string) => {
    if (typeof x !== 'string') throw new Error(`shared state: ${what} is not text`)
    return x
  }
  if (!Array.isArray(o?.modules) || o.modules.length === 0) throw new Error('shared state: no modules')
  return {
    modules: o.modules.map((m, i) => ({
      name: str(m?.name, `module ${i + 1}'s name`),
      text: str(m?.text, `module ${i + 1}`),
    })),
    input: str(o.input, 'input'),
    data: str(o.data, 'data'),
    table: str(o.table, 'table'),
    entrypoint: str(o.entrypoint ?? '', 'entrypoint'),
  }
}

/** Through a (de)compression stream, read within `max` bytes by the engine's bounded reader. */
function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream, max: number): Promise<Uint8Array> {
  const out = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(transform)
  return readStream(out, max, `shared state: more than ${max} bytes`)
}
