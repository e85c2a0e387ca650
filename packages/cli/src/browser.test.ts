/**
 * `@cordon/cli/browser` is what the playground bundles for a Web Worker: no
 * module it reaches, in this package or the @cordon packages it imports, may
 * import a node: module (the compiler reads its runtime without one). And the
 * runner it exports works on text alone.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseCases, runSources } from './browser.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const tsPaths = (
  JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> }
  }
).compilerOptions.paths

/** Every import specifier of a TypeScript file, type-only imports left out (they vanish when bundled). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const out: string[] = []
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm))
    out.push(m[1]!)
  // `typeof import('x')` is a type, gone when bundled.
  for (const m of text.matchAll(/(?<!typeof\s)import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!)
  return out
}

function resolveImport(from: string, spec: string): string | undefined {
  if (spec.startsWith('.')) return path.resolve(path.dirname(from), spec.replace(/\.js$/, '.ts'))
  const target = tsPaths[spec]?.[0]
  if (target) return path.join(root, target)
  const wildcard = Object.entries(tsPaths).find(([k]) => k.endsWith('/*') && spec.startsWith(k.slice(0, -1)))
  if (wildcard)
    return (
      path.join(root, wildcard[1][0]!.replace('*', spec.slice(wildcard[0].length - 1))) +
      (spec.endsWith('.json') ? '' : '.ts')
    )
  return undefined
}

/** The node: imports reachable from `entry`, each with the file that imports it. */
function nodeImportsFrom(entry: string): string[] {
  const seen = new Set<string>()
  const found: string[] = []
  const visit = (file: string) => {
    if (seen.has(file) || !file.endsWith('.ts')) return
    seen.add(file)
    for (const spec of importsOf(file)) {
      if (spec.startsWith('node:')) found.push(`${path.relative(root, file)}: ${spec}`)
      const next = resolveImport(file, spec)
      if (next) visit(next)
    }
  }
  visit(entry)
  expect(seen.size).toBeGreaterThan(50)
  return found
}

describe('@cordon/cli/browser', () => {
  it('reaches no node: module', () => {
    expect(nodeImportsFrom(fileURLToPath(new URL('./browser.ts', import.meta.url)))).toEqual([])
  })

  it('the walk sees node: imports where there are some', () => {
    expect(nodeImportsFrom(fileURLToPath(new URL('./test-runner/run.ts', import.meta.url)))).toContain(
      'packages/cli/src/test-runner/run.ts: node:fs',
    )
  })

  it('runs tests and a decision table given as text', () => {
    const outcome = runSources({
      sources: [
        { file: 'p.rego', text: 'package p\n\nallow if input.x == 1\n' },
        {
          file: 'p_test.rego',
          text: 'package p_test\n\nimport data.p\n\ntest_one if p.allow with input as {"x": 1}\n',
        },
      ],
      data: {},
      tables: [
        {
          file: 't.cases.yaml',
          text: '- name: two\n  entrypoint: p/allow\n  input: { x: 2 }\n  expect: { result: true }\n',
        },
      ],
    })
    expect(outcome.kind).toBe('report')
    if (outcome.kind !== 'report') return
    expect(outcome.report.results.map((r) => [r.name, r.status])).toEqual([
      ['data.p_test.test_one', 'pass'],
      ['t.cases.yaml#two', 'fail'],
    ])
  })

  it('names the table and the schema error for a bad table', () => {
    expect(() => parseCases('t.cases.yaml', '- name: x\n')).toThrow(
      /t\.cases\.yaml: does not match decision-cases\.schema\.json/,
    )
  })
})
