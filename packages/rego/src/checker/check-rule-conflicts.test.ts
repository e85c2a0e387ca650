/**
 * The rule-conflict check scales with the number of rules (issue 14.16: it
 * compared every pair, 40k rules took 53 s). Timed as a ratio of two sizes,
 * not against a clock: linear work grows 4× from 10k to 40k rules, the old
 * pairwise check 16×.
 */
import { describe, expect, it } from 'vitest'
import { parseModule } from '../syntax/index.js'
import { compileModules } from './index.js'
import { processCpuMs } from '../timing/process-cpu-ms.js'

/** `n` rules, half of them one level down (`g7.r := 7`), so each path has prefixes to look up. */
function generated(n: number) {
  let text = 'package gen\n'
  for (let i = 0; i < n; i++) text += i % 2 === 0 ? `r${i} := ${i}\n` : `g${i}.r := ${i}\n`
  const parsed = parseModule(text, { file: 'gen.rego' })
  expect(parsed.diagnostics).toEqual([])
  return parsed.module!
}

/** Best of two runs of the checker up to and including the conflict check, in ms. */
function checkTime(n: number): number {
  let best = Infinity
  for (let run = 0; run < 2; run++) {
    const module = generated(n)
    const t = processCpuMs()
    const { diagnostics } = compileModules([module], { stopAfter: 'check-rule-conflicts' })
    best = Math.min(best, processCpuMs() - t)
    expect(diagnostics).toEqual([])
  }
  return best
}

describe('check-rule-conflicts', () => {
  it('checks 40k generated rules in time linear in their number', () => {
    const small = checkTime(10_000)
    const large = checkTime(40_000)
    // 4× the rules: linear is about 4×; allow 8× (CPU time, so other load does not count).
    expect(large / small, `10k: ${small.toFixed(0)} ms, 40k: ${large.toFixed(0)} ms`).toBeLessThan(8)
  }, 180_000)

  it('still reports every rule below a single-value rule, sorted', () => {
    const parsed = parseModule('package t\nb.c := 1\na := 1\na.z := 2\na.y.x := 3\n', { file: 't.rego' })
    const { diagnostics } = compileModules([parsed.module!])
    expect(diagnostics.map((d) => `${d.location.row}:${d.location.col} ${d.message}`)).toEqual([
      '3:1 rule data.t.a conflicts with [data.t.a.y.x data.t.a.z]',
    ])
  })
})
