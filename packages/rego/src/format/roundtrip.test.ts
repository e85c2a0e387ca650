/**
 * Property over every module of OPA's conformance suite (`../shared`): the
 * formatted module parses to the same AST as the original, and formatting it
 * again changes nothing.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { describe, expect, it } from 'vitest'
import { roundTripProblem, shape } from './roundtrip.js'
import { parseModule } from '../syntax/parse.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const casesDir = path.resolve(here, '../../../../../shared/conformance/cases')

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? yamlFiles(full) : name.endsWith('.yaml') ? [full] : []
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

if (!existsSync(casesDir)) console.log(`skipped: the conformance cases are not at ${casesDir}`)

describe.skipIf(!existsSync(casesDir))('formatting the conformance modules', () => {
  it('keeps their meaning and is idempotent', { timeout: 120_000 }, () => {
    const problems: string[] = []
    let modules = 0
    for (const file of yamlFiles(casesDir)) {
      const doc = parseYaml(readFileSync(file, 'utf8')) as { cases: { note: string; modules?: string[] }[] }
      for (const c of doc.cases) {
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
