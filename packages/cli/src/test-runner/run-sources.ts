/**
 * `runSources`: policy sources, data and decision tables given as text → one
 * compiled module (policies, tests, and the entrypoints of decision tables)
 * → each test evaluated against it → optional coverage (a second,
 * instrumented module) and values for failures. No file or thread access:
 * `cordon test` (run.ts) reads the files, and the playground runs this in its
 * Web Worker.
 */
import {
  checkSources,
  planPolicy,
  type CompiledPolicy,
  type Diagnostic,
  type RegoVersion,
  type SourceFile,
} from '@cordon/rego'
import { buildChecked } from '@cordon/wasm'
import { availableHostBuiltins, noCustomBuiltins, type CustomBuiltins } from '../custom-builtins.js'
import { compareExpect, mergePatch, parseCases, type DecisionCase } from './cases.js'
import { compileParsed, instantiate } from './compile.js'
import { localEvaluator, runnerHostBuiltins, type EvalRequest, type EvalResponse, type Evaluator } from './evaluate.js'
import { coverageRecorder, coverageReport, coverDecl, instrument } from './coverage.js'
import { discoverTests, isParameterized, type DiscoveredTest } from './discover.js'
import { explainFailures } from './explain.js'
import { leaves, subResults, withCaseMarkers } from './test-cases.js'
import type { CoverageReport, ExplainMode, TestReport, TestResult } from './types.js'

export interface RunOptions {
  /** Only tests and cases whose name matches. */
  run?: RegExp
  coverage?: boolean
  /** Strict builtin errors: a failing builtin makes the test an error. */
  strict?: boolean
  /** Compute the values involved in failures (an extra compile when something fails). */
  explain?: boolean
  /**
   * `--explain`: `fails` (the failing expression and its operands' values),
   * `full` (every expression of a failing test's body up to the failing one),
   * `notes` (`trace` messages as notes, apart from print output).
   */
  explainMode?: ExplainMode
  /** `--var-values`: also the values of the local variables the failing expression uses. */
  varValues?: boolean
  /**
   * `--timeout`: milliseconds one test may run (evaluations then run on a
   * worker thread that is terminated at the deadline); `timeoutText` is the
   * duration as given, for the error.
   */
  timeoutMs?: number
  timeoutText?: string
  /** `--bench`: repeat each Rego test and report ns/op and heap bytes/op. */
  bench?: boolean
  /** Called after each test or case. */
  progress?: (done: number, total: number) => void
  /** Custom builtins (`--builtins`), for checking, compiling and running. */
  builtins?: CustomBuiltins
  /** Allow the experimental keywords (`--experimental`). */
  experimentalKeywords?: boolean
  /** The Rego version of files that do not name their own (`--v0-compatible`). */
  regoVersion?: RegoVersion
}

export type RunOutcome =
  | { kind: 'report'; report: TestReport }
  /** The policy or tests do not compile: exit 2 with these diagnostics. */
  | { kind: 'diagnostics'; diagnostics: Diagnostic[]; sources: Map<string, string> }

/** What a run reads: the policy's files, its data document and the decision tables' text. */
export interface RunInput {
  sources: readonly SourceFile[]
  data: Record<string, unknown>
  tables: readonly { file: string; text: string }[]
}

/** The modules a run evaluates on, for an evaluator elsewhere (`cordon test --timeout`'s worker thread). */
export interface RunModules {
  wasm: Uint8Array
  parameterizedWasm?: Uint8Array
  data: Record<string, unknown>
  hostBuiltins: string[]
  separateNotes: boolean
}

/** Runs the tests of `input`. Throws UsageError for an unusable decision table. `evaluatorFor` default: this thread. */
export function runSources(
  input: RunInput,
  options: RunOptions = {},
  evaluatorFor?: (m: RunModules) => Evaluator,
): RunOutcome {
  const started = performance.now()
  const sources = new Map(input.sources.map((s) => [s.file, s.text]))
  const custom = options.builtins ?? noCustomBuiltins
  const checked = checkSources(input.sources, {
    builtins: custom.decls(),
    experimentalKeywords: options.experimentalKeywords,
    regoVersion: options.regoVersion,
  })
  const compiled = checked.compiled
  if (checked.diagnostics.length > 0 || !compiled)
    return { kind: 'diagnostics', diagnostics: checked.diagnostics, sources }
  const matches = (name: string) => !options.run || options.run.test(name)
  const tests = discoverTests(checked.modules).filter((t) => matches(t.name))
  const listed = input.tables
    .flatMap((t) => parseCases(t.file, t.text))
    .filter((c) => matches(`${c.location.file}#${c.name}`))
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
    const parameterized = runnable.filter(isParameterized)
    let parameterizedWasm: Uint8Array | undefined
    if (parameterized.length > 0) {
      // Parameterized tests run on a module that records the cases they start (test-cases.ts).
      const marked = buildChecked(
        withCaseMarkers(
          compiled,
          parameterized.map((t) => t.entrypoint),
        ),
        { entrypoints: parameterized.map((t) => t.entrypoint) },
      )
      if (!marked.wasm) return { kind: 'diagnostics', diagnostics: marked.diagnostics, sources }
      parameterizedWasm = marked.wasm
    }
    const separateNotes = options.explainMode === 'notes' || options.explainMode === 'full'
    const evaluator = evaluatorFor
      ? evaluatorFor({
          wasm: built.wasm,
          parameterizedWasm,
          data: input.data,
          hostBuiltins: built.hostBuiltins ?? [],
          separateNotes,
        })
      : localModules(built.wasm, parameterizedWasm, input.data, custom, separateNotes)
    const total = runnable.length + cases.length
    let done = 0
    const tick = () => options.progress?.(++done, total)
    try {
      for (const t of runnable) {
        results.push(runTest(evaluator, t, options))
        tick()
      }
      for (const c of cases) {
        results.push(runCase(evaluator, c, input.data, options))
        tick()
      }
    } finally {
      evaluator.close()
    }

    if (options.explain) {
      // Parameterized tests report their cases instead.
      const failing = results.filter(
        (r) => r.kind === 'rego' && r.status === 'fail' && !parameterized.some((t) => t.name === r.name),
      )
      const failingTests = failing.map((r) => runnable.find((t) => t.name === r.name)!)
      const how = { full: options.explainMode === 'full', varValues: options.varValues }
      if (failing.length > 0)
        explainFailures(checked.modules, failingTests, input.data, sources, custom, how).forEach(
          (d, i) => (failing[i]!.failure = d),
        )
    }

    if (options.coverage && evaluator.loadStopped()) {
      // The instrumented module would compute the same slow data cache, with no deadline here.
      coverage = coverageReport(instrument(checked.modules).coverable, new Set())
    } else if (options.coverage) {
      const { modules, coverable } = instrument(checked.modules)
      const instrumented = compileParsed(modules, entrypoints, [coverDecl], custom)
      if (!instrumented.wasm) return { kind: 'diagnostics', diagnostics: instrumented.diagnostics, sources }
      const recorder = coverageRecorder()
      const covInstance = instantiate(instrumented.wasm, input.data, recorder.impl, custom)
      // A test or case stopped at the deadline is not run again here: nothing would stop it.
      const stopped = new Set(results.filter((r) => r.error?.code === TIMEOUT_CODE).map((r) => r.name))
      for (const t of runnable)
        if (!stopped.has(t.name))
          quietly(() => covInstance.evaluateText(undefined, t.entrypoint, { strict: options.strict }))
      for (const c of cases) {
        if (stopped.has(caseName(c))) continue
        if (c.data) covInstance.setData(mergePatch(input.data, c.data))
        quietly(() => covInstance.evaluateText(JSON.stringify(c.input), c.entrypoint, { strict: options.strict }))
        if (c.data) covInstance.setData(input.data)
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
  return {
    name: `${c.location.file}#${c.name}`,
    kind: 'case',
    suite: c.location.file,
    location: c.location,
    status: 'error',
    duration: 0,
    error: { code: 'rego_compile_error', message: `${at}: ${message}` },
  }
}

function skipped(t: DiscoveredTest): TestResult {
  return { name: t.name, kind: 'rego', suite: t.pkg, status: 'skip', location: t.location, duration: 0 }
}

/** The evaluator for runs without a deadline: the modules on this thread. */
function localModules(
  wasm: Uint8Array,
  parameterizedWasm: Uint8Array | undefined,
  data: Record<string, unknown>,
  custom: CustomBuiltins,
  separateNotes: boolean,
): Evaluator {
  const host = runnerHostBuiltins(separateNotes)
  return localEvaluator({
    plain: instantiate(wasm, data, host.impls, custom),
    parameterized: parameterizedWasm ? instantiate(parameterizedWasm, data, host.impls, custom) : undefined,
    takeCases: host.takeCases,
    data,
    notes: host.notes,
  })
}

/** The code of a test stopped by `--timeout` (OPA's for a cancelled evaluation). */
const TIMEOUT_CODE = 'eval_cancel_error'

const caseName = (c: DecisionCase) => `${c.location.file}#${c.name}`

/** What every result carries from its evaluation: time, print output, notes, error, bench figures. */
function common(res: EvalResponse): Pick<TestResult, 'duration' | 'output' | 'notes' | 'error' | 'benchmark'> {
  return {
    duration: res.duration,
    ...(res.output.length ? { output: res.output } : {}),
    ...(res.notes.length ? { notes: res.notes } : {}),
    ...(res.error ? { error: res.error } : {}),
    ...(res.bench ? { benchmark: res.bench } : {}),
  }
}

/** A Rego test; a parameterized one gives one sub-result per case it has or started. */
function runTest(evaluator: Evaluator, t: DiscoveredTest, options: RunOptions): TestResult {
  const base = { name: t.name, kind: 'rego' as const, suite: t.pkg, location: t.location }
  const req: EvalRequest = { entrypoint: t.entrypoint, strict: options.strict, parameterized: isParameterized(t) }
  const res = evaluator.evaluate(req)
  if (res.text === undefined) return { ...base, status: 'error', ...common(res) }
  const rs = JSON.parse(res.text) as { result?: unknown }[]
  let result: TestResult
  if (!req.parameterized) {
    const passed = rs.length > 0 && rs.every((r) => r.result !== undefined && r.result !== false)
    result = { ...base, status: passed ? 'pass' : 'fail', ...common(res) }
  } else if (rs.length === 0 || rs[0]!.result === undefined) {
    result = { ...base, status: 'fail', ...common(res) }
  } else {
    const subs = subResults(rs[0]!.result, res.cases ?? [])
    result = {
      ...base,
      status: subs.fail ? 'fail' : 'pass',
      ...(subs.results.length ? { subResults: subs.results } : {}),
      ...common(res),
    }
  }
  // As opa test --bench: a test that passed is measured (with its own deadline); one that did not is reported as it is.
  if (!options.bench || result.status !== 'pass') return result
  // On the shipped module: a parameterized test's marked copy records cases, which is not what ships.
  const bench = evaluator.evaluate({ ...req, parameterized: false, bench: true })
  return bench.bench ? { ...result, benchmark: bench.bench } : { ...result, status: 'error', error: bench.error }
}

function runCase(
  evaluator: Evaluator,
  c: DecisionCase,
  data: Record<string, unknown>,
  options: RunOptions,
): TestResult {
  const base = { name: caseName(c), kind: 'case' as const, suite: c.location.file, location: c.location }
  const res = evaluator.evaluate({
    entrypoint: c.entrypoint,
    input: JSON.stringify(c.input),
    strict: options.strict,
    ...(c.data ? { data: mergePatch(data, c.data) } : {}),
  })
  if (res.text === undefined) return { ...base, status: 'error', ...common(res) }
  const rs = JSON.parse(res.text) as { result?: unknown }[]
  const mismatches = compareExpect(c.expect, rs[0]?.result)
  return {
    ...base,
    status: mismatches.length === 0 ? 'pass' : 'fail',
    ...(mismatches.length ? { mismatches } : {}),
    ...common(res),
  }
}

function quietly(fn: () => void): void {
  try {
    fn()
  } catch {
    // An error is the test's result, reported from the plain module; coverage keeps what ran.
  }
}
