/**
 * One conformance suite as a vitest test: every case of a development set
 * through the shipped path (compile to Wasm, run in the engine's instance).
 * Passing cases are recorded in a baseline (`pnpm cordon conformance
 * --update-baseline …`); a recorded case that fails now is a regression.
 * The v1 suite and its v0 copy both run through here, each with its own
 * baseline and skips.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  caseId,
  loadCases,
  readBaseline,
  readSkips,
  regressions,
  reproduceCommand,
  renderSummary,
  runCases,
  wasmBackend,
  type ConformanceSuite,
} from '../../packages/cli/src/conformance/index.js'
import { repoRoot } from './corpora.js'

/** Runs `suite` (from corpora.ts `suites`); skips when its cases are absent (see corpora.ts). */
export function conformanceSuite(title: string, spec: ConformanceSuite): void {
  const rerun = (c: { file: string; index: number }) => reproduceCommand(c, { suite: spec.name })
  describe.skipIf(!existsSync(spec.casesDir))(title, () => {
    it('passes every case of the baseline', { timeout: 600_000 }, async () => {
      const cases = loadCases(spec.casesDir)
      const stats = { compileMs: [] as number[] }
      const started = performance.now()
      const summary = await runCases(cases, wasmBackend(stats, spec.regoVersion), {
        skips: readSkips(path.join(repoRoot, spec.skipsFile)),
      })
      const seconds = (performance.now() - started) / 1000
      const baseline = readBaseline(path.join(repoRoot, spec.baselineFile))
      if (process.env.CORDON_VERBOSE) console.log(renderSummary(summary, { showFailures: true, reproduce: rerun }))
      console.log(
        `${title}: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped in ${seconds.toFixed(1)} s`,
      )
      expect(
        regressions(baseline, summary.cases).map((v) => `${caseId(v)} ${v.note}: ${v.reason} (rerun: ${rerun(v)})`),
      ).toEqual([])
      // The baseline is real: it holds cases, and all of them exist in the suite.
      expect(baseline.size).toBeGreaterThan(0)
      const ids = new Set(cases.map(caseId))
      expect([...baseline].filter((id) => !ids.has(id))).toEqual([])
    })
  })
}
