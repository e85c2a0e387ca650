import { readTar, type TarFile } from './read-tar.js'

/** The manifest's fields the engine uses (OPA's `.manifest`). */
export interface Manifest {
  revision?: string
  roots?: string[]
  wasm?: { entrypoint: string; module: string; annotations?: unknown[] }[]
  metadata?: Record<string, unknown>
  [field: string]: unknown
}

/** A bundle's contents: the policy module, the merged data document and the manifest. */
export interface Bundle {
  wasm: Uint8Array
  data: Record<string, unknown>
  manifest: Manifest
  /** Every file by its path (leading `/` removed), e.g. for `.signatures.json`. */
  files: ReadonlyMap<string, Uint8Array>
}

const decoder = new TextDecoder()

/**
 * Reads an OPA-format bundle (`bundle.tar.gz`, or an uncompressed tar):
 * `policy.wasm`, `.manifest`, and every `data.json` merged under its folder's
 * path, as OPA does. Throws an Error naming the file at fault.
 */
export async function readBundle(bytes: Uint8Array): Promise<Bundle> {
  const tar = isGzip(bytes) ? await gunzip(bytes) : bytes
  const files = new Map(readTar(tar).map((f: TarFile) => [f.name.replace(/^\/+/, ''), f.data]))
  const manifestBytes = files.get('.manifest')
  const manifest: Manifest = manifestBytes ? parseJson('.manifest', manifestBytes) : {}
  const modulePath = (manifest.wasm?.[0]?.module ?? '/policy.wasm').replace(/^\/+/, '')
  const wasm = files.get(modulePath)
  if (!wasm) throw new Error(`bundle: no ${modulePath} in the bundle`)
  const data: Record<string, unknown> = {}
  for (const [name, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (name !== 'data.json' && !name.endsWith('/data.json')) continue
    const folder = name.split('/').slice(0, -1)
    try {
      mergeData(data, folder, parseJson(name, content), name)
    } catch (err) {
      throw new Error(`bundle: ${(err as Error).message}`)
    }
  }
  return { wasm, data, manifest, files }
}

function isGzip(b: Uint8Array): boolean {
  return b.length > 2 && b[0] === 0x1f && b[1] === 0x8b
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (typeof DecompressionStream === 'undefined') {
    throw new Error('bundle: this runtime has no DecompressionStream; pass the bundle as an uncompressed tar')
  }
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'))
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer())
  } catch (err) {
    throw new Error(`bundle: not a valid gzip stream: ${(err as Error).message}`)
  }
}

function parseJson<T>(name: string, bytes: Uint8Array): T {
  try {
    return JSON.parse(decoder.decode(bytes)) as T
  } catch (err) {
    throw new Error(`bundle: ${name} is not valid JSON: ${(err as Error).message}`)
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Deep-merges the object `value` into `target` under `path`, as OPA merges
 * data files. Two values for one leaf are an Error naming `source` and the path.
 */
export function mergeData(target: Record<string, unknown>, path: readonly string[], value: unknown, source: string): void {
  if (!isObject(value)) throw new Error(`${source}: data files must hold an object`)
  let node = target
  for (const [i, key] of path.entries()) {
    node[key] ??= {}
    const next = node[key]
    if (!isObject(next)) throw new Error(`${source}: conflicts with data at ${path.slice(0, i + 1).join('/')}`)
    node = next
  }
  mergeObjects(node, value, source, [...path])
}

function mergeObjects(into: Record<string, unknown>, from: Record<string, unknown>, source: string, at: string[]): void {
  for (const [k, v] of Object.entries(from)) {
    const existing = into[k]
    if (existing === undefined) into[k] = v
    else if (isObject(existing) && isObject(v)) mergeObjects(existing, v, source, [...at, k])
    else throw new Error(`${source}: conflicts with data at ${[...at, k].join('/')}`)
  }
}
