/**
 * The one build pipeline: check → plan → compile. `buildChecked` plans the
 * entrypoints and queries of a checked policy (`planPolicy`) and compiles them
 * (`compileWasm`); `buildWasm` checks source files first (`checkSources`),
 * `buildModules` parsed modules (`compileModules`, for modules a caller has
 * edited, as `cordon test` does for coverage). Every command that makes a
 * module goes through `buildChecked`. Problems come back as diagnostics,
 * never thrown.
 */
import {
  checkSources,
  compileModules,
  compileQuery,
  parseQuery,
  planPolicy,
  type CompiledPolicy,
  type Diagnostic,
  type Module,
  type PlanQuery,
  type Policy,
  type RegoVersion,
  type SourceFile,
  timeStage,
} from '@cordon/rego'
import type { BuiltinDecl } from '@cordon/builtins/declarations'
import { compileWasm } from './compile-policy.js'
import { missingHostBuiltins } from './missing-host-builtins.js'

export interface BuildWasmOptions {
  /** Slash paths below `data` (`ai_access/decision`), in entrypoint id order. */
  entrypoints: string[]
  /** Extra plans from query text, after the entrypoints: their rows bind the query's named variables. */
  queries?: { name: string; query: string }[]
  experimentalKeywords?: boolean
  /** The language version of the files that do not name their own, and of the queries (default 'v1'). */
  regoVersion?: RegoVersion
  /** The builtins policies may call (default: every builtin OPA declares); add custom ones here. */
  builtins?: ReadonlyMap<string, BuiltinDecl>
  /** Steps (loop iterations and calls) an evaluation may take before it aborts with `resource_exhausted` (default: the compiler's DEFAULT_FUEL; a host may set another). */
  fuel?: number
  /** Compile `print(…)` as calls of the host's `internal.print` (default true); false drops them. */
  print?: boolean
  /** Index rule groups with many bodies comparing one ref with constants (default true; see `PlanOptions.indexRules`). */
  indexRules?: boolean
  /**
   * The host builtins the host that will run the module provides. When set,
   * a call of any other host builtin is a diagnostic at its call site.
   */
  availableHostBuiltins?: ReadonlySet<string>
}

export interface BuildWasmResult {
  wasm?: Uint8Array
  /** The builtins the host must provide (present with `wasm`). */
  hostBuiltins?: string[]
  /** The planned IR (present when planning succeeded). */
  policy?: Policy
  diagnostics: Diagnostic[]
}

const nowhere = { file: '', row: 1, col: 1, offset: 0, end: 0 }

export function buildWasm(files: readonly SourceFile[], options: BuildWasmOptions): BuildWasmResult {
  const { experimentalKeywords, regoVersion } = options
  const checked = checkSources(files, { experimentalKeywords, regoVersion, builtins: options.builtins })
  if (!checked.compiled || checked.diagnostics.length > 0) return { diagnostics: checked.diagnostics }
  return buildChecked(checked.compiled, options)
}

/** `buildWasm` from parsed modules (copied by the checker, never changed), e.g. copies a caller has instrumented. */
export function buildModules(modules: readonly Module[], options: BuildWasmOptions): BuildWasmResult {
  const checked = compileModules([...modules], { builtins: options.builtins })
  if (!checked.compiled || checked.diagnostics.length > 0) return { diagnostics: checked.diagnostics }
  return buildChecked(checked.compiled, options)
}

/**
 * `buildWasm` from a policy `checkSources` has checked already (with the same
 * builtins and keywords), for callers that check first and must not pay for
 * parsing and checking twice (`cordon test`).
 */
export function buildChecked(compiled: CompiledPolicy, options: BuildWasmOptions): BuildWasmResult {
  const { experimentalKeywords, regoVersion } = options
  const queries: PlanQuery[] = []
  for (const q of options.queries ?? []) {
    const parsed = parseQuery(q.query, { experimentalKeywords, regoVersion, file: q.name })
    if (!parsed.body) return { diagnostics: parsed.diagnostics }
    const cq = compileQuery(parsed.body, compiled)
    if (!cq.body || cq.diagnostics.length > 0) return { diagnostics: cq.diagnostics }
    queries.push({ name: q.name, body: cq.body, rewrittenVars: cq.rewrittenVars })
  }
  const planned = timeStage('plan', () =>
    planPolicy(compiled, {
      entrypoints: options.entrypoints,
      queries,
      print: options.print,
      indexRules: options.indexRules,
    }),
  )
  if (!planned.policy) return { diagnostics: planned.diagnostics }
  try {
    const { wasm, hostBuiltins } = compileWasm(planned.policy, { fuel: options.fuel })
    if (options.availableHostBuiltins) {
      const missing = missingHostBuiltins(planned.policy, hostBuiltins, options.availableHostBuiltins)
      if (missing.length > 0) return { policy: planned.policy, diagnostics: missing }
    }
    return { wasm, hostBuiltins, policy: planned.policy, diagnostics: [] }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    return { policy: planned.policy, diagnostics: [{ code: 'rego_compile_error', message, location: nowhere }] }
  }
}
