import { isDataFile, parseDataFile, type YamlFileReader } from './data-files.js'
import { gunzip, type Gunzip } from './gunzip.js'
import { TooLargeError } from './read-stream.js'
import { checkManifest } from './manifest.js'
import { parseJsonFile } from './json-file.js'
import { readTar, type TarFile } from './read-tar.js'
import { ownValue, setOwn } from '../own-property.js'

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

/** Size limits of a bundle, in bytes. */
export interface BundleLimits {
  /** The bundle as given (compressed, or a plain tar). Default {@link DEFAULT_MAX_BUNDLE_BYTES}. */
  maxBytes?: number
  /** The tar inside a `.tar.gz`: gunzipping stops past it. Default {@link DEFAULT_MAX_UNCOMPRESSED_BYTES}. */
  maxUncompressedBytes?: number
}

/** 32 MiB: the largest bundle accepted by default, as given and as fetched by the poller. */
export const DEFAULT_MAX_BUNDLE_BYTES = 32 * 1024 * 1024
/** 128 MiB: the largest tar a `.tar.gz` may inflate to by default (a gzip bomb stops here). */
export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 128 * 1024 * 1024

/**
 * `readBundle` with the gzip decoder (or of the files already read by
 * {@link readBundleFilesWith}) and the YAML reader given: each entry
 * (read-bundle-entry.ts) passes its own, and tests take the path of runtimes
 * without DecompressionStream. Without `readYaml`, a data.yaml is an error.
 */
export async function readBundleWith(
  bytes: Uint8Array | ReadonlyMap<string, Uint8Array>,
  decompress: Gunzip,
  limits: BundleLimits = {},
  readYaml?: YamlFileReader,
): Promise<Bundle> {
  const files = bytes instanceof Uint8Array ? await readBundleFilesWith(bytes, decompress, limits) : bytes
  if (files.has('patch.json'))
    throw new Error(
      'bundle: patch.json makes this a delta bundle, which patches the data of a live policy (engine.load applies it) and holds no policy',
    )
  const manifestBytes = files.get('.manifest')
  const data: Record<string, unknown> = {}
  for (const [name, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!isDataFile(name)) continue
    const folder = name.split('/').slice(0, -1)
    const value = await parseDataFile(name, content, readYaml)
    try {
      mergeData(data, folder, value, name)
    } catch (err) {
      throw new Error(`bundle: ${(err as Error).message}`, { cause: err })
    }
  }
  const manifest = checkManifest(manifestBytes ? parseJsonFile('.manifest', manifestBytes) : {}, data, files)
  const modulePath = (manifest.wasm?.[0]?.module ?? '/policy.wasm').replace(/^\/+/, '')
  const wasm = files.get(modulePath)
  if (!wasm) throw new Error(`bundle: no ${modulePath} in the bundle`)
  return { wasm, data, manifest, files }
}

/**
 * A bundle's files by path (leading `/` removed), gunzipped within the size
 * limits, without checking what they hold: for tools that look at bundles of
 * Rego sources too (`cordon inspect`, `cordon sign`).
 */
export function readBundleFiles(bytes: Uint8Array, limits?: BundleLimits): Promise<Map<string, Uint8Array>> {
  return readBundleFilesWith(bytes, gunzip, limits)
}

/** The bundle's files by path, gunzipped with `decompress` within the limits. */
export async function readBundleFilesWith(
  bytes: Uint8Array,
  decompress: Gunzip,
  limits: BundleLimits = {},
): Promise<Map<string, Uint8Array>> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BUNDLE_BYTES
  const maxUncompressed = limits.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES
  if (bytes.length > maxBytes)
    throw new TooLargeError(`bundle: ${bytes.length} bytes, more than the limit of ${maxBytes} (limits.maxBundleBytes)`)
  const gzipped = isGzip(bytes)
  if (!gzipped && bytes.length > maxUncompressed)
    throw new TooLargeError(
      `bundle: ${bytes.length} bytes uncompressed, more than the limit of ${maxUncompressed} (limits.maxUncompressedBundleBytes)`,
    )
  const tar = gzipped ? await decompressBundle(bytes, decompress, maxUncompressed) : bytes
  return new Map(readTar(tar).map((f: TarFile) => [f.name.replace(/^\/+/, ''), f.data]))
}

function isGzip(b: Uint8Array): boolean {
  return b.length > 2 && b[0] === 0x1f && b[1] === 0x8b
}

async function decompressBundle(bytes: Uint8Array, decompress: Gunzip, maxBytes: number): Promise<Uint8Array> {
  try {
    return await decompress(bytes, maxBytes)
  } catch (err) {
    if (err instanceof TooLargeError)
      throw new TooLargeError(`bundle: gunzip stopped at ${err.message} (limits.maxUncompressedBundleBytes)`)
    throw new Error(`bundle: not a valid gzip stream: ${(err as Error).message}`, { cause: err })
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Deep-merges the object `value` into `target` under `path`, as OPA merges
 * data files. Two values for one leaf are an Error naming `source` and the path.
 */
export function mergeData(
  target: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
  source: string,
): void {
  if (!isObject(value)) throw new Error(`${source}: data files must hold an object`)
  let node = target
  for (const [i, key] of path.entries()) {
    if (ownValue(node, key) === undefined) setOwn(node, key, {})
    const next = node[key]
    if (!isObject(next)) throw new Error(`${source}: conflicts with data at ${path.slice(0, i + 1).join('/')}`)
    node = next
  }
  mergeObjects(node, value, source, [...path])
}

// A key or folder named `__proto__` (or any name Object.prototype has) is plain data, an own
// property as JSON.parse makes it: read and written as such, never reaching the prototype.
function mergeObjects(
  into: Record<string, unknown>,
  from: Record<string, unknown>,
  source: string,
  at: string[],
): void {
  for (const [k, v] of Object.entries(from)) {
    const existing = ownValue(into, k)
    if (existing === undefined) setOwn(into, k, v)
    else if (isObject(existing) && isObject(v)) mergeObjects(existing, v, source, [...at, k])
    else throw new Error(`${source}: conflicts with data at ${[...at, k].join('/')}`)
  }
}
