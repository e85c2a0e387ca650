/**
 * `runTests`: discovery → one compiled module (policies, tests, and the
 * entrypoints of decision tables) → each test evaluated against it →
 * optional coverage (a second, instrumented module) and values for failures.
 */
import { PolicyEvalError, type PolicyInstance } from '@cordon/engine'
import { checkSources, planPolicy, type CompiledPolicy, type Diagnostic } from '@cordon/rego'
import { buildChecked } from '@cordon/wasm'
import { findFiles } from '../fs/find-files.js'
import { availableHostBuiltins, noCustomBuiltins, type CustomBuiltins } from '../fs/load-builtins.js'
import type { IgnoreName } from '../fs/ignore-globs.js'
import { loadPolicyFiles } from '../fs/load-policy.js'
import { UsageError } from '../usage-error.js'
import { compareExpect, isCasesFile, loadCases, mergePatch, type DecisionCase } from './cases.js'
import { compileParsed, instantiate } from './compile.js'
import { coverageRecorder, coverageReport, coverDecl, instrument } from './coverage.js'
import { discoverTests, isParameterized, type DiscoveredTest } from './discover.js'
import { explainFailures } from './explain.js'
import { caseRecorder, leaves, subResults, withCaseMarkers } from './test-cases.js'
import type { CoverageReport, TestReport, TestResult } from './types.js'

export interface RunOptions {
  /** Only tests and cases whose name matches. */
  run?: RegExp
  coverage?: boolean
  /** Strict builtin errors: a failing builtin makes the test an error. */
  strict?: boolean
  /** Compute the values involved in failures (an extra compile when something fails). */
  explain?: boolean
  /** Called after each test or case. */
  progress?: (done: number, total: number) => void
  /** Files and folders below the paths to skip, by name (`--ignore`). */
  ignore?: IgnoreName
  /** Custom builtins (`--builtins`), for checking, compiling and running. */
  builtins?: CustomBuiltins
  /** Allow the experimental keywords (`--experimental`). */
  experimentalKeywords?: boolean
}

export type RunOutcome =
  | { kind: 'report'; report: TestReport }
  /** The policy or tests do not compile: exit 2 with these diagnostics. */
  | { kind: 'diagnostics'; diagnostics: Diagnostic[]; sources: Map<string, string> }

/** Runs the tests below `paths`. Throws UsageError for unusable arguments or tables. */
export function runTests(paths: readonly string[], options: RunOptions = {}): RunOutcome {
  const started = performance.now()
  const named = paths.filter(isCasesFile)
  const policyPaths = paths.filter((p) => !isCasesFile(p))
  const policy = loadPolicyFiles(policyPaths, options.ignore)
  const sources = new Map(policy.sources.map((s) => [s.file, s.text]))
  const tableFiles = [...new Set([...named, ...findFiles(policyPaths, ['.cases.yaml', '.cases.yml'], options.ignore).filter(isCasesFile)])].sort()
  if (policy.sources.length === 0 && tableFiles.length === 0) throw new UsageError(`no .rego or .cases.yaml files found in ${paths.join(', ')}`)

  const custom = options.builtins ?? noCustomBuiltins
  const checked = checkSources(policy.sources, { builtins: custom.decls(), experimentalKeywords: options.experimentalKeywords })
  const compiled = checked.compiled
  if (checked.diagnostics.length > 0 || !compiled) return { kind: 'diagnostics', diagnostics: checked.diagnostics, sources }
  const matches = (name: string) => !options.run || options.run.test(name)
  const tests = discoverTests(checked.modules).filter((t) => matches(t.name))
  const listed = tableFiles.flatMap(loadCases).filter((c) => matches(`${c.location.file}#${c.name}`))
  // A case whose entrypoint cannot be planned is that case's error, at its file:row:col; the rest still run.
  const unplannable = unplannableEntrypoints(compiled, [...new Set(listed.map((c) => c.entrypoint))])
  const cases = listed.filter((c) => !unplannable.has(c.entrypoint))
  const runnable = tests.filter((t) => !t.todo)
  const entrypoints = [...new Set([...runnable.map((t) => t.entrypoint), ...cases.map((c) => c.entrypoint)])]

  const results: TestResult[] = tests.filter((t) => t.todo).map((t) => skipped(t))
  for (const c of listed) if (unplannable.has(c.entrypoint)) results.push(caseError(c, unplannable.get(c.entrypoint)!))
  let coverage: CoverageReport | undefined
  if (entrypoints.length > 0) {
    // The module that ships: built exactly as `cordon build` builds it, from the policy checked above.
    const built = buildChecked(compiled, { entrypoints, availableHostBuiltins: availableHostBuiltins(custom) })
    if (!built.wasm) return { kind: 'diagnostics', diagnostics: built.diagnostics, sources }
    const instance = instantiate(built.wasm, policy.data, undefined, custom)
    const parameterized = runnable.filter(isParameterized)
    let withCases: { instance: PolicyInstance; take(): string[][] } | undefined
    if (parameterized.length > 0) {
      // Parameterized tests run on a module that records the cases they start (test-cases.ts).
      const recorder = caseRecorder()
      const marked = buildChecked(withCaseMarkers(compiled, parameterized.map((t) => t.entrypoint)), { entrypoints: parameterized.map((t) => t.entrypoint) })
      if (!marked.wasm) return { kind: 'diagnostics', diagnostics: marked.diagnostics, sources }
      withCases = { instance: instantiate(marked.wasm, policy.data, recorder.impl, custom), take: recorder.take }
    }
    const total = runnable.length + cases.length
    let done = 0
    const tick = () => options.progress?.(++done, total)
    for (const t of runnable) {
      results.push(withCases && isParameterized(t) ? runParameterized(withCases, t, options) : runTest(instance, t, options))
      tick()
    }
    for (const c of cases) {
      results.push(runCase(instance, c, policy.data, options))
      tick()
    }

    if (options.explain) {
      // Parameterized tests report their cases instead.
      const failing = results.filter((r) => r.kind === 'rego' && r.status === 'fail' && !parameterized.some((t) => t.name === r.name))
      const failingTests = failing.map((r) => runnable.find((t) => t.name === r.name)!)
      if (failing.length > 0) explainFailures(checked.modules, failingTests, policy.data, sources, custom).forEach((d, i) => (failing[i]!.failure = d))
    }

    if (options.coverage) {
      const { modules, coverable } = instrument(checked.modules)
      const instrumented = compileParsed(modules, entrypoints, [coverDecl], custom)
      if (!instrumented.wasm) return { kind: 'diagnostics', diagnostics: instrumented.diagnostics, sources }
      const recorder = coverageRecorder()
      const covInstance = instantiate(instrumented.wasm, policy.data, recorder.impl, custom)
      for (const t of runnable) quietly(() => covInstance.evaluateText(undefined, t.entrypoint, { strict: options.strict }))
      for (const c of cases) {
        if (c.data) covInstance.setData(mergePatch(policy.data, c.data))
        quietly(() => covInstance.evaluateText(JSON.stringify(c.input), c.entrypoint, { strict: options.strict }))
        if (c.data) covInstance.setData(policy.data)
      }
      coverage = coverageReport(coverable, recorder.hits)
    }
  } else if (options.coverage) {
    coverage = coverageReport(instrument(checked.modules).coverable, new Set())
  }

  const summary = { total: 0, pass: 0, fail: 0, error: 0, skip: 0 }
  for (const r of results) {
    // As OPA's reporter: a parameterized test counts its leaf cases, not itself.
    const counted = r.subResults?.length ? leaves(r.subResults).map((l) => l.status) : [r.status]
    for (const s of counted) summary[s]++
    summary.total += counted.length
  }
  return { kind: 'report', report: { results, coverage, summary, duration: performance.now() - started } }
}

/**
 * The entrypoints of decision tables that name no rule, with the planner's
 * message. One plan of them all; only when it fails, one plan each, to find
 * which (a diagnostic without a file is about the entrypoint itself, not the
 * Rego, whose errors stay the run's compile errors).
 */
function unplannableEntrypoints(compiled: CompiledPolicy, entrypoints: string[]): Map<string, string> {
  const out = new Map<string, string>()
  if (entrypoints.length === 0 || planPolicy(compiled, { entrypoints }).policy) return out
  for (const e of entrypoints) {
    const problem = planPolicy(compiled, { entrypoints: [e] }).diagnostics.find((d) => d.location.file === '')
    if (problem) out.set(e, problem.message)
  }
  return out
}

function caseError(c: DecisionCase, message: string): TestResult {
  const at = `${c.location.file}:${c.entrypointAt.row}:${c.entrypointAt.col}`
  return { name: `${c.location.file}#${c.name}`, kind: 'case', suite: c.location.file, location: c.location, status: 'error', duration: 0, error: { code: 'rego_compile_error', message: `${at}: ${message}` } }
}

function skipped(t: DiscoveredTest): TestResult {
  return { name: t.name, kind: 'rego', suite: t.pkg, status: 'skip', location: t.location, duration: 0 }
}

function runTest(instance: PolicyInstance, t: DiscoveredTest, options: RunOptions): TestResult {
  const output: string[] = []
  const base = { name: t.name, kind: 'rego' as const, suite: t.pkg, location: t.location }
  const t0 = performance.now()
  try {
    const rs = JSON.parse(instance.evaluateText(undefined, t.entrypoint, { strict: options.strict, print: (m) => output.push(m) })) as { result?: unknown }[]
    const duration = performance.now() - t0
    const passed = rs.length > 0 && rs.every((r) => r.result !== undefined && r.result !== false)
    return { ...base, status: passed ? 'pass' : 'fail', duration, ...(output.length ? { output } : {}) }
  } catch (err) {
    return { ...base, ...errorOf(err), duration: performance.now() - t0, ...(output.length ? { output } : {}) }
  }
}

/** A parameterized test: its object of cases, and the cases that started, give one sub-result each. */
function runParameterized(run: { instance: PolicyInstance; take(): string[][] }, t: DiscoveredTest, options: RunOptions): TestResult {
  const output: string[] = []
  const base = { name: t.name, kind: 'rego' as const, suite: t.pkg, location: t.location }
  run.take()
  const t0 = performance.now()
  try {
    const rs = JSON.parse(run.instance.evaluateText(undefined, t.entrypoint, { strict: options.strict, print: (m) => output.push(m) })) as { result?: unknown }[]
    const duration = performance.now() - t0
    const printed = output.length ? { output } : {}
    if (rs.length === 0 || rs[0]!.result === undefined) return { ...base, status: 'fail', duration, ...printed }
    const subs = subResults(rs[0]!.result, run.take())
    return { ...base, status: subs.fail ? 'fail' : 'pass', duration, ...(subs.results.length ? { subResults: subs.results } : {}), ...printed }
  } catch (err) {
    return { ...base, ...errorOf(err), duration: performance.now() - t0, ...(output.length ? { output } : {}) }
  }
}

function runCase(instance: PolicyInstance, c: DecisionCase, data: Record<string, unknown>, options: RunOptions): TestResult {
  const output: string[] = []
  const base = { name: `${c.location.file}#${c.name}`, kind: 'case' as const, suite: c.location.file, location: c.location }
  if (c.data) instance.setData(mergePatch(data, c.data))
  const t0 = performance.now()
  try {
    const rs = JSON.parse(instance.evaluateText(JSON.stringify(c.input), c.entrypoint, { strict: options.strict, print: (m) => output.push(m) })) as { result?: unknown }[]
    const duration = performance.now() - t0
    const mismatches = compareExpect(c.expect, rs[0]?.result)
    return { ...base, status: mismatches.length === 0 ? 'pass' : 'fail', duration, ...(mismatches.length ? { mismatches } : {}), ...(output.length ? { output } : {}) }
  } catch (err) {
    return { ...base, ...errorOf(err), duration: performance.now() - t0 }
  } finally {
    if (c.data) instance.setData(data)
  }
}

function errorOf(err: unknown): { status: 'error'; error: { code: string; message: string } } {
  if (err instanceof PolicyEvalError) return { status: 'error', error: { code: err.code, message: err.message } }
  return { status: 'error', error: { code: 'engine_error', message: err instanceof Error ? err.message : String(err) } }
}

function quietly(fn: () => void): void {
  try {
    fn()
  } catch {
    // An error is the test's result, reported from the plain module; coverage keeps what ran.
  }
}
