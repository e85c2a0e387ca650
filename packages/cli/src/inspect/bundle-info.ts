/**
 * What `cordon inspect` reports of a bundle, in the shape of OPA's
 * `opa inspect --format json` (manifest, signatures_config, wasm_modules,
 * namespaces, annotations) plus Cordon's own fields: entrypoints, the
 * signature's status, the module's capabilities and Wasm imports.
 */
import { builtinDecls, type BuiltinDecl } from '@cordon/builtins'
import type { BundleVerification } from '@cordon/engine'
import { buildWasm } from '@cordon/wasm'
import { annotatedEntrypoints, parseModule, staticSegments, type Diagnostic, type Module } from '@cordon/rego'
import { byPathThenPlace, manifestAnnotations, sourceAnnotations, type AnnotationRef } from './annotation-refs.js'
import { signatureStatus, type SignatureStatus } from './signature-status.js'
import { isolatedModuleRequirements } from './isolated-requirements.js'
import { noCustomBuiltins, type CustomBuiltins } from '../fs/load-builtins.js'
import { manifestVersions, versionFor, type ManifestVersions } from '../fs/manifest-rego-versions.js'
import { SIGNATURES_FILE, type BundleOnDisk } from '../signing/bundle-path.js'

export interface BundleInfo {
  manifest: Record<string, unknown>
  signatures_config: { signatures?: unknown[] }
  wasm_modules?: { url: string; path: string; entrypoints: string[] }[]
  namespaces: Record<string, string[]>
  annotations: AnnotationRef[]
  entrypoints: string[]
  signature: SignatureStatus
  /**
   * The host builtins the bundle's first Wasm module calls, in OPA's
   * capabilities format, with its ABI version. For a bundle of Rego sources
   * with entrypoints, of the module `cordon build` makes of it.
   */
  capabilities?: {
    builtins: (BuiltinDecl | { name: string })[]
    wasm_abi_versions: { version: number; minor_version: number }[]
  }
  /** Where the capabilities come from: the module's path, or `rego` (built from the sources). */
  capabilities_from?: string
  /** Host builtins neither Cordon nor --builtins provides: the host running the module must. */
  unprovided_builtins?: string[]
  wasm_imports?: string[]
}

const decoder = new TextDecoder()
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export interface InspectOptions {
  /** Verify the signature with these keys. */
  verification?: BundleVerification
  /** How long the module may take to load (default 20 s). */
  moduleTimeoutSeconds?: number
  /** Custom builtins (--builtins): the sources may call them, and the host that loads them provides them. */
  custom?: CustomBuiltins
}

interface Inspected {
  info: BundleInfo
  /** Rego that does not parse, or (with entrypoints) compile: the info is incomplete. */
  diagnostics: Diagnostic[]
  sources: Map<string, string>
}

const dataPath = (slashPath: string): string => ['data', ...slashPath.split('/').filter(Boolean)].join('.')

/** Throws an Error naming the file for a .manifest that is not a JSON object, or a module that cannot be loaded. */
export async function inspectBundle(
  bundle: BundleOnDisk,
  { verification, moduleTimeoutSeconds = 20, custom = noCustomBuiltins }: InspectOptions = {},
): Promise<Inspected> {
  const manifest = readManifest(bundle.files.get('.manifest'))
  const versions = manifestVersions(manifest, '.manifest')
  const { sources, modules, diagnostics } = parseSources(bundle.files, versions)
  const wasmEntries = (Array.isArray(manifest.wasm) ? manifest.wasm : []).filter(isObject)
  const info: BundleInfo = {
    manifest,
    signatures_config: readSignaturesConfig(bundle.files.get(SIGNATURES_FILE)),
    namespaces: namespacesOf(bundle.files, modules, wasmEntries),
    annotations: [...sourceAnnotations(modules), ...manifestAnnotations(wasmEntries)].sort(byPathThenPlace),
    entrypoints: [
      ...new Set([...wasmEntries.map((w) => String(w.entrypoint)), ...annotatedEntrypoints(modules)]),
    ].sort(),
    signature: await signatureStatus(bundle, verification),
  }
  const modulePaths = [...new Set(wasmEntries.map((w) => String(w.module)))]
  if (modulePaths.length === 0 && bundle.files.has('policy.wasm')) modulePaths.push('/policy.wasm')
  if (modulePaths.length > 0) {
    info.wasm_modules = modulePaths.map((p) => ({
      url: p,
      path: p,
      entrypoints: wasmEntries.filter((w) => w.module === p).map((w) => dataPath(String(w.entrypoint))),
    }))
  }
  // The bundle's first module; else, for Rego with entrypoints, the one `cordon build` makes of it.
  let module = modulePaths
    .map((p) => ({ from: p, wasm: bundle.files.get(p.replace(/^\/+/, '')) }))
    .find((m) => m.wasm !== undefined)
  if (!module && modules.length > 0 && diagnostics.length === 0 && info.entrypoints.length > 0) {
    const built = buildWasm(
      [...sources].map(([file, text]) => ({ file, text, regoVersion: versionFor(versions, file) })),
      { entrypoints: info.entrypoints, builtins: custom.decls() },
    )
    if (!built.wasm) return { info, diagnostics: built.diagnostics, sources }
    module = { from: 'rego', wasm: built.wasm }
  }
  if (module?.wasm) {
    const needs = await isolatedModuleRequirements(module.wasm, moduleTimeoutSeconds)
    const decls = custom.decls(builtinDecls) ?? builtinDecls
    info.capabilities = {
      builtins: needs.hostBuiltins.map((name) => decls.get(name) ?? { name }),
      wasm_abi_versions: [needs.abiVersion],
    }
    info.capabilities_from = module.from
    info.unprovided_builtins = needs.unprovided.filter((name) => !custom.impls.has(name))
    info.wasm_imports = needs.imports
  }
  return { info, diagnostics, sources }
}

/** Every .rego file parsed, by its path in the bundle (`/app.rego`), in the Rego version the manifest gives it (default v1). */
function parseSources(
  files: ReadonlyMap<string, Uint8Array>,
  versions: ManifestVersions,
): { sources: Map<string, string>; modules: Module[]; diagnostics: Diagnostic[] } {
  const sources = new Map<string, string>()
  const modules: Module[] = []
  const diagnostics: Diagnostic[] = []
  for (const [name, data] of files) {
    if (!name.endsWith('.rego')) continue
    const file = `/${name}`
    const text = decoder.decode(data)
    sources.set(file, text)
    const parsed = parseModule(text, { file, regoVersion: versionFor(versions, file) ?? 'v1' })
    diagnostics.push(...parsed.diagnostics)
    if (parsed.module) modules.push(parsed.module)
  }
  return { sources, modules, diagnostics }
}

/** As OPA lists them: each module's package, each data file's folder, each Wasm entrypoint, with the files giving it. */
function namespacesOf(
  files: ReadonlyMap<string, Uint8Array>,
  modules: readonly Module[],
  wasm: readonly Record<string, unknown>[],
): Record<string, string[]> {
  const namespaces: Record<string, string[]> = {}
  const add = (ns: string, file: string) => (namespaces[ns] ??= []).push(file)
  for (const m of modules) add(staticSegments(m.package.path).join('.'), m.file)
  for (const name of files.keys())
    if (/(^|\/)data\.(json|ya?ml)$/.test(name)) add(dataPath(name.split('/').slice(0, -1).join('/')), `/${name}`)
  for (const w of wasm) add(dataPath(String(w.entrypoint)), String(w.module))
  return Object.fromEntries(Object.entries(namespaces).sort(([a], [b]) => (a < b ? -1 : 1)))
}

function readManifest(bytes: Uint8Array | undefined): Record<string, unknown> {
  // Without a .manifest, OPA reports its defaults.
  if (!bytes) return { revision: '', roots: [''] }
  let value: unknown
  try {
    value = JSON.parse(decoder.decode(bytes))
  } catch (err) {
    throw new Error(`.manifest: not valid JSON: ${(err as Error).message}`, { cause: err })
  }
  if (!isObject(value)) throw new Error('.manifest: must hold a JSON object')
  return { revision: '', roots: [''], ...value }
}

function readSignaturesConfig(bytes: Uint8Array | undefined): BundleInfo['signatures_config'] {
  if (!bytes) return {}
  try {
    const v = JSON.parse(decoder.decode(bytes)) as unknown
    return isObject(v) && Array.isArray(v.signatures) ? { signatures: v.signatures } : {}
  } catch {
    return {}
  }
}
