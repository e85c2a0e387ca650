/**
 * `cordon test --format opa-json`: the JSON `opa test --format json` prints
 * (v1/tester/reporter.go JSONReporter: an array of tester.Result), and with
 * `--coverage` the report `opa test --coverage --format json` prints
 * (v1/cover/cover.go Report), so tools written for OPA's output read
 * Cordon's. Differences are listed in packages/cli/README.md.
 */
import { leaves } from './test-cases.js'
import type { CoverageReport, SubResult, TestReport, TestResult } from './types.js'

interface OpaSubResult {
  name?: string
  fail?: true
  sub_results?: Record<string, OpaSubResult>
}

interface OpaResult {
  location: { file: string; row: number; col: number }
  package: string
  name: string
  fail?: true
  error?: { code: string; message: string }
  skip?: true
  /** Nanoseconds (Go's time.Duration). */
  duration: number
  /** Print output, base64 (Go's []byte). */
  output?: string
  benchmark_result?: {
    N: number
    T: number
    Bytes: number
    MemAllocs: number
    MemBytes: number
    Extra: Record<string, number>
  }
  sub_results?: Record<string, OpaSubResult>
}

/** `data.p.test_x` → package `data.p`, name `test_x`; a decision-table case → its file and case name. */
function naming(r: TestResult): { package: string; name: string } {
  if (r.kind === 'case') return { package: r.suite, name: r.name.slice(r.name.indexOf('#') + 1) }
  const pkg = `data.${r.suite}`
  return { package: pkg, name: r.name.slice(pkg.length + 1) }
}

function subResultMap(subs: readonly SubResult[]): Record<string, OpaSubResult> {
  const out: Record<string, OpaSubResult> = {}
  for (const s of [...subs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    out[s.name] = {
      name: s.name,
      ...(s.status === 'fail' ? { fail: true as const } : {}),
      ...(s.subResults?.length ? { sub_results: subResultMap(s.subResults) } : {}),
    }
  }
  return out
}

function opaTestResult(r: TestResult): OpaResult {
  const b = r.benchmark
  return {
    location: { file: r.location.file, row: r.location.row, col: 1 },
    ...naming(r),
    ...(r.status === 'fail' ? { fail: true as const } : {}),
    ...(r.error ? { error: r.error } : {}),
    ...(r.status === 'skip' ? { skip: true as const } : {}),
    duration: Math.round(r.duration * 1e6),
    ...(r.output?.length ? { output: Buffer.from(r.output.map((l) => `${l}\n`).join('')).toString('base64') } : {}),
    ...(b
      ? { benchmark_result: { N: b.n, T: b.ns, Bytes: 0, MemAllocs: b.allocs, MemBytes: b.allocBytes, Extra: {} } }
      : {}),
    ...(r.subResults?.length && leaves(r.subResults).length ? { sub_results: subResultMap(r.subResults) } : {}),
  }
}

/** JSON as Go's encoding/json writes it indented: two spaces, and <, >, &, U+2028, U+2029 escaped. */
function goJson(value: unknown): string {
  const escapes: Record<string, string> = {
    '<': '\\u003c',
    '>': '\\u003e',
    '&': '\\u0026',
    '\u2028': '\\u2028',
    '\u2029': '\\u2029',
  }
  // Outside strings JSON has none of these characters, so every one is inside a string.
  return JSON.stringify(value, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => escapes[c]!) + '\n'
}

/** The results as `opa test --format json` prints them. */
export function renderOpaTestJson(report: TestReport): string {
  return goJson(report.results.map(opaTestResult))
}

interface OpaRange {
  start: { row: number }
  end: { row: number }
}

/** Sorted rows as OPA's ranges of consecutive rows. */
function ranges(rows: readonly number[]): OpaRange[] {
  const out: OpaRange[] = []
  for (const row of rows) {
    const last = out[out.length - 1]
    if (last && row === last.end.row + 1) last.end.row = row
    else if (!last || row > last.end.row) out.push({ start: { row }, end: { row } })
  }
  return out
}

/** The coverage as `opa test --coverage --format json` prints it: per-file ranges and counts, and the unrounded percentage. */
export function renderOpaCoverageJson(coverage: CoverageReport): string {
  const files: Record<string, Record<string, unknown>> = {}
  for (const f of coverage.files) {
    const total = f.covered.length + f.notCovered.length
    // Go's omitempty: no empty list, zero count or zero percentage.
    files[f.file] = {
      ...(f.covered.length ? { covered: ranges(f.covered) } : {}),
      ...(f.notCovered.length ? { not_covered: ranges(f.notCovered) } : {}),
      ...(f.covered.length ? { covered_lines: f.covered.length } : {}),
      ...(f.notCovered.length ? { not_covered_lines: f.notCovered.length } : {}),
      ...(total && f.covered.length ? { coverage: (100 * f.covered.length) / total } : {}),
    }
  }
  const total = coverage.coveredLines + coverage.notCoveredLines
  const report = {
    files,
    covered_lines: coverage.coveredLines,
    not_covered_lines: coverage.notCoveredLines,
    coverage: total ? (100 * coverage.coveredLines) / total : 0,
  }
  return goJson(report)
}
