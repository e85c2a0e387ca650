import type { ConformanceCase } from './cases.js'
import { sameResults, type ResultRows } from './compare.js'
import { fromPlain, type ExactValue } from './exact-json.js'

/** What a backend produced for a case. */
export type CaseOutcome = { kind: 'result'; rows: ResultRows } | { kind: 'error'; code: string; message: string }

/**
 * Judges an outcome against the case's expectations, as OPA's topdown runner
 * does: every expectation present is checked on its own. Returns undefined
 * when the case passes, else the reason it failed.
 */
export function judge(c: ConformanceCase, outcome: CaseOutcome): string | undefined {
  const wantsError = c.wantErrorCode !== undefined || c.wantError !== undefined
  if (wantsError) {
    if (outcome.kind !== 'error')
      return `expected an error${c.wantErrorCode ? ` (${c.wantErrorCode})` : ''}, got ${show(outcome.rows)}`
    if (c.wantErrorCode !== undefined && outcome.code !== c.wantErrorCode) {
      return `expected error code ${c.wantErrorCode}, got ${outcome.code}: ${outcome.message}`
    }
    if (c.wantError !== undefined && !outcome.message.includes(c.wantError)) {
      return `expected an error message containing ${JSON.stringify(c.wantError)}, got ${JSON.stringify(outcome.message)}`
    }
  }
  if (c.wantResult !== undefined) {
    if (outcome.kind === 'error') return `expected a result, got error ${outcome.code}: ${outcome.message}`
    const expected = fromPlain(c.wantResult) as Record<string, ExactValue>[]
    if (
      !sameResults(expected, outcome.rows, { sortBindings: c.sortBindings, ignoreGeneratedVars: c.ignoreGeneratedVars })
    ) {
      return `expected ${show(expected)}, got ${show(outcome.rows)}`
    }
  }
  if (!wantsError && c.wantResult === undefined) return 'the case has no expectation'
  return undefined
}

function show(rows: ResultRows): string {
  const text = JSON.stringify(rows, (_k, v) =>
    typeof v === 'object' && v?.constructor?.name === 'ExactNumber' ? Number(String(v)) : v,
  )
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}
