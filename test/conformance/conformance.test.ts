import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  caseId,
  loadCases,
  readBaseline,
  readSkips,
  regressions,
  renderSummary,
  runCases,
  wasmBackend,
} from '../../packages/cli/src/conformance/index.js'
import { conformanceDir, hasConformance, repoRoot } from '../support/conformance.js'

// The whole development set through the shipped path: compile to Wasm, run
// in the engine's instance. Passing cases are recorded in baseline.json
// (`pnpm cordon conformance --update-baseline ../shared/conformance/cases`);
// a recorded case that fails now is a regression.
const baselineFile = path.join(repoRoot, 'test/conformance/baseline.json')
const skipsFile = path.join(repoRoot, 'test/conformance/skips.yaml')

describe.skipIf(!hasConformance)('OPA conformance through Wasm', () => {
  it('passes every case of the baseline', { timeout: 600_000 }, async () => {
    const cases = loadCases(path.join(conformanceDir, 'cases'))
    const stats = { compileMs: [] as number[] }
    const started = performance.now()
    const summary = await runCases(cases, wasmBackend(stats), { skips: readSkips(skipsFile) })
    const seconds = (performance.now() - started) / 1000
    const baseline = readBaseline(baselineFile)
    if (process.env.CORDON_VERBOSE) console.log(renderSummary(summary, { showFailures: true }))
    console.log(`conformance: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped in ${seconds.toFixed(1)} s`)
    expect(regressions(baseline, summary.cases).map((v) => `${caseId(v)} ${v.note}: ${v.reason}`)).toEqual([])
    // The baseline is real: it holds cases, and all of them exist in the suite.
    expect(baseline.size).toBeGreaterThan(0)
    const ids = new Set(cases.map(caseId))
    expect([...baseline].filter((id) => !ids.has(id))).toEqual([])
  })
})
