/**
 * Every module, query and input_term of the shared conformance suite (and of
 * OPA's Wasm test assets) must parse without a diagnostic.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { conformanceDir, hasConformance, readCaseFile, yamlFiles } from '../../../../test/support/conformance.js'
import { parseModule, parseQuery, parseTerm } from './index.js'

const casesDir = path.join(conformanceDir, 'cases')
const wasmAssetsDir = path.join(conformanceDir, 'wasm-assets')

interface Case {
  note: string
  modules?: string[]
  query?: string
  input_term?: string
  experimental_keywords?: boolean
}

const files = hasConformance ? yamlFiles(casesDir) : []
const wasmFiles = hasConformance ? yamlFiles(wasmAssetsDir) : []

describe.skipIf(!hasConformance)('conformance suite parses', () => {
  it('finds the suite', () => {
    expect(files.length).toBeGreaterThan(100)
  })
  it.each([
    ...files.map((f) => [path.relative(casesDir, f), f]),
    ...wasmFiles.map((f) => [`wasm-assets/${path.basename(f)}`, f]),
  ])('%s', (_name, file) => {
    const failures: string[] = []
    ;(readCaseFile(file) as unknown as Case[]).forEach((c, i) => {
      const experimentalKeywords = c.experimental_keywords === true
      c.modules?.forEach((src, j) => {
        const r = parseModule(src, { file: `test-${j}.rego`, experimentalKeywords })
        for (const d of r.diagnostics)
          failures.push(`#${i} ${c.note} module ${j}: ${d.location.row}:${d.location.col}: ${d.message}`)
      })
      if (c.query !== undefined) {
        const r = parseQuery(c.query, { experimentalKeywords })
        for (const d of r.diagnostics) failures.push(`#${i} ${c.note} query: ${d.message}`)
      }
      if (c.input_term !== undefined) {
        const r = parseTerm(c.input_term)
        for (const d of r.diagnostics) failures.push(`#${i} ${c.note} input_term: ${d.message}`)
      }
    })
    expect(failures).toEqual([])
  })
})
