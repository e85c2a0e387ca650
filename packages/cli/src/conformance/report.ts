import { topicOf } from './cases.js'

type CaseStatus = 'passed' | 'failed' | 'skipped'

/** The verdict on one case, in the shape `cordon conformance --format json` prints. */
export interface CaseVerdict {
  file: string
  index: number
  note: string
  status: CaseStatus
  reason?: string
}

/** The counts of a conformance run, with each case's verdict. */
export interface RunSummary {
  passed: number
  failed: number
  skipped: number
  total: number
  cases: CaseVerdict[]
}

/** Counts the verdicts of a run. */
export function summarize(cases: CaseVerdict[]): RunSummary {
  const count = (s: CaseStatus) => cases.filter((c) => c.status === s).length
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), total: cases.length, cases }
}

/** A table per topic, then the failures with their reasons (and the command that reruns each), then `N passed, N failed, N skipped`. */
export function renderSummary(
  summary: RunSummary,
  options: { showFailures?: boolean; reproduce?: (c: CaseVerdict) => string } = {},
): string {
  const topics = new Map<string, Record<CaseStatus, number>>()
  for (const c of summary.cases) {
    const t = topicOf(c)
    const row = topics.get(t) ?? { passed: 0, failed: 0, skipped: 0 }
    row[c.status]++
    topics.set(t, row)
  }
  const width = Math.max(5, ...[...topics.keys()].map((t) => t.length))
  const lines = [`${'topic'.padEnd(width)}  passed  failed  skipped`]
  for (const [topic, r] of [...topics].sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(
      `${topic.padEnd(width)}  ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.skipped).padStart(7)}`,
    )
  }
  if (options.showFailures) {
    const failures = summary.cases.filter((c) => c.status === 'failed')
    if (failures.length) lines.push('', 'failures:')
    for (const f of failures) {
      lines.push(`  ${f.file}#${f.index} ${f.note}: ${f.reason ?? ''}`)
      if (options.reproduce) lines.push(`    rerun: ${options.reproduce(f)}`)
    }
  }
  lines.push('', `${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`)
  return lines.join('\n') + '\n'
}
