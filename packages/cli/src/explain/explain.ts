/**
 * `explain`: which rule bodies produced a decision, on the compiled path.
 * The parsed sources are instrumented (instrument.ts), checked, and
 * compiled by the same `buildChecked` as `cordon build` (when they do not
 * compile, the diagnostics are those of checking the sources as written, as
 * `cordon check` reports them),
 * loaded in the engine's `PolicyInstance` with the recording host builtins
 * (recorder.ts) and evaluated once. No interpreter; no node imports, so
 * the playground runs it in a Web Worker.
 */
import { builtinDecls, hostBuiltinImpls, type BuiltinDecl, type BuiltinImpl } from '@cordon/builtins'
import { normalizeEntrypoint, PolicyEvalError, PolicyInstance } from '@cordon/engine'
import { checkSources, compileModules, parseModule, type RegoVersion, type SourceFile } from '@cordon/rego'
import { buildChecked } from '@cordon/wasm'
import { explainDecls, instrumentExplain } from './instrument.js'
import { explainRecorder } from './recorder.js'
import { assembleTrace } from './trace.js'
import type { ExplainLimits, ExplainOutcome } from './types.js'

/** What to explain: a policy's sources, the rule, input and data. */
export interface ExplainRequest {
  /** The policy's modules. */
  sources: readonly SourceFile[]
  /** The rule to explain: `data.pkg.rule`, `pkg.rule` or `pkg/rule`. */
  entrypoint: string
  /** The input document (any JSON value); undefined: no input. */
  input?: unknown
  /** The data document; undefined: `{}`. */
  data?: unknown
  regoVersion?: RegoVersion
  experimentalKeywords?: boolean
  /** Caps on what is kept (never on what is evaluated). */
  limits?: ExplainLimits
  /** Builtins the policy may call: declarations (default OPA's) and host implementations (default Cordon's). */
  builtins?: { decls?: ReadonlyMap<string, BuiltinDecl>; impls?: ReadonlyMap<string, BuiltinImpl> }
  /** Strict builtin errors, as `cordon eval --strict`. */
  strict?: boolean
  /** Where `print` output goes (default: dropped). */
  print?: (message: string) => void
}

/**
 * Evaluates `request.entrypoint` once on an instrumented build of the
 * policy and returns its result set with the trace. Never throws on a bad
 * policy or a failing evaluation: those are outcomes.
 *
 * @example
 * const out = await explain({ sources: [{ file: 'p.rego', text }], entrypoint: 'data.app.allow', input })
 * if (out.kind === 'explained') console.log(renderExplain(out.trace, new Map([['p.rego', text]]), 'fails'))
 */
export async function explain(request: ExplainRequest): Promise<ExplainOutcome> {
  const { sources, regoVersion, experimentalKeywords } = request
  const decls = request.builtins?.decls ?? builtinDecls
  const parsed = sources.map((s) =>
    parseModule(s.text, { file: s.file, experimentalKeywords, regoVersion: s.regoVersion ?? regoVersion }),
  )
  const plainDiagnostics = () =>
    checkSources(sources, { regoVersion, experimentalKeywords, builtins: decls }).diagnostics
  if (parsed.some((p) => !p.module || p.diagnostics.length > 0))
    return { kind: 'diagnostics', diagnostics: plainDiagnostics() }
  const entrypoint = normalizeEntrypoint(request.entrypoint)

  const texts = new Map(sources.map((s) => [s.file, s.text]))
  const { modules, sites } = instrumentExplain(
    parsed.map((p) => p.module!),
    texts,
  )
  const withMarkers = new Map([...decls, ...explainDecls.map((d) => [d.name, d] as const)])
  const compiled = compileModules(modules, { builtins: withMarkers })
  if (!compiled.compiled) {
    // Checked only instrumented: the policy's own errors come from checking it as written.
    const own = plainDiagnostics()
    if (own.length > 0) return { kind: 'diagnostics', diagnostics: own }
    return {
      kind: 'error',
      code: 'explain_error',
      message: `the instrumented policy does not compile: ${compiled.diagnostics.map((d) => d.message).join('; ')}`,
    }
  }
  const built = buildChecked(compiled.compiled, { entrypoints: [entrypoint], builtins: withMarkers })
  if (!built.wasm) {
    const unknown = built.diagnostics.find((d) => /entrypoint/i.test(d.message))
    return unknown
      ? { kind: 'diagnostics', diagnostics: built.diagnostics }
      : { kind: 'error', code: 'explain_error', message: built.diagnostics.map((d) => d.message).join('; ') }
  }

  const { impls, recorded } = explainRecorder(sites, request.limits)
  const hostBuiltins = new Map([...(request.builtins?.impls ?? hostBuiltinImpls), ...impls])
  try {
    const instance = await PolicyInstance.create(built.wasm, {
      hostBuiltins,
      ...(request.print && { println: request.print }),
    })
    instance.setData(request.data ?? {})
    const result = instance.evaluate(request.input, entrypoint, {
      strict: request.strict,
      ...(request.print && { print: request.print }),
    })
    return { kind: 'explained', result, trace: assembleTrace(sites, recorded) }
  } catch (err) {
    // Fail as a value, never a throw: the playground shows it (data or input the engine refuses lands here too).
    const code = err instanceof PolicyEvalError ? err.code : 'explain_error'
    return {
      kind: 'error',
      code,
      message: err instanceof Error ? err.message : String(err),
      trace: assembleTrace(sites, recorded),
    }
  }
}
