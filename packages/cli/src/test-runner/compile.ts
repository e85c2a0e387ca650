/**
 * Compiling modules for the runner. The module the tests run against is
 * built by `buildWasm` from the source files, exactly as `cordon build` does
 * (only the entrypoints differ). The coverage and value-reporting modules are
 * built from edited copies of the parsed modules through the same stages
 * (`compileModules` → `planPolicy` → `compileWasm`); they never replace the
 * shipped artifact as the verdict.
 */
import { builtinDecls, type BuiltinDecl, type BuiltinImpl } from '@cordon/builtins'
import type { PolicyInstance } from '@cordon/engine'
import { compileModules, planPolicy, type Diagnostic, type Module } from '@cordon/rego'
import { compileWasm } from '@cordon/wasm'
import { noCustomBuiltins, type CustomBuiltins } from '../custom-builtins.js'
import { instanceWith } from './instance.js'

export interface Compiled {
  wasm?: Uint8Array
  diagnostics: Diagnostic[]
}

const nowhere = { file: '', row: 1, col: 1, offset: 0, end: 0 }

/** Checks, plans and compiles parsed modules (copied by the compiler, never changed). */
export function compileParsed(modules: Module[], entrypoints: string[], extraBuiltins: readonly BuiltinDecl[] = [], custom: CustomBuiltins = noCustomBuiltins): Compiled {
  const base = custom.decls()
  const builtins = extraBuiltins.length === 0 ? base : new Map([...(base ?? builtinDecls), ...extraBuiltins.map((b) => [b.name, b] as const)])
  const checked = compileModules(modules, { builtins })
  if (!checked.compiled || checked.diagnostics.length > 0) return { diagnostics: checked.diagnostics }
  const planned = planPolicy(checked.compiled, { entrypoints })
  if (!planned.policy) return { diagnostics: planned.diagnostics }
  try {
    return { wasm: compileWasm(planned.policy).wasm, diagnostics: [] }
  } catch (err) {
    return { diagnostics: [{ code: 'rego_compile_error', message: err instanceof Error ? err.message : String(err), location: nowhere }] }
  }
}

/** An instance with Cordon's host builtins, the custom ones (`--builtins`) and `extra`, and `data` set. */
export function instantiate(wasm: Uint8Array, data: unknown, extra: ReadonlyMap<string, BuiltinImpl> = new Map(), custom: CustomBuiltins = noCustomBuiltins): PolicyInstance {
  return instanceWith(wasm, data, extra.size === 0 ? custom.impls : new Map([...custom.impls, ...extra]))
}
