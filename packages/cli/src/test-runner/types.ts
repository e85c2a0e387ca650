/** The shapes shared by the test runner's stages and reporters. */

import type { BenchFigures } from './bench.js'

type TestStatus = 'pass' | 'fail' | 'error' | 'skip'

/** `cordon test --explain`, OPA's modes (see RunOptions.explainMode). */
export type ExplainMode = 'fails' | 'full' | 'notes'

/** Where a test or a decision-table case was written. */
export interface SourceRef {
  file: string
  row: number
}

/** A value involved in a failing test, computed by evaluating an operand of the failing expression. */
export interface ValueNote {
  /** The operand's source text (`decision.code`). */
  expr: string
  /** Every value the operand took (several when an earlier `some` iterates); empty: undefined. */
  values: unknown[]
}

/** One expression of a failing test's body, in order, up to the one that did not hold (`--explain full`). */
interface FailureStep {
  expr: string
  location: SourceRef
  held: boolean
  values: ValueNote[]
}

export interface FailureDetail {
  /** The first expression of the test's body that did not hold, and its location. */
  expr?: string
  location?: SourceRef
  values?: ValueNote[]
  /** With `--var-values`: the local variables the failing expression uses, bound by the expressions before it. */
  vars?: ValueNote[]
  /** With `--explain full`: the expressions before the failing one, which held, then the failing one. */
  steps?: FailureStep[]
  /** Why the values could not be computed, when they could not. */
  note?: string
}

/** One case of a parameterized test, as OPA's tester reports it (nested cases under a case). */
export interface SubResult {
  name: string
  status: 'pass' | 'fail'
  subResults?: SubResult[]
}

export interface TestResult {
  /** `data.pkg.test_x` for Rego tests; `file#name` for decision-table cases. */
  name: string
  kind: 'rego' | 'case'
  /** `pkg` (dotted) for Rego tests; the table file for cases. */
  suite: string
  status: TestStatus
  location: SourceRef
  /** Milliseconds. */
  duration: number
  /** `print` output captured while the test ran. */
  output?: string[]
  /** `trace` messages, with `--explain notes|full` (otherwise they are print output). */
  notes?: string[]
  /** With `--bench`: the measured run. */
  benchmark?: BenchFigures
  /** For errors: PolicyEvalError code and message. */
  error?: { code: string; message: string }
  /** For failures: what did not hold. */
  failure?: FailureDetail
  /** A parameterized test's cases; the summary counts these leaves instead of the test. */
  subResults?: SubResult[]
  /** For failing cases: field-by-field mismatches. */
  mismatches?: { field: string; expected: unknown; actual: unknown }[]
}

export interface FileCoverage {
  file: string
  covered: number[]
  notCovered: number[]
  /** Percentage of coverable lines covered (100 for a file with none). */
  coverage: number
}

export interface CoverageReport {
  files: FileCoverage[]
  coveredLines: number
  notCoveredLines: number
  coverage: number
}

export interface TestReport {
  results: TestResult[]
  coverage?: CoverageReport
  /** Set when --threshold was given. */
  threshold?: number
  summary: { total: number; pass: number; fail: number; error: number; skip: number }
  /** Milliseconds, compile included. */
  duration: number
}
