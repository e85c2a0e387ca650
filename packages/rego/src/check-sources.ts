import type { BuiltinDecl } from '@cordon/builtins/declarations'
import type { Module, RegoVersion } from './ast.js'
import { compileModules, type CompiledPolicy, type SchemaSet } from './checker/index.js'
import { DEFAULT_ERROR_LIMIT, sortDiagnostics, type Diagnostic } from './diagnostics.js'
import { parseModule } from './syntax/index.js'
import { timeStage } from './timing/stage-times.js'

/** A Rego source file: its name (as shown in diagnostics) and its text. */
export interface SourceFile {
  file: string
  text: string
  /** This file's language version, overriding {@link CheckOptions.regoVersion} (a bundle's `file_rego_versions`). */
  regoVersion?: RegoVersion
}

export interface CheckOptions {
  /** How many errors to report at most (default 10). */
  errorLimit?: number
  /** Allow the opt-in `and`, `or` and `not { … }` keywords. */
  experimentalKeywords?: boolean
  /** The language version of files that do not name their own (default 'v1'; 'v0' is OPA's `--v0-compatible`). */
  regoVersion?: RegoVersion
  /** The builtins a policy may call (default: every builtin OPA declares). */
  builtins?: ReadonlyMap<string, BuiltinDecl>
  /** OPA's strict mode (`opa check --strict`). */
  strict?: boolean
  /** JSON Schemas for `input` and, through METADATA `schemas:`, for `data`. */
  schemas?: SchemaSet
  /**
   * Parses one file (default `parseModule`). A caller that checks the same
   * files again (`cordon test --watch`) passes one that reuses the modules
   * of unchanged files: the checker then works on copies, never on the modules it is given.
   */
  parse?: typeof parseModule
  /**
   * Reads what the caller needs from the parsed modules before they are
   * checked (called only when every file parsed). When given and `parse` is
   * not, the checker rewrites the parsed modules themselves rather than
   * copies: `modules` in the result are then the rewritten ones.
   */
  beforeRewrite?: (parsed: readonly Module[]) => void
}

export interface CheckResult {
  diagnostics: Diagnostic[]
  modules: Module[]
  compiled?: CompiledPolicy
}

/**
 * Parses and checks source files as one policy. Parse errors from every file
 * are reported together; the checker runs only when all files parse.
 */
export function checkSources(files: readonly SourceFile[], options: CheckOptions = {}): CheckResult {
  const errorLimit = options.errorLimit ?? DEFAULT_ERROR_LIMIT
  const modules: Module[] = []
  let parseErrors: Diagnostic[] = []
  const parse = options.parse ?? parseModule
  for (const { file, text, regoVersion } of files) {
    const parsed = timeStage('parse', () =>
      parse(text, {
        file,
        experimentalKeywords: options.experimentalKeywords,
        regoVersion: regoVersion ?? options.regoVersion,
      }),
    )
    parseErrors.push(...parsed.diagnostics)
    if (parsed.module) modules.push(parsed.module)
  }
  if (parseErrors.length > 0) {
    parseErrors = sortDiagnostics(parseErrors).slice(0, errorLimit)
    return { diagnostics: parseErrors, modules }
  }
  options.beforeRewrite?.(modules)
  const { diagnostics, compiled } = compileModules(modules, {
    errorLimit,
    builtins: options.builtins,
    strict: options.strict,
    schemas: options.schemas,
    // Modules from a caller's `parse` may be reused for the next check (`cordon test --watch`).
    inPlace: options.beforeRewrite !== undefined && options.parse === undefined,
  })
  return { diagnostics: sortDiagnostics(diagnostics).slice(0, errorLimit), modules, compiled }
}
