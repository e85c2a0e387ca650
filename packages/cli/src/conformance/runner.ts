import type { ConformanceCase } from './cases.js'
import { judge, type CaseOutcome } from './judge.js'
import { summarize, type CaseVerdict, type RunSummary } from './report.js'
import { skipReason } from './skips.js'

/** Something that evaluates a conformance case: the Wasm path, or any other backend. */
export interface ConformanceBackend {
  name: string
  /** Evaluates one case. */
  run(c: ConformanceCase): Promise<CaseOutcome> | CaseOutcome
}

/**
 * Runs the cases one by one. A backend that throws fails that case with the
 * message as reason; the run goes on.
 */
export async function runCases(
  cases: readonly ConformanceCase[],
  backend: ConformanceBackend,
  options: { skips?: Map<string, string>; onCase?: (v: CaseVerdict) => void } = {},
): Promise<RunSummary> {
  const verdicts: CaseVerdict[] = []
  for (const c of cases) {
    const base = { file: c.file, index: c.index, note: c.note }
    const skip = options.skips && skipReason(options.skips, c)
    let verdict: CaseVerdict
    if (skip) verdict = { ...base, status: 'skipped', reason: skip }
    else {
      let reason: string | undefined
      try {
        reason = judge(c, await backend.run(c))
      } catch (err) {
        reason = `${backend.name} failed: ${err instanceof Error ? err.message : String(err)}`
      }
      verdict = reason === undefined ? { ...base, status: 'passed' } : { ...base, status: 'failed', reason }
    }
    verdicts.push(verdict)
    options.onCase?.(verdict)
  }
  return summarize(verdicts)
}
