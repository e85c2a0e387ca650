/**
 * Compiling modules for the runner. The module the tests run against is
 * built by `buildChecked` from the checked sources, exactly as `cordon build`
 * does (only the entrypoints differ). The coverage and value-reporting modules
 * are built from edited copies of the parsed modules by `buildModules`, the
 * same pipeline; they never replace the shipped artifact as the verdict.
 */
import { builtinDecls, type BuiltinDecl, type BuiltinImpl } from '@cordon/builtins'
import type { PolicyInstance } from '@cordon/engine'
import type { Diagnostic, Module } from '@cordon/rego'
import { buildModules } from '@cordon/wasm'
import { noCustomBuiltins, type CustomBuiltins } from '../custom-builtins.js'
import { instanceWith } from './instance.js'

export interface Compiled {
  wasm?: Uint8Array
  diagnostics: Diagnostic[]
}

/**
 * How often this process checked sources and built modules for test runs
 * (compile-run.ts and `compileParsed`), so tests can prove that a cached run
 * compiles nothing.
 */
export const compileCounts = { checks: 0, builds: 0 }

/** Checks, plans and compiles parsed modules (copied by the compiler, never changed) with Cordon's, the custom and `extraBuiltins` declared. */
export function compileParsed(
  modules: Module[],
  entrypoints: string[],
  extraBuiltins: readonly BuiltinDecl[] = [],
  custom: CustomBuiltins = noCustomBuiltins,
): Compiled {
  const base = custom.decls()
  const builtins =
    extraBuiltins.length === 0
      ? base
      : new Map([...(base ?? builtinDecls), ...extraBuiltins.map((b) => [b.name, b] as const)])
  compileCounts.builds++
  const { wasm, diagnostics } = buildModules(modules, { entrypoints, builtins })
  return { wasm, diagnostics }
}

/** An instance with Cordon's host builtins, the custom ones (`--builtins`) and `extra`, and `data` set. */
export function instantiate(
  wasm: Uint8Array,
  data: unknown,
  extra: ReadonlyMap<string, BuiltinImpl> = new Map(),
  custom: CustomBuiltins = noCustomBuiltins,
): PolicyInstance {
  return instanceWith(wasm, data, extra.size === 0 ? custom.impls : new Map([...custom.impls, ...extra]))
}
