/**
 * Property over every module of OPA's conformance suite (`../shared`) and
 * every file of the peer codebases (`../peers`): the formatted module parses
 * to the same AST as the original, and formatting it again changes nothing.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { conformanceDir, hasConformance, readCaseFile, yamlFiles } from '../../../../test/support/conformance.js'
import { describe, expect, it } from 'vitest'
import { roundTripProblem, shape } from './roundtrip.js'
import { parseModule } from '../syntax/parse.js'
import { formatModule } from './index.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const casesDir = path.join(conformanceDir, 'cases')
/** Peer Rego codebases checked out beside the repository (Regal, trivy-checks), formatted with `opa fmt` by their authors. */
const peersDir = path.resolve(here, '../../../../../peers')

function filesEnding(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name.startsWith('.') || name === 'node_modules') return []
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? filesEnding(full, ext) : name.endsWith(ext) ? [full] : []
  })
}

describe('round trip', () => {
  it('sees a change of meaning (the check is not vacuous)', () => {
    const a = parseModule('package x\n\np if input.a == 1\n').module!
    const b = parseModule('package x\n\np if input.a == 2\n').module!
    expect(shape(a)).not.toBe(shape(b))
    expect(roundTripProblem('package x\np := 1\nq if {\ninput.b\n}\n')).toBeUndefined()
  })
})

// Without the suite this skips; the vitest global setup says so once (test/support/corpora-notice.ts).
describe.skipIf(!hasConformance)('formatting the conformance modules', () => {
  it('keeps their meaning and is idempotent', { timeout: 120_000 }, () => {
    const problems: string[] = []
    let modules = 0
    for (const file of yamlFiles(casesDir)) {
      for (const c of readCaseFile(file) as { note: string; modules?: string[] }[]) {
        for (const m of c.modules ?? []) {
          modules++
          const problem = roundTripProblem(m)
          if (problem) problems.push(`${path.relative(casesDir, file)} ${c.note}: ${problem}`)
        }
      }
    }
    console.log(`round trip: ${modules - problems.length} of ${modules} conformance modules`)
    expect(modules).toBeGreaterThan(1000)
    expect(problems).toEqual([])
  })
})

if (!existsSync(peersDir)) console.log(`skipped: the peer codebases are not at ${peersDir}`)

describe.skipIf(!existsSync(peersDir))('formatting the peer codebases', () => {
  it(
    "keeps every file's meaning, and leaves files already formatted by opa fmt as they are",
    { timeout: 300_000 },
    () => {
      const files = filesEnding(peersDir, '.rego')
      const problems: string[] = []
      let unchanged = 0
      for (const file of files) {
        const source = readFileSync(file, 'utf8')
        const problem = roundTripProblem(source)
        if (problem) problems.push(`${path.relative(peersDir, file)}: ${problem}`)
        if (formatModule(source).formatted === source) unchanged++
      }
      console.log(`peers: ${unchanged} of ${files.length} files unchanged by formatting`)
      expect(problems).toEqual([])
      expect(unchanged).toBeGreaterThan(files.length * 0.9)
    },
  )
})
