/**
 * Which package's public API carries which types, read by the TypeScript
 * checker from each package's entry (the paths of tsconfig.json): the engine
 * is policy-agnostic (none of the reference AI-access policy's types), the
 * AI-access types are exported by @cordon/fetch, which builds that context,
 * and `Decision` is declared once, in the engine.
 */
import path from 'node:path'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../support/corpora.js'

const entry = (pkg: string) => path.join(repoRoot, 'packages', pkg, 'src/index.ts')
const generated = path.join(repoRoot, 'packages/fetch/src/generated/ai-access-types.ts')

let program: ts.Program
let checker: ts.TypeChecker
/** The exported symbols of a file, aliases resolved to their declarations. */
function exportsOf(file: string): Map<string, ts.Symbol> {
  const source = program.getSourceFile(file)
  if (!source) throw new Error(`not in the program: ${file}`)
  const module = checker.getSymbolAtLocation(source)!
  const out = new Map<string, ts.Symbol>()
  for (const s of checker.getExportsOfModule(module))
    out.set(s.name, s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s)
  return out
}
const declaredIn = (s: ts.Symbol) => path.relative(repoRoot, s.declarations![0]!.getSourceFile().fileName)

beforeAll(() => {
  const config = ts.readConfigFile(path.join(repoRoot, 'tsconfig.json'), ts.sys.readFile)
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot)
  program = ts.createProgram(
    [entry('engine'), entry('fetch'), entry('hono'), entry('express'), generated],
    parsed.options,
  )
  checker = program.getTypeChecker()
}, 120_000)

describe('public types by package', () => {
  it('the generated AI-access types are there to check against (RequestContext, AccessDecision, AiAccessData, …)', () => {
    expect([...exportsOf(generated).keys()]).toEqual(
      expect.arrayContaining(['RequestContext', 'AccessDecision', 'AiAccessData', 'Suspension']),
    )
  })

  it('@cordon/engine exports none of the reference policy’s types', () => {
    const engine = exportsOf(entry('engine'))
    expect(engine.has('createEngine')).toBe(true)
    const leaked = [...engine.values()].filter((s) => declaredIn(s).includes('ai-access')).map((s) => s.name)
    expect(leaked).toEqual([])
    expect([...exportsOf(generated).keys()].filter((name) => engine.has(name))).toEqual([])
  })

  it('@cordon/fetch exports every generated AI-access type, as declared in its generated file', () => {
    const fetch = exportsOf(entry('fetch'))
    for (const [name, symbol] of exportsOf(generated)) expect(fetch.get(name), name).toBe(symbol)
  })

  it('@cordon/hono and @cordon/express re-export the context, decision and data types, so their users need not import @cordon/fetch', () => {
    const types = exportsOf(generated)
    for (const pkg of ['hono', 'express']) {
      const exported = exportsOf(entry(pkg))
      for (const name of ['RequestContext', 'AccessDecision', 'AiAccessData'])
        expect(exported.get(name), `${pkg} ${name}`).toBe(types.get(name))
    }
  })

  it('Decision is declared once, in the engine; fetch, hono and express re-export that declaration', () => {
    const engineDecision = exportsOf(entry('engine')).get('Decision')!
    expect(declaredIn(engineDecision)).toBe('packages/engine/src/decision.ts')
    for (const pkg of ['fetch', 'hono', 'express'])
      expect(exportsOf(entry(pkg)).get('Decision'), pkg).toBe(engineDecision)
  })
})
