/** The reporters of `cordon test`: pretty (terminal), json, and JUnit XML. */
import { benchMemString, benchString } from './bench.js'
import { formatRanges } from './coverage.js'
import { leaves } from './test-cases.js'
import type { SubResult, TestReport, TestResult, ValueNote } from './types.js'
import { plain, type Colour } from '../reporters/colour.js'

const ms = (d: number) => (d < 1 ? `${(d * 1000).toFixed(0)}µs` : `${d.toFixed(1)}ms`)
const show = (v: unknown) => (v === undefined ? 'undefined' : JSON.stringify(v))
const label: Record<TestResult['status'], string> = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', skip: 'SKIPPED' }

/**
 * Failures, errors and skips always; passing tests with `verbose`. Then
 * coverage and the summary; `c` colours the statuses. With `--bench`, a
 * passing test is OPA's bench line instead: name, runs, ns/op, B/op, allocs/op (bench.ts).
 */
export function renderTestPretty(report: TestReport, verbose: boolean, c: Colour = plain): string {
  const status = (k: TestResult['status']) => (k === 'pass' ? c.green : k === 'skip' ? c.yellow : c.red)(label[k])
  const lines: string[] = []
  const benched = (r: TestResult) => r.status === 'pass' && r.benchmark !== undefined
  for (const r of report.results)
    if (benched(r)) lines.push(`${r.name}\t${benchString(r.benchmark!)}\t${benchMemString(r.benchmark!)}`)
  if (lines.length > 0) lines.push('')
  const shown = report.results.filter((r) => !benched(r) && (verbose || r.status !== 'pass'))
  const byFile = new Map<string, TestResult[]>()
  for (const r of shown) byFile.set(r.location.file, [...(byFile.get(r.location.file) ?? []), r])
  for (const [file, results] of byFile) {
    lines.push(`${file}:`)
    for (const r of results) {
      lines.push(`${r.name}: ${status(r.status)} (${ms(r.duration)})  ${r.location.file}:${r.location.row}`)
      lines.push(...details(r, verbose).map((l) => `  ${l}`))
    }
    lines.push('')
  }
  if (report.coverage) {
    lines.push('Coverage:')
    for (const f of report.coverage.files) {
      const missing = f.notCovered.length ? `  not covered: ${formatRanges(f.notCovered)}` : ''
      lines.push(
        `  ${f.file}: ${f.coverage.toFixed(2)}% (${f.covered.length}/${f.covered.length + f.notCovered.length} lines)${missing}`,
      )
    }
    const cov = report.coverage
    lines.push(
      `  total: ${cov.coverage.toFixed(2)}% (${cov.coveredLines}/${cov.coveredLines + cov.notCoveredLines} lines)`,
    )
    if (report.threshold !== undefined && cov.coverage < report.threshold) {
      lines.push(`  ${c.red(`coverage ${cov.coverage.toFixed(2)}% is below the threshold of ${report.threshold}%`)}`)
    }
    lines.push('')
  }
  const s = report.summary
  lines.push('-'.repeat(80))
  if (s.total === 0) lines.push('no tests found')
  for (const k of ['pass', 'fail', 'error', 'skip'] as const)
    if (s[k] > 0) lines.push(`${status(k)}: ${s[k]}/${s.total}`)
  lines.push(`(${ms(report.duration)})`)
  return lines.join('\n') + '\n'
}

function details(r: TestResult, verbose: boolean): string[] {
  const out: string[] = []
  if (r.error) out.push(`${r.error.code}: ${r.error.message}`)
  // A parameterized test's cases, as OPA prints them: failing ones, all with --verbose.
  const cases = (subs: readonly SubResult[], depth: number): void => {
    for (const c of subs) {
      if (verbose || c.status === 'fail') out.push(`${'  '.repeat(depth)}${c.name}: ${label[c.status]}`)
      if (c.subResults) cases(c.subResults, depth + 1)
    }
  }
  cases(r.subResults ?? [], 0)
  const valueLines = (notes: readonly ValueNote[]) =>
    notes.map((v) => `  ${v.expr} = ${v.values.length === 0 ? 'undefined' : v.values.map(show).join(' | ')}`)
  if (r.failure) {
    const f = r.failure
    if (f.steps) {
      out.push('explain (the test body, up to the expression that did not hold):')
      for (const s of f.steps)
        out.push(
          `  ${s.location.file}:${s.location.row}: ${s.expr}  (${s.held ? 'held' : 'failed'})`,
          ...valueLines(s.values).map((l) => `  ${l}`),
        )
    }
    if (f.expr) out.push(`failed at ${f.location!.file}:${f.location!.row}: ${f.expr}`)
    out.push(...valueLines(f.values ?? []))
    if (f.vars?.length) out.push('  local variables:', ...valueLines(f.vars).map((l) => `  ${l}`))
    if (f.note) out.push(`(${f.note})`)
  }
  if (r.notes?.length) out.push('notes:', ...r.notes.map((n) => `  Note ${JSON.stringify(n)}`))
  for (const m of r.mismatches ?? []) out.push(`${m.field}: expected ${show(m.expected)}, got ${show(m.actual)}`)
  if (r.output?.length && (verbose || r.status !== 'pass')) {
    out.push('print output:')
    out.push(...r.output.map((l) => `  ${l}`))
  }
  return out
}

/** The whole report as JSON: results, coverage, summary. */
export function renderTestJson(report: TestReport): string {
  return JSON.stringify(report, null, 2) + '\n'
}

const xml = (s: string) =>
  s
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
const secs = (d: number) => (d / 1000).toFixed(6)

/** A parameterized test as one result per leaf case (`data.p.test_x[one]`), as the summary counts them. */
function caseResults(r: TestResult): TestResult[] {
  if (!r.subResults?.length || r.status === 'error') return [r]
  return leaves(r.subResults).map((l) => ({
    ...r,
    name: `${r.name}[${l.path.map((p) => JSON.stringify(p)).join('][')}]`,
    status: l.status,
    subResults: undefined,
  }))
}

/** JUnit XML: a testsuite per package (per table file for decision cases), a testcase per test. */
export function renderTestJunit(report: TestReport): string {
  const suites = new Map<string, TestResult[]>()
  for (const r of report.results.flatMap(caseResults)) suites.set(r.suite, [...(suites.get(r.suite) ?? []), r])
  const count = (rs: TestResult[], s: TestResult['status']) => rs.filter((r) => r.status === s).length
  const attrs = (rs: TestResult[]) =>
    `tests="${rs.length}" failures="${count(rs, 'fail')}" errors="${count(rs, 'error')}" skipped="${count(rs, 'skip')}" time="${secs(rs.reduce((a, r) => a + r.duration, 0))}"`
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="cordon test" ${attrs(report.results)}>`]
  for (const [suite, rs] of suites) {
    out.push(`  <testsuite name="${xml(suite)}" ${attrs(rs)}>`)
    for (const r of rs) {
      const pkg = `data.${r.suite}`
      const short = r.kind === 'rego' ? r.name.slice(pkg.length + 1) : r.name.slice(r.name.indexOf('#') + 1)
      const classname = r.kind === 'rego' ? pkg : r.suite
      const open = `    <testcase name="${xml(short)}" classname="${xml(classname)}" file="${xml(r.location.file)}" line="${r.location.row}" time="${secs(r.duration)}"`
      const body: string[] = []
      if (r.status === 'skip') body.push('      <skipped/>')
      if (r.status === 'fail') {
        const text = details(r, true).join('\n')
        body.push(
          `      <failure message="${xml(`${r.name} failed at ${r.location.file}:${r.location.row}`)}" type="fail">${xml(text)}</failure>`,
        )
      }
      if (r.status === 'error')
        body.push(
          `      <error message="${xml(r.error!.message)}" type="${xml(r.error!.code)}">${xml(details(r, true).join('\n'))}</error>`,
        )
      if (r.output?.length) body.push(`      <system-out>${xml(r.output.join('\n'))}</system-out>`)
      out.push(body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`)
    }
    out.push('  </testsuite>')
  }
  out.push('</testsuites>')
  return out.join('\n') + '\n'
}
