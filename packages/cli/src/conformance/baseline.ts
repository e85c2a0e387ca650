import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { caseId } from './cases.js'
import type { CaseVerdict } from './report.js'

/**
 * The committed list of cases known to pass. It only grows: a case listed
 * here that does not pass is a regression.
 */
export function readBaseline(file: string): Set<string> {
  if (!existsSync(file)) return new Set()
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { passing?: string[] }
  return new Set(parsed.passing ?? [])
}

/** Cases in the baseline that did not pass in this run (cases not run are not counted). */
export function regressions(baseline: Set<string>, verdicts: CaseVerdict[]): CaseVerdict[] {
  return verdicts.filter((v) => v.status !== 'passed' && baseline.has(caseId(v)))
}

/** Writes the baseline: every case that passed before or now, sorted. */
export function writeBaseline(file: string, baseline: Set<string>, verdicts: CaseVerdict[]): void {
  const passing = new Set(baseline)
  for (const v of verdicts) if (v.status === 'passed') passing.add(caseId(v))
  writeFileSync(file, JSON.stringify({ passing: [...passing].sort() }, null, 1) + '\n')
}
