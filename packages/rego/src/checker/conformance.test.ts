/**
 * The must-hold test: OPA compiles every case of the conformance suite
 * without an error, so the checker must too (never stricter than OPA). Each
 * case's modules are compiled together and its query is checked against them.
 */
import path from 'node:path'
import { builtinDecls } from '@cordon/builtins'
import { describe, expect, it } from 'vitest'
import type { Module } from '../ast.js'
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js'
import { parseModule, parseQuery } from '../syntax/index.js'
import {
  conformanceDir as shared,
  hasConformance,
  readCaseFile,
  yamlFiles,
} from '../../../../test/support/conformance.js'
import { compileModules, compileQuery, type BuiltinDecl } from './index.js'

const casesDir = path.join(shared, 'cases')

// Builtins OPA's test harnesses declare: `test.sleep` (time caching case) and the wasm-assets' custom ones.
const custom = (name: string, args: number): [string, BuiltinDecl] => [
  name,
  { name, decl: { type: 'function', args: Array(args).fill({ type: 'any' }), result: { type: 'any' } } },
]
const builtins = new Map([
  ...builtinDecls,
  custom('test.sleep', 1),
  custom('custom_builtin_test', 1),
  custom('custom_builtin_test_impure', 0),
  custom('custom_builtin_test_memoization', 0),
])

interface Case {
  note: string
  query: string
  modules?: string[]
  experimental_keywords?: boolean
}

/** The first problem of a case, as text, or undefined when it compiles cleanly. */
function compileCase(c: Case, fileName: (i: number) => string): string | undefined {
  const opts = { experimentalKeywords: c.experimental_keywords === true }
  const modules: Module[] = []
  for (const [i, src] of (c.modules ?? []).entries()) {
    const parsed = parseModule(src, { ...opts, file: fileName(i) })
    if (parsed.diagnostics.length > 0) return `parse: ${show(parsed.diagnostics)}`
    modules.push(parsed.module!)
  }
  const { diagnostics, compiled } = compileModules(modules, { builtins })
  if (!compiled) return `compile: ${show(diagnostics)}`
  const query = parseQuery(c.query, { experimentalKeywords: true })
  if (query.diagnostics.length > 0) return `parse query: ${show(query.diagnostics)}`
  const checked = compileQuery(query.body!, compiled, { builtins })
  if (checked.diagnostics.length > 0) return `query: ${show(checked.diagnostics)}`
  return undefined
}

function show(ds: Diagnostic[]): string {
  return ds.map(formatDiagnostic).join('; ')
}

function runFolder(dir: string, fileName: (i: number) => string): void {
  if (!hasConformance) return it.skip(path.relative(shared, dir))
  for (const file of yamlFiles(dir)) {
    const cases = readCaseFile(file) as unknown as Case[]
    it(path.relative(dir, file), () => {
      const failures = cases.flatMap((c, i) => {
        const problem = compileCase(c, fileName)
        return problem ? [`#${i} ${c.note}: ${problem}`] : []
      })
      expect(failures).toEqual([])
    })
  }
}

describe.skipIf(!hasConformance)('conformance cases compile without diagnostics', () => {
  it('finds the suite', () => expect(yamlFiles(casesDir).length).toBeGreaterThan(900))
  runFolder(casesDir, (i) => `test-${i}.rego`)
})

describe.skipIf(!hasConformance)('wasm-asset cases compile without diagnostics', () => {
  runFolder(path.join(shared, 'wasm-assets'), (i) => `module${i}.rego`)
})
