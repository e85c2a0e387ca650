/**
 * The prebuilt runtime library (`src/runtime-lib/runtime.wasm`, built by
 * `runtime/build.mjs`) and its description (`runtime.json`), read and parsed
 * once per process, on first use. Every compilation starts a `ModuleLinker`
 * from the same parsed module (the linker never mutates it).
 */
import { readModule, type WasmModule } from '../binary/index.js'

/** The parts of runtime.json the code generator reads. */
export interface RuntimeInfo {
  abiVersion: number
  abiMinorVersion: number
  imports: { module: string; name: string; kind: string; index: number | null }[]
  heapBaseGlobal: { name: string; index: number }
  placeholders: { eval: number; builtins: number; entrypoints: number }
  /** Export name → function index. */
  functions: Record<string, number>
  /** Optional: Rego builtin name → runtime export, for builtins beyond OPA's native table. */
  builtins?: Record<string, string>
  /** Exported globals by name (e.g. `cordon_loc_file`, `cordon_loc_row`: the builtin call site for strict errors). */
  globals?: Record<string, { index: number }>
}

export interface RuntimeLibrary {
  module: WasmModule
  /** runtime.wasm itself (constant values are built in an instance of it, see const-values.ts). */
  bytes: Uint8Array
  info: RuntimeInfo
  /** Size in bytes of runtime.wasm. */
  size: number
}

let cached: RuntimeLibrary | undefined

/** The two calls of node:fs used here. */
interface NodeFs {
  existsSync(path: URL): boolean
  readFileSync(path: URL): Uint8Array
  readFileSync(path: URL, encoding: 'utf8'): string
}

/**
 * node:fs without a static import, so the compiler bundles for a browser
 * (the playground), which has no files and hands the runtime over with
 * `setRuntimeLibrary` before compiling. `process.getBuiltinModule`: Node
 * 20.16+, Deno, Bun.
 */
function nodeFs(): NodeFs {
  const fs = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.(
    'node:fs',
  ) as NodeFs | undefined
  if (!fs)
    throw new Error(
      'runtime.wasm cannot be read here (no node:fs): call setRuntimeLibrary(bytes, info) before compiling, or run on Node 20.16 or later',
    )
  return fs
}

/** The runtime library, parsed on first call. */
export function runtimeLibrary(): RuntimeLibrary {
  if (!cached) {
    const fs = nodeFs()
    const dir = runtimeDir(fs)
    const bytes = new Uint8Array(fs.readFileSync(new URL('runtime.wasm', dir)))
    const info = JSON.parse(fs.readFileSync(new URL('runtime.json', dir), 'utf8')) as RuntimeInfo
    cached = { module: readModule(bytes), bytes, info, size: bytes.length }
  }
  return cached
}

/**
 * Where runtime.wasm lives: next to this file's folder in the source tree
 * (src/codegen → src/runtime-lib), or, from a bundle in dist/, in
 * dist/runtime-lib or the package's src/runtime-lib.
 */
function runtimeDir(fs: NodeFs): URL {
  const candidates = ['../runtime-lib/', './runtime-lib/', '../src/runtime-lib/'].map(
    (p) => new URL(p, import.meta.url),
  )
  const found = candidates.find((u) => fs.existsSync(new URL('runtime.wasm', u)))
  if (!found)
    throw new Error(
      `runtime.wasm not found (looked in ${candidates.map((u) => u.pathname).join(', ')}); run packages/wasm/runtime/build.mjs`,
    )
  return found
}

/** Uses another runtime build (tests, tools); `undefined` goes back to the default files. */
export function setRuntimeLibrary(bytes: Uint8Array | undefined, info?: RuntimeInfo): void {
  cached = bytes && info ? { module: readModule(bytes), bytes, info, size: bytes.length } : undefined
}
