import { writeTar, type TarEntry } from './tar.js'

/** An entry of the manifest's `wasm` list, as OPA writes it. */
export interface ManifestWasmEntry {
  entrypoint: string
  module: string
  annotations?: unknown[]
}

/** The bundle's `/.manifest`, in OPA's format. */
export interface BundleManifest {
  revision: string
  roots: string[]
  wasm: ManifestWasmEntry[]
  rego_version?: number
  metadata?: Record<string, unknown>
}

export interface BundleContents {
  wasm: Uint8Array
  /** The data document (JSON-compatible). */
  data: unknown
  entrypoints: string[]
  /** Defaults to a digest of the module and data, so equal builds have equal revisions. */
  revision?: string
  roots?: string[]
  /** Annotations per entrypoint (its METADATA), kept in the manifest as OPA does. */
  annotations?: Record<string, unknown[]>
}

const encoder = new TextEncoder()

/**
 * Writes an OPA-format bundle (`bundle.tar.gz`): `/policy.wasm`, `/data.json`
 * and `/.manifest`, gzip-compressed with the Web-standard CompressionStream.
 */
export async function writeBundle(contents: BundleContents): Promise<Uint8Array> {
  const data = encoder.encode(JSON.stringify(contents.data ?? {}))
  const revision = contents.revision ?? (await digestRevision(contents.wasm, data))
  const manifest: BundleManifest = {
    revision,
    roots: contents.roots ?? [''],
    wasm: contents.entrypoints.map((entrypoint) => ({
      entrypoint,
      module: '/policy.wasm',
      ...(contents.annotations?.[entrypoint]?.length ? { annotations: contents.annotations[entrypoint] } : {}),
    })),
    rego_version: 1,
  }
  const entries: TarEntry[] = [
    { name: '/data.json', data },
    { name: '/policy.wasm', data: contents.wasm },
    { name: '/.manifest', data: encoder.encode(JSON.stringify(manifest)) },
  ]
  return packBundle(entries)
}

/** A bundle file (`.tar.gz`) holding `entries`, in order: for rewriting a bundle, e.g. to add `.signatures.json`. */
export function packBundle(entries: readonly TarEntry[]): Promise<Uint8Array> {
  return gzip(writeTar(entries))
}

async function digestRevision(wasm: Uint8Array, data: Uint8Array): Promise<string> {
  const joined = new Uint8Array(wasm.length + data.length)
  joined.set(wasm)
  joined.set(data, wasm.length)
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', joined))
  return [...digest.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}
