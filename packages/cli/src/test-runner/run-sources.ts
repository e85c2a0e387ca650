/**
 * `runSources`: policy sources, data and decision tables given as text → one
 * compiled module (policies, tests, and the entrypoints of decision tables)
 * → each test evaluated against it → optional coverage (a second,
 * instrumented module) and values for failures. The compile is
 * compile-run.ts; with a `RunCache` (`--cache`, run-cache.ts) an unchanged
 * run reuses it. No file or thread access: `cordon test` (run.ts) reads the
 * files, and the playground runs this in its Web Worker.
 */
import type { CheckOptions, CheckResult, Diagnostic, RegoVersion, SourceFile } from '@cordon/rego'
import { availableHostBuiltins, noCustomBuiltins, type CustomBuiltins } from '../custom-builtins.js'
import { compareExpect, mergePatch, parseCases, type DecisionCase } from './cases.js'
import { compileParsed, instantiate } from './compile.js'
import { localEvaluator, runnerHostBuiltins, type EvalRequest, type EvalResponse, type Evaluator } from './evaluate.js'
import { coverageRecorder, coverageReport, coverDecl, instrument } from './coverage.js'
import { checkRun, compileRun, runTestsOf, type CompiledRun, type TestEntry } from './compile-run.js'
import { explainFailures } from './explain.js'
import { leaves, subResults } from './test-cases.js'
import type { CoverageReport, ExplainMode, FailureDetail, TestReport, TestResult } from './types.js'

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
  /** Compiled runs kept between runs (`--cache`): a run with the same sources compiles nothing. */
  cache?: RunCache
  /** Parses a file (default `parseModule`); `--watch` reuses the modules of unchanged files (parse-memo.ts). */
  parse?: CheckOptions['parse']
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

/**
 * Where a run keeps its compiled form between runs (`--cache`, run-cache.ts):
 * `description` names everything the compile depends on except the
 * compiler, which the cache adds.
 */
export interface RunCache {
  get(description: string): CompiledRun | undefined
  put(description: string, run: CompiledRun): void
  /** The explanations of a run's failing tests, in the order of its failures. */
  getFailures(description: string): FailureDetail[] | undefined
  putFailures(description: string, details: FailureDetail[]): void
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
  const matches = (name: string) => !options.run || options.run.test(name)
  const listed = input.tables
    .flatMap((t) => parseCases(t.file, t.text))
    .filter((c) => matches(`${c.location.file}#${c.name}`))
  const caseEntrypoints = listed.map((c) => c.entrypoint)
  const description = options.cache ? describeRun(input, options, caseEntrypoints) : ''
  let checked: CheckResult | undefined
  let compiled = options.cache?.get(description)
  if (!compiled) {
    const fresh = compileRun(input, options, caseEntrypoints)
    if ('diagnostics' in fresh) return { kind: 'diagnostics', diagnostics: fresh.diagnostics, sources }
    ;({ run: compiled, checked } = fresh)
    options.cache?.put(description, compiled)
  }
  // Explaining failures (when not cached either) and coverage need the syntax trees, which a cached run does not keep.
  const checkedNow = () => (checked ??= checkRun(input, options))
  // A case whose entrypoint cannot be planned is that case's error, at its file:row:col; the rest still run.
  const unplannable = new Map(compiled.unplannable)
  const cases = listed.filter((c) => !unplannable.has(c.entrypoint))
  const tests = compiled.tests
  const runnable = tests.filter((t) => !t.todo)
  const entrypoints = [...new Set([...runnable.map((t) => t.entrypoint), ...cases.map((c) => c.entrypoint)])]

  const results: TestResult[] = tests.filter((t) => t.todo).map((t) => skipped(t))
  for (const c of listed) if (unplannable.has(c.entrypoint)) results.push(caseError(c, unplannable.get(c.entrypoint)!))
  let coverage: CoverageReport | undefined
  if (compiled.wasm) {
    const separateNotes = options.explainMode === 'notes' || options.explainMode === 'full'
    const evaluator = evaluatorFor
      ? evaluatorFor({
          wasm: compiled.wasm,
          parameterizedWasm: compiled.parameterizedWasm,
          data: input.data,
          hostBuiltins: compiled.hostBuiltins,
          separateNotes,
        })
      : localModules(compiled.wasm, compiled.parameterizedWasm, input.data, custom, separateNotes)
    const total = runnable.length + cases.length
    let done = 0
    const tick = () => options.progress?.(++done, total)
    try {
      const testReqs = runnable.map((t) => testRequest(t, options))
      const caseReqs = cases.map((c) => caseRequest(c, input.data, options))
      const answers = evaluator.evaluateAll([...testReqs, ...caseReqs], tick)
      runnable.forEach((t, i) => results.push(testResult(evaluator, t, testReqs[i]!, answers[i]!, options)))
      cases.forEach((c, i) => results.push(caseResult(c, answers[testReqs.length + i]!)))
    } finally {
      evaluator.close()
    }

    if (options.explain) {
      // Parameterized tests report their cases instead.
      const failing = results.filter(
        (r) => r.kind === 'rego' && r.status === 'fail' && !runnable.some((t) => t.parameterized && t.name === r.name),
      )
      if (failing.length > 0) {
        const how = { full: options.explainMode === 'full', varValues: options.varValues }
        // The explanations depend on the data and the builtins' code too (they evaluate the failing expressions' operands).
        const about = options.cache
          ? `${description}\0${JSON.stringify([input.data, how, failing.map((r) => r.name), custom.definitions], (_, v: unknown) => (typeof v === 'function' ? String(v) : v))}`
          : ''
        let details = options.cache?.getFailures(about)
        if (details?.length !== failing.length) {
          const found = runTestsOf(checkedNow(), options)
          const failingTests = failing.map((r) => found.find((t) => t.name === r.name)!)
          details = explainFailures(checkedNow().modules, failingTests, input.data, sources, custom, how)
          options.cache?.putFailures(about, details)
        }
        details.forEach((d, i) => (failing[i]!.failure = d))
      }
    }

    if (options.coverage && evaluator.loadStopped()) {
      // The instrumented module would compute the same slow data cache, with no deadline here.
      coverage = coverageReport(instrument(checkedNow().modules).coverable, new Set())
    } else if (options.coverage) {
      const { modules, coverable } = instrument(checkedNow().modules)
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
    coverage = coverageReport(instrument(checkedNow().modules).coverable, new Set())
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
 * Everything a run's compile depends on, as text for a cache key: the
 * sources (name, Rego version, text), the language options, the custom
 * builtins' declarations and names, `--run`, and the cases' entrypoints.
 * Not the data: it is set on the instance, not compiled in.
 */
function describeRun(input: RunInput, options: RunOptions, caseEntrypoints: readonly string[]): string {
  const custom = options.builtins ?? noCustomBuiltins
  return JSON.stringify({
    sources: input.sources.map((s) => [s.file, s.regoVersion ?? null, s.text]),
    experimentalKeywords: options.experimentalKeywords ?? false,
    regoVersion: options.regoVersion ?? null,
    decls: [...(custom.decls() ?? [])],
    hostBuiltins: [...availableHostBuiltins(custom)].sort(),
    run: options.run ? [options.run.source, options.run.flags] : null,
    cases: [...new Set(caseEntrypoints)],
  })
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

function skipped(t: TestEntry): TestResult {
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

const testRequest = (t: TestEntry, options: RunOptions): EvalRequest => ({
  entrypoint: t.entrypoint,
  strict: options.strict,
  parameterized: t.parameterized,
})

/** A Rego test's result from its answer; a parameterized one gives one sub-result per case it has or started. */
function testResult(
  evaluator: Evaluator,
  t: TestEntry,
  req: EvalRequest,
  res: EvalResponse,
  options: RunOptions,
): TestResult {
  const base = { name: t.name, kind: 'rego' as const, suite: t.pkg, location: t.location }
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

const caseRequest = (c: DecisionCase, data: Record<string, unknown>, options: RunOptions): EvalRequest => ({
  entrypoint: c.entrypoint,
  input: JSON.stringify(c.input),
  strict: options.strict,
  ...(c.data ? { data: mergePatch(data, c.data) } : {}),
})

function caseResult(c: DecisionCase, res: EvalResponse): TestResult {
  const base = { name: caseName(c), kind: 'case' as const, suite: c.location.file, location: c.location }
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
