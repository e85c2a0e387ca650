import { checkSources } from '@cordon/rego'
import { describe, expect, it } from 'vitest'
import { hasConformance, loadConformanceCases } from '../support/conformance.js'
import { seededRandom } from '../support/random.js'
import { mutate, mutations } from './mutate.js'

// Thousands of broken modules must give diagnostics, never an exception, a
// hang or a stack overflow. The time bound only catches hangs; speed itself
// is measured by `pnpm bench:check`.
const MUTANTS = 3000
const HANG_MS = 2000

describe('checker on randomly mutated conformance modules', () => {
  const modules = (hasConformance ? loadConformanceCases() : []).flatMap((c) =>
    c.modules.map((text) => ({ text, experimentalKeywords: c.experimentalKeywords })),
  )

  it.skipIf(!hasConformance)(`returns diagnostics for ${MUTANTS} mutants without throwing`, () => {
    const rand = seededRandom(20261127)
    let withErrors = 0
    let slowest = 0
    for (let n = 0; n < MUTANTS; n++) {
      const base = modules[Math.floor(rand() * modules.length)]!
      const kind = mutations[n % mutations.length]!
      const text = mutate(base.text, kind, rand)
      const started = performance.now()
      let result
      try {
        result = checkSources([{ file: 'mutant.rego', text }], { experimentalKeywords: base.experimentalKeywords })
      } catch (err) {
        throw new Error(`mutant ${n} (${kind}) threw: ${String(err)}\n--- source ---\n${text}`, { cause: err })
      }
      const ms = performance.now() - started
      slowest = Math.max(slowest, ms)
      expect(ms, `mutant ${n} (${kind}) took ${ms.toFixed(0)} ms\n${text}`).toBeLessThan(HANG_MS)
      for (const d of result.diagnostics) {
        expect(d.location.row, `row of ${d.message}`).toBeGreaterThanOrEqual(1)
        expect(d.location.col, `col of ${d.message}`).toBeGreaterThanOrEqual(1)
      }
      if (result.diagnostics.length > 0) withErrors++
    }
    console.log(`mutated modules: ${MUTANTS} checked, ${withErrors} with diagnostics, slowest ${slowest.toFixed(1)} ms`)
    // Most mutations break a module; a run where none did would mean the mutator is broken.
    expect(withErrors).toBeGreaterThan(MUTANTS / 3)
  })

  it.each([
    { note: '10,000 nested arrays', text: `package p\nx := ${'['.repeat(10_000)}${']'.repeat(10_000)}` },
    { note: '10,000 nested objects', text: `package p\nx := ${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}` },
    { note: '10,000 nested parentheses', text: `package p\nx := ${'('.repeat(10_000)}1${')'.repeat(10_000)}` },
    { note: '10,000 nested not-closed brackets', text: `package p\nx := ${'['.repeat(10_000)}` },
    { note: 'a 2,000-term sum', text: `package p\nx := ${Array(2_000).fill('1').join(' + ')}` },
  ])('deep nesting gives a diagnostic, not a stack overflow: $note', ({ note, text }) => {
    const result = checkSources([{ file: 'deep.rego', text }])
    if (note.startsWith('a 2,000-term')) expect(result.diagnostics).toEqual([])
    else expect(result.diagnostics.length, note).toBeGreaterThan(0)
  })
})
