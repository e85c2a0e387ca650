/**
 * Seeded mutation fuzzing: conformance modules with bytes deleted, duplicated
 * or replaced must never make the parser throw or hang (as Rego v1 or v0),
 * and every diagnostic must point inside the source.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { conformanceDir, hasConformance, readCaseFile, yamlFiles } from '../../../../test/support/conformance.js'
import { parseModule, parseQuery, parseTerm } from './parse.js'

const casesDir = path.join(conformanceDir, 'cases')

function sampleModules(limit: number): string[] {
  const out: string[] = []
  for (const file of yamlFiles(casesDir)) {
    if (out.length >= limit) break
    for (const c of readCaseFile(file)) out.push(...((c.modules as string[] | undefined) ?? []).slice(0, 1))
  }
  return out.slice(0, limit)
}

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ALPHABET = '{}[]()"`$\\#:=.,;|&-+ \n\tifelsenotsomeinevery0123456789xyz'

function mutate(src: string, rand: () => number): string {
  let s = src
  const n = 1 + Math.floor(rand() * 4)
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rand() * (s.length + 1))
    const op = rand()
    if (op < 0.4) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 5))
    else if (op < 0.8) s = s.slice(0, at) + ALPHABET[Math.floor(rand() * ALPHABET.length)]! + s.slice(at)
    else s = s.slice(0, at) + s.slice(Math.max(0, at - 20), at) + s.slice(at)
  }
  return s
}

describe.skipIf(!hasConformance)('fuzz', () => {
  it('never throws, and locations stay inside the source', () => {
    const rand = rng(42)
    const modules = sampleModules(400)
    const problems: string[] = []
    for (const m of modules) {
      for (let k = 0; k < 5; k++) {
        const src = mutate(m, rand)
        // Both language versions: v0 reads the same bytes with other keywords and rule forms.
        for (const [parse, regoVersion] of [parseModule, parseQuery, parseTerm].flatMap(
          (f) =>
            [
              [f, 'v1'],
              [f, 'v0'],
            ] as const,
        )) {
          const r = parse(src, { experimentalKeywords: true, regoVersion })
          const bad = r.diagnostics.some(
            (d) =>
              d.code !== 'rego_parse_error' ||
              d.location.offset < 0 ||
              d.location.offset > src.length ||
              d.location.row < 1 ||
              d.location.col < 1,
          )
          if (bad || r.diagnostics.length > 10) problems.push(src)
        }
      }
    }
    expect(problems).toEqual([])
  })
})
