/**
 * What `cordon inspect` reports of a bundle, in the shape of OPA's
 * `opa inspect --format json` (manifest, signatures_config, wasm_modules,
 * namespaces, annotations) plus Cordon's own fields: entrypoints, the
 * signature's status, the module's capabilities and Wasm imports.
 */
import { builtinDecls, type BuiltinDecl } from '@cordon/builtins'
import { BundleVerificationError, verifyBundleSignature, type BundleVerification } from '@cordon/engine'
import { buildWasm } from '@cordon/wasm'
import { annotatedEntrypoints, parseModule, staticSegments, type Annotation, type Diagnostic, type Module } from '@cordon/rego'
import { base64UrlJson } from './jws-parts.js'
import { isolatedModuleRequirements } from './isolated-requirements.js'
import { noCustomBuiltins, type CustomBuiltins } from '../fs/load-builtins.js'
import { filesAsSigned, SIGNATURES_FILE, type BundleOnDisk } from '../signing/bundle-path.js'

export interface SignatureStatus {
  status: 'absent' | 'present' | 'verified' | 'invalid'
  /** Why a signature is invalid: the engine's verifier's words. */
  reason?: string
  algorithm?: string
  key_id?: string
  /** Files the signature lists. */
  files?: number
}

/** OPA's AnnotationsRef as JSON: the annotated path as a ref, the annotation, where it is written. */
export interface AnnotationRef {
  path: { type: 'var' | 'string'; value: string }[]
  annotations: Record<string, unknown>
  location?: { file: string; row: number; col: number }
}

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
  capabilities?: { builtins: (BuiltinDecl | { name: string })[]; wasm_abi_versions: { version: number; minor_version: number }[] }
  /** Where the capabilities come from: the module's path, or `rego` (built from the sources). */
  capabilities_from?: string
  /** Host builtins neither Cordon nor --builtins provides: the host running the module must. */
  unprovided_builtins?: string[]
  wasm_imports?: string[]
}

const decoder = new TextDecoder()
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Throws an Error naming the file for JSON that does not parse; returns Rego parse errors as diagnostics. */
export interface InspectOptions {
  /** Verify the signature with these keys. */
  verification?: BundleVerification
  /** How long the module may take to load (default 20 s). */
  moduleTimeoutSeconds?: number
  /** Custom builtins (--builtins): the sources may call them, and the host that loads them provides them. */
  custom?: CustomBuiltins
}

export async function inspectBundle(bundle: BundleOnDisk, { verification, moduleTimeoutSeconds = 20, custom = noCustomBuiltins }: InspectOptions = {}): Promise<{ info: BundleInfo; diagnostics: Diagnostic[]; sources: Map<string, string> }> {
  const manifest = readManifest(bundle.files.get('.manifest'))
  const namespaces: Record<string, string[]> = {}
  const add = (ns: string, file: string) => (namespaces[ns] ??= []).push(file)
  const sources = new Map<string, string>()
  const modules: Module[] = []
  const diagnostics: Diagnostic[] = []
  // As OPA lists them: the modules' packages, then the data files' folders, then the Wasm entrypoints.
  for (const [name, data] of bundle.files) {
    if (!name.endsWith('.rego')) continue
    const shown = `/${name}`
    const text = decoder.decode(data)
    sources.set(shown, text)
    const parsed = parseModule(text, { file: shown })
    diagnostics.push(...parsed.diagnostics)
    if (!parsed.module) continue
    modules.push(parsed.module)
    add(staticSegments(parsed.module.package.path).join('.'), shown)
  }
  for (const name of bundle.files.keys()) if (/(^|\/)data\.(json|ya?ml)$/.test(name)) add(['data', ...name.split('/').slice(0, -1)].join('.'), `/${name}`)
  const wasmEntries = (Array.isArray(manifest.wasm) ? manifest.wasm : []).filter(isObject)
  for (const w of wasmEntries) add(['data', ...String(w.entrypoint).split('/').filter(Boolean)].join('.'), String(w.module))

  const annotations = [...sourceAnnotations(modules), ...manifestAnnotations(wasmEntries)].sort(byPathThenPlace)
  const entrypoints = [...new Set([...wasmEntries.map((w) => String(w.entrypoint)), ...annotatedEntrypoints(modules)])].sort()
  const info: BundleInfo = {
    manifest,
    signatures_config: readSignaturesConfig(bundle.files.get(SIGNATURES_FILE)),
    namespaces: Object.fromEntries(Object.entries(namespaces).sort(([a], [b]) => (a < b ? -1 : 1))),
    annotations,
    entrypoints,
    signature: await signatureStatus(bundle, verification),
  }
  const modulePaths = [...new Set(wasmEntries.map((w) => String(w.module)))]
  if (modulePaths.length === 0 && bundle.files.has('policy.wasm')) modulePaths.push('/policy.wasm')
  if (modulePaths.length > 0) {
    info.wasm_modules = modulePaths.map((p) => ({
      url: p,
      path: p,
      entrypoints: wasmEntries.filter((w) => w.module === p).map((w) => ['data', ...String(w.entrypoint).split('/').filter(Boolean)].join('.')),
    }))
  }
  const first = modulePaths.map((p) => ({ from: p, wasm: bundle.files.get(p.replace(/^\/+/, '')) })).find((m) => m.wasm !== undefined)
  let module = first && { from: first.from, wasm: first.wasm! }
  if (!module && modules.length > 0 && diagnostics.length === 0 && entrypoints.length > 0) {
    const built = buildWasm([...sources].map(([file, text]) => ({ file, text })), { entrypoints, builtins: custom.decls() })
    if (!built.wasm) return { info, diagnostics: built.diagnostics, sources }
    module = { from: 'rego', wasm: built.wasm }
  }
  if (module) {
    const needs = await isolatedModuleRequirements(module.wasm, moduleTimeoutSeconds)
    const decls = custom.decls(builtinDecls) ?? builtinDecls
    info.capabilities = { builtins: needs.hostBuiltins.map((name) => decls.get(name) ?? { name }), wasm_abi_versions: [needs.abiVersion] }
    info.capabilities_from = module.from
    info.unprovided_builtins = needs.unprovided.filter((name) => !custom.impls.has(name))
    info.wasm_imports = needs.imports
  }
  return { info, diagnostics, sources }
}

function readManifest(bytes: Uint8Array | undefined): Record<string, unknown> {
  // Without a .manifest, OPA reports its defaults.
  if (!bytes) return { revision: '', roots: [''] }
  let value: unknown
  try {
    value = JSON.parse(decoder.decode(bytes))
  } catch (err) {
    throw new Error(`.manifest: not valid JSON: ${(err as Error).message}`)
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

async function signatureStatus(bundle: BundleOnDisk, verification: BundleVerification | undefined): Promise<SignatureStatus> {
  const file = bundle.files.get(SIGNATURES_FILE)
  if (!file) return { status: 'absent' }
  const seen: SignatureStatus = { status: 'present' }
  try {
    const token = (JSON.parse(decoder.decode(file)) as { signatures?: unknown[] }).signatures?.[0]
    const [h, p] = typeof token === 'string' ? token.split('.') : []
    const header = base64UrlJson(h)
    const payload = base64UrlJson(p)
    if (typeof header?.alg === 'string') seen.algorithm = header.alg
    const kid = header?.kid ?? payload?.keyid
    if (typeof kid === 'string') seen.key_id = kid
    if (Array.isArray(payload?.files)) seen.files = payload.files.length
  } catch {
    // Unreadable: the verifier, when asked, says why.
  }
  if (!verification) return seen
  try {
    const { keyId } = await verifyBundleSignature(filesAsSigned(bundle), verification)
    return { ...seen, status: 'verified', key_id: keyId }
  } catch (err) {
    if (!(err instanceof BundleVerificationError)) throw err
    return { ...seen, status: 'invalid', reason: err.message.replace(/^signature: /, '') }
  }
}

const refOf = (segments: readonly string[]): AnnotationRef['path'] =>
  segments.map((s, i) => (i === 0 ? { type: 'var' as const, value: s } : { type: 'string' as const, value: s }))

const annotationOf = (a: Annotation): Record<string, unknown> => ({ scope: a.scope, ...a.fields })

function sourceAnnotations(modules: readonly Module[]): AnnotationRef[] {
  const out: AnnotationRef[] = []
  for (const m of modules) {
    const pkg = staticSegments(m.package.path)
    const at = (a: Annotation) => ({ file: a.loc.file, row: a.loc.row, col: a.loc.col })
    for (const a of m.annotations) out.push({ path: refOf(pkg), annotations: annotationOf(a), location: at(a) })
    for (const rule of m.rules) {
      const path = refOf([...pkg, ...staticSegments(rule.head.ref)])
      for (const a of rule.annotations) out.push({ path, annotations: annotationOf(a), location: at(a) })
    }
  }
  return out
}

/** A built bundle keeps its entrypoints' annotations in the manifest (OPA lists them at the module, row 0). */
function manifestAnnotations(wasm: readonly Record<string, unknown>[]): AnnotationRef[] {
  const out: AnnotationRef[] = []
  for (const w of wasm) {
    if (!Array.isArray(w.annotations)) continue
    const path = refOf(['data', ...String(w.entrypoint).split('/').filter(Boolean)])
    for (const a of w.annotations) if (isObject(a)) out.push({ path, annotations: a, location: { file: String(w.module), row: 0, col: 0 } })
  }
  return out
}

const pathText = (r: AnnotationRef) => r.path.map((t) => t.value).join('.')

function byPathThenPlace(a: AnnotationRef, b: AnnotationRef): number {
  const pa = pathText(a)
  const pb = pathText(b)
  if (pa !== pb) return pa < pb ? -1 : 1
  const fa = a.location?.file ?? ''
  const fb = b.location?.file ?? ''
  if (fa !== fb) return fa < fb ? -1 : 1
  return (a.location?.row ?? 0) - (b.location?.row ?? 0)
}
