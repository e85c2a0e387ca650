/**
 * Test helpers (not exported from the package): WAT → Wasm through wabt's JS
 * API, and a tiny instantiation wrapper. Only `*.test.ts` files import this.
 */
import wabt from 'wabt'

type Wabt = Awaited<ReturnType<typeof wabt>>
let wabtModule: Promise<Wabt> | undefined

/** Every feature the runtime and the codegen may use, for wat2wasm and validation. */
const FEATURES = {
  bulk_memory: true,
  reference_types: true,
  multi_value: true,
  sign_extension: true,
  mutable_globals: true,
  sat_float_to_int: true,
  extended_const: true,
  annotations: true,
} as const

/** Assembles WAT text; `names` keeps `$identifiers` as a name section. */
export async function wat(text: string, names = false): Promise<Uint8Array<ArrayBuffer>> {
  const w = await (wabtModule ??= wabt())
  const mod = w.parseWat('test.wat', text, FEATURES)
  try {
    mod.resolveNames()
    mod.validate()
    return source(mod.toBinary({ write_debug_names: names, canonicalize_lebs: true }).buffer)
  } finally {
    mod.destroy()
  }
}

/** Disassembles a module to WAT (for debugging failing tests and checking names). */
export async function toText(bytes: Uint8Array): Promise<string> {
  const w = await (wabtModule ??= wabt())
  const mod = w.readWasm(bytes, { readDebugNames: true, ...FEATURES })
  try {
    mod.applyNames()
    return mod.toText({ foldExprs: false, inlineExport: false })
  } finally {
    mod.destroy()
  }
}

/** The bytes as a `BufferSource` (TypeScript's typed arrays may be backed by a SharedArrayBuffer). */
const source = (bytes: Uint8Array) => bytes as Uint8Array<ArrayBuffer>

/** Validates with both the engine and wabt; throws wabt's message when invalid. */
export async function validate(bytes: Uint8Array): Promise<void> {
  if (WebAssembly.validate(source(bytes))) return
  const w = await (wabtModule ??= wabt())
  const mod = w.readWasm(bytes, { ...FEATURES })
  try {
    mod.validate()
  } finally {
    mod.destroy()
  }
  throw new Error('WebAssembly.validate rejected the module, wabt accepted it')
}

/** Instantiates a module and returns its exports typed loosely for tests. */
export async function instantiate(bytes: Uint8Array, imports: WebAssembly.Imports = {}): Promise<Record<string, any>> {
  const { instance } = await WebAssembly.instantiate(source(bytes), imports)
  return instance.exports as Record<string, any>
}
