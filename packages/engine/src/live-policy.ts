/**
 * A loaded policy: the compiled module, its data and one instance. Prepared
 * completely (read, verify, compile, instantiate, smoke-evaluate) before it
 * replaces the live one, and rebuilt from the module after a trap.
 */
import type { BuiltinImpl } from '@cordon/builtins/core'
import { MissingBuiltinsError } from './errors.js'
import { readBundleWith, type BundleLimits, type Manifest } from './bundle/read-bundle.js'
import type { YamlFileReader } from './bundle/data-files.js'
import { gunzip } from './bundle/gunzip.js'
import { verifyBundleSignature, type BundleVerification } from './bundle/verify-signature.js'
import { importedMemoryMinimum } from './memory-import.js'
import { PolicyInstance, type ExtraBuiltins } from './policy-instance.js'

/** What `createEngine` and `load` accept: a bundle (`bundle.tar.gz` bytes) or a module with its data. */
export type PolicySource =
  | Uint8Array
  | ArrayBuffer
  | {
      /** The compiled policy: a WebAssembly.Module (edge: an imported `.wasm`) or its bytes. */
      wasm: WebAssembly.Module | BufferSource
      /** The data document (default `{}`). */
      data?: Record<string, unknown>
      /** Reported as the decision's `revision`. */
      revision?: string
    }

/** A bundle's files, already read (by `load`, which looks for a delta bundle first). */
export class BundleFiles {
  constructor(readonly files: ReadonlyMap<string, Uint8Array>) {}
}

export interface InstanceSettings {
  hostBuiltins: ReadonlyMap<string, BuiltinImpl>
  /**
   * Loads more host builtins (a superset of `hostBuiltins`), called once with
   * the builtins the module needs and `hostBuiltins` lacks: the engine's
   * default set is the light one, and only the families holding those are
   * imported then.
   */
  moreHostBuiltins?: (missing: readonly string[]) => Promise<ReadonlyMap<string, BuiltinImpl>>
  builtins?: ExtraBuiltins
  maxMemoryPages?: number
  initialMemoryPages?: number
  /** Rebuild after a decision when memory grew past this many times its size when built (Infinity: never). */
  memoryRebuildFactor: number
  bundleLimits?: BundleLimits
  /** Reads a bundle's data.yaml files (none: such a bundle is refused, naming the file). */
  readYaml?: YamlFileReader
  fuel?: number
  verification?: BundleVerification
  println?: (message: string) => void
}

/** Growth below this is never worth a rebuild (64 KiB pages: 16 MiB). */
const MIN_REBUILD_GROWTH_PAGES = 256

export class LivePolicy {
  /** The data the bundle (or the last `setData`) gave, without live patches; `data` is what the instance holds. */
  base: Record<string, unknown>
  /** Bytes of memory past which the instance is rebuilt after a decision (a spike is given back). */
  memoryCeiling = Infinity

  private constructor(
    readonly module: WebAssembly.Module,
    public instance: PolicyInstance,
    public data: Record<string, unknown>,
    /** Changed by a delta bundle, with the manifest (whose roots and wasm it keeps). */
    public revision: string | undefined,
    public manifest: Manifest,
    private readonly settings: InstanceSettings,
  ) {
    this.base = data
    this.setCeiling()
  }

  /** The ceiling from the instance's size now (call after the data changes: it is part of the baseline). */
  setCeiling(): void {
    const baseline = this.instance.memoryBytes
    this.memoryCeiling = Math.max(
      baseline * this.settings.memoryRebuildFactor,
      baseline + MIN_REBUILD_GROWTH_PAGES * 65536,
    )
  }

  /** The entrypoints the module exports, by slash path. */
  get entrypoints(): string[] {
    return Object.keys(this.instance.entrypoints)
  }

  /** The manifest's first entrypoint, else the module's first. */
  get defaultEntrypoint(): string | undefined {
    return this.manifest.wasm?.[0]?.entrypoint ?? this.entrypoints[0]
  }

  /** Reads, verifies and instantiates; throws an Error saying why it cannot. */
  static async prepare(source: PolicySource | BundleFiles, settings: InstanceSettings): Promise<LivePolicy> {
    let wasm: WebAssembly.Module | BufferSource
    let data: Record<string, unknown>
    let manifest: Manifest
    let revision: string | undefined
    if (source instanceof Uint8Array || source instanceof ArrayBuffer || source instanceof BundleFiles) {
      const read =
        source instanceof BundleFiles ? source.files : source instanceof Uint8Array ? source : new Uint8Array(source)
      const bundle = await readBundleWith(read, gunzip, settings.bundleLimits, settings.readYaml)
      if (settings.verification) await verifyBundleSignature(bundle.files, settings.verification)
      wasm = bundle.wasm
      data = bundle.data
      manifest = bundle.manifest
      revision = manifest.revision
    } else if (source && typeof source === 'object' && 'wasm' in source) {
      if (settings.verification)
        throw new Error('signature: bundle verification is configured, so a bare module cannot be loaded')
      if (source.revision !== undefined && typeof source.revision !== 'string')
        throw new Error(`load: revision must be a string, not ${JSON.stringify(source.revision)}`)
      wasm = source.wasm
      data = source.data ?? {}
      manifest = {}
      revision = source.revision
    } else {
      throw new Error('load: expected bundle bytes (Uint8Array or ArrayBuffer) or { wasm, data }')
    }
    const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm)
    // The module's memory minimum: read from its bytes, or learnt from the link error of a compiled Module.
    let pages = Math.max(
      settings.initialMemoryPages ?? 5,
      wasm instanceof WebAssembly.Module ? 0 : (importedMemoryMinimum(toU8(wasm)) ?? 0),
    )
    for (let attempt = 0; ; attempt++) {
      try {
        const own = { ...settings, initialMemoryPages: pages }
        const instance = await PolicyInstance.create(module, instanceOptions(own))
        instance.setData(data)
        return new LivePolicy(module, instance, data, revision, manifest, own)
      } catch (err) {
        if (err instanceof MissingBuiltinsError && settings.moreHostBuiltins) {
          settings = {
            ...settings,
            hostBuiltins: await settings.moreHostBuiltins(err.missing),
            moreHostBuiltins: undefined,
          }
          continue
        }
        const tooSmall = err instanceof WebAssembly.LinkError && /memory/i.test(err.message)
        if (!tooSmall || attempt >= 8 || (settings.maxMemoryPages !== undefined && pages >= settings.maxMemoryPages))
          throw err
        const declared = /initial (?:of )?(\d+)|minimum (?:of )?(\d+)/i.exec(err.message)
        const want = Number(declared?.[1] ?? declared?.[2] ?? pages * 2)
        pages = Math.min(Math.max(want, pages + 1), settings.maxMemoryPages ?? Infinity)
      }
    }
  }

  /** A fresh instance of the same module and data (after a trap or the memory cap). */
  rebuild(): void {
    const instance = PolicyInstance.createSync(this.module, instanceOptions(this.settings))
    instance.setData(this.data)
    this.instance = instance
    this.setCeiling()
  }
}

function toU8(b: BufferSource): Uint8Array {
  return b instanceof Uint8Array
    ? b
    : ArrayBuffer.isView(b)
      ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
      : new Uint8Array(b)
}

function instanceOptions(s: InstanceSettings) {
  return {
    hostBuiltins: s.hostBuiltins,
    builtins: s.builtins,
    println: s.println,
    memory: { initial: s.initialMemoryPages, maximum: s.maxMemoryPages },
    fuel: s.fuel,
  }
}
