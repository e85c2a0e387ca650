/**
 * OPA's own formatter test files (`../shared/format/testfiles`, see its
 * README): each `NAME.rego` formatted must equal `NAME.rego.formatted` byte
 * for byte, and format again to itself; each `v1/NAME.rego.error` (an input
 * in Rego v0) must give an error. The files reproduced are recorded in
 * `testfiles.baseline.json`, which only grows: a recorded file that fails now
 * is a regression. `CORDON_UPDATE_FMT_BASELINE=1` adds the new passes.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sharedDir } from '../../../../test/support/corpora.js'
import { describe, expect, it } from 'vitest'
import { formatModule } from './index.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const dir = path.join(sharedDir, 'format/testfiles')
const baselineFile = path.join(here, 'testfiles.baseline.json')
/** v1 first; v0 is formatted as `opa fmt --v0-compatible` does, v0_to_v1 as `opa fmt --v0-v1`. */
const FOLDERS = ['v1', 'v0', 'v0_to_v1']

/** The formatter's options for a folder's files. */
const optionsFor = (name: string) => ({
  file: name,
  v0ToV1: name.startsWith('v0_to_v1/'),
  v0Compatible: name.startsWith('v0/'),
})

function cases(folder: string, suffix: string): string[] {
  return readdirSync(path.join(dir, folder))
    .filter((f) => f.endsWith('.rego' + suffix))
    .map((f) => `${folder}/${f.slice(0, -suffix.length)}`)
    .sort()
}

function reproduces(name: string): boolean {
  const source = readFileSync(path.join(dir, name), 'utf8')
  const expected = readFileSync(path.join(dir, name + '.formatted'), 'utf8')
  const once = formatModule(source, optionsFor(name)).formatted
  // --v0-v1 writes v1, so its output is formatted again as v1; v0 output stays v0.
  const again = once === undefined ? undefined : formatModule(once, { ...optionsFor(name), v0ToV1: false }).formatted
  return once === expected && again === once
}

if (!existsSync(dir)) console.log(`skipped: OPA's formatter test files are not at ${dir}`)

describe.skipIf(!existsSync(dir))("OPA's formatter test files", () => {
  it('reproduces every file of the baseline byte for byte, and idempotently', () => {
    const baseline = new Set<string>(JSON.parse(readFileSync(baselineFile, 'utf8')).passing)
    const passing: string[] = []
    const lines: string[] = []
    for (const folder of FOLDERS) {
      const names = cases(folder, '.formatted')
      const ok = names.filter(reproduces)
      passing.push(...ok)
      lines.push(`${folder}: ${ok.length} of ${names.length} reproduced byte for byte`)
    }
    console.log(lines.join('\n'))
    if (process.env.CORDON_UPDATE_FMT_BASELINE) {
      const grown = [...new Set([...baseline, ...passing])].sort()
      writeFileSync(baselineFile, JSON.stringify({ passing: grown }, null, 1) + '\n')
    }
    expect([...baseline].filter((n) => !passing.includes(n))).toEqual([])
    expect(baseline.size).toBeGreaterThan(0)
  })

  // In v1/, `NAME.rego.error` is itself an input (Rego v0 source) that must not format as v1.
  it('reports an error for every v1 .error input', () => {
    for (const name of cases('v1', '.error')) {
      const result = formatModule(readFileSync(path.join(dir, name + '.error'), 'utf8'), { file: name })
      expect(result.formatted, name).toBeUndefined()
      expect(result.diagnostics.length, name).toBeGreaterThan(0)
    }
  })

  // In v0_to_v1/, `NAME.rego.error` holds the errors `opa fmt --v0-v1` reports for NAME.rego.
  it("reports the first of OPA's errors for the v0_to_v1 inputs it checks (imports, shadowing)", () => {
    const checked = ['v0_to_v1/duplicate_imports.rego', 'v0_to_v1/shadowing.rego']
    for (const name of checked) {
      const result = formatModule(readFileSync(path.join(dir, name), 'utf8'), optionsFor(name))
      expect(result.formatted, name).toBeUndefined()
      const first = readFileSync(path.join(dir, name + '.error'), 'utf8').split('\n')[1]!
      expect(first, name).toContain(`${result.diagnostics[0]!.code}: ${result.diagnostics[0]!.message}`)
    }
  })
})
