/**
 * The compile step of a test run, apart from evaluating: the sources checked,
 * the tests found, and one module built with every test (and decision-table
 * case) as an entrypoint, plus the case-marked module for parameterized tests.
 * What it returns (`CompiledRun`) is plain data, so a cache (`--cache`,
 * run-cache.ts) can keep it between runs and a later run with the same
 * sources skips all of this. Its compiles are counted (`compileCounts`).
 */
import { checkSources, planPolicy, type CheckResult, type CompiledPolicy, type Diagnostic } from '@cordon/rego'
import { buildChecked } from '@cordon/wasm'
import { availableHostBuiltins, noCustomBuiltins } from '../custom-builtins.js'
import { discoverTests, isParameterized, type DiscoveredTest } from './discover.js'
import type { RunInput, RunOptions } from './run-sources.js'
import { compileCounts } from './compile.js'
import { withCaseMarkers } from './test-cases.js'
import type { SourceRef } from './types.js'

/** A test as a run reports it: what is left of a DiscoveredTest without its syntax tree. */
export interface TestEntry {
  name: string
  pkg: string
  entrypoint: string
  location: SourceRef
  todo: boolean
  parameterized: boolean
}

/** The compiled form of a run's sources, independent of its data. */
export interface CompiledRun {
  /** The tests matching `--run`, todo ones included, in report order. */
  tests: TestEntry[]
  /** Decision-table entrypoints that name no rule, with the planner's message. */
  unplannable: [entrypoint: string, message: string][]
  /** Every runnable test's and case's entrypoint; absent when there are none. */
  wasm?: Uint8Array
  /** The case-marked module of the parameterized tests (test-cases.ts). */
  parameterizedWasm?: Uint8Array
  hostBuiltins: string[]
}

/** `checkSources` as a run checks its input (counted). */
export function checkRun(input: RunInput, options: RunOptions): CheckResult {
  compileCounts.checks++
  return checkSources(input.sources, {
    builtins: (options.builtins ?? noCustomBuiltins).decls(),
    experimentalKeywords: options.experimentalKeywords,
    regoVersion: options.regoVersion,
    parse: options.parse,
  })
}

/** The tests a check found, filtered by `--run`. */
export function runTestsOf(checked: CheckResult, options: RunOptions): DiscoveredTest[] {
  return discoverTests(checked.modules).filter((t) => !options.run || options.run.test(t.name))
}

/**
 * Checks and builds a run: `caseEntrypoints` are the entrypoints of the
 * decision-table cases that will run. Diagnostics when the sources or the
 * module do not compile.
 */
export function compileRun(
  input: RunInput,
  options: RunOptions,
  caseEntrypoints: readonly string[],
): { run: CompiledRun; checked: CheckResult } | { diagnostics: Diagnostic[] } {
  const custom = options.builtins ?? noCustomBuiltins
  const checked = checkRun(input, options)
  const compiled = checked.compiled
  if (checked.diagnostics.length > 0 || !compiled) return { diagnostics: checked.diagnostics }
  const tests = runTestsOf(checked, options)
  const unplannable = unplannableEntrypoints(compiled, [...new Set(caseEntrypoints)])
  const runnable = tests.filter((t) => !t.todo)
  const entrypoints = [
    ...new Set([...runnable.map((t) => t.entrypoint), ...caseEntrypoints.filter((e) => !unplannable.has(e))]),
  ]
  const run: CompiledRun = { tests: tests.map(entryOf), unplannable: [...unplannable], hostBuiltins: [] }
  if (entrypoints.length > 0) {
    // The module that ships: built exactly as `cordon build` builds it, from the policy checked above.
    compileCounts.builds++
    const built = buildChecked(compiled, { entrypoints, availableHostBuiltins: availableHostBuiltins(custom) })
    if (!built.wasm) return { diagnostics: built.diagnostics }
    run.wasm = built.wasm
    run.hostBuiltins = built.hostBuiltins ?? []
    const parameterized = runnable.filter(isParameterized).map((t) => t.entrypoint)
    if (parameterized.length > 0) {
      // Parameterized tests run on a module that records the cases they start (test-cases.ts).
      compileCounts.builds++
      const marked = buildChecked(withCaseMarkers(compiled, parameterized), { entrypoints: parameterized })
      if (!marked.wasm) return { diagnostics: marked.diagnostics }
      run.parameterizedWasm = marked.wasm
    }
  }
  return { run, checked }
}

function entryOf(t: DiscoveredTest): TestEntry {
  const { name, pkg, entrypoint, location, todo } = t
  return { name, pkg, entrypoint, location, todo, parameterized: isParameterized(t) }
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
