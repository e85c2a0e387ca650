/**
 * The must-hold test: conformance cases that call only builtins the test
 * interpreter implements, run through parse → check → plan → interpret.
 * The floors are the counts reached; raise them as the planner improves,
 * never lower them. `CORDON_VERBOSE=1` prints every failure with its reason;
 * `CORDON_CASE=<note substring>` prints the query and IR of matching cases.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { conformanceDir as shared, hasConformance } from '../../../../test/support/corpora.js'
import { inScope, loadCases, runCase, type RunOptions } from './testing/conformance.js'

/** Passing in-scope cases of `cases/`; a regression below this fails the test. */
const FLOOR = 876
/** Passing in-scope cases of `wasm-assets/`. */
const WASM_ASSETS_FLOOR = 248

function runSet(dir: string, options: RunOptions = {}): number {
  const cases = loadCases(dir).filter((c) => inScope(c.case))
  const perTopic = new Map<string, { pass: number; total: number }>()
  const failures: string[] = []
  let passed = 0
  for (const lc of cases) {
    const t = perTopic.get(lc.topic) ?? { pass: 0, total: 0 }
    perTopic.set(lc.topic, t)
    t.total++
    const debug = process.env.CORDON_CASE && lc.case.note.includes(process.env.CORDON_CASE) ? console.log : undefined
    const out = runCase(lc.case, { ...options, debug })
    if (out.pass) {
      t.pass++
      passed++
    } else failures.push(`${path.relative(dir, lc.file)}#${lc.index} ${lc.case.note}: ${out.reason.slice(0, 600)}`)
  }
  const rate = ((100 * passed) / Math.max(1, cases.length)).toFixed(1)
  const summary = [...perTopic].map(([topic, t]) => `${topic} ${t.pass}/${t.total}`).join(', ')
  console.log(`${path.basename(dir)}: ${passed}/${cases.length} in-scope cases pass (${rate}%)\n${summary}`)
  if (process.env.CORDON_VERBOSE && failures.length) console.log(failures.join('\n'))
  return passed
}

describe.skipIf(!hasConformance)('planner conformance (IR interpreter)', () => {
  it(`passes at least ${FLOOR} in-scope cases of cases/`, () => {
    expect(runSet(path.join(shared, 'cases'))).toBeGreaterThanOrEqual(FLOOR)
  })
  it(`passes at least ${WASM_ASSETS_FLOOR} in-scope cases of wasm-assets/`, () => {
    expect(runSet(path.join(shared, 'wasm-assets'), { wasmAssets: true })).toBeGreaterThanOrEqual(WASM_ASSETS_FLOOR)
  })
})
