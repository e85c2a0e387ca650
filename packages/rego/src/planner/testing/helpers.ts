/**
 * Test helpers: plan Rego source text, and run a plan with the interpreter.
 */
import type { Module } from '../../ast.js'
import { compileModules, compileQuery } from '../../checker/index.js'
import { formatDiagnostic } from '../../diagnostics.js'
import type { Policy } from '../../ir/ir.js'
import { parseModule, parseQuery } from '../../syntax/index.js'
import { planPolicy } from '../index.js'
import { evaluate } from './ir-interpreter.js'
import { fromJSON, keyOf, toJSONValue, type Value } from './values.js'

export interface PlanSource {
  modules: string[]
  entrypoints?: string[]
  /** Query text by plan name. */
  queries?: Record<string, string>
  /** `PlanOptions.print` (default true). */
  print?: boolean
  /** `PlanOptions.indexRules` (default true). */
  indexRules?: boolean
}

export function plan(src: PlanSource): ReturnType<typeof planPolicy> {
  const modules: Module[] = src.modules.map((text, i) => {
    const parsed = parseModule(text, { file: `m${i}.rego` })
    if (!parsed.module) throw new Error(parsed.diagnostics.map(formatDiagnostic).join('\n'))
    return parsed.module
  })
  const { compiled, diagnostics } = compileModules(modules)
  if (!compiled) throw new Error(diagnostics.map(formatDiagnostic).join('\n'))
  const queries = Object.entries(src.queries ?? {}).map(([name, text]) => {
    const body = parseQuery(text).body!
    const cq = compileQuery(body, compiled)
    if (!cq.body) throw new Error(cq.diagnostics.map(formatDiagnostic).join('\n'))
    return { name, body: cq.body, rewrittenVars: cq.rewrittenVars }
  })
  return planPolicy(compiled, {
    entrypoints: src.entrypoints ?? [],
    queries,
    print: src.print,
    indexRules: src.indexRules,
  })
}

export function mustPlan(src: PlanSource): Policy {
  const { policy, diagnostics } = plan(src)
  if (!policy) throw new Error(diagnostics.map(formatDiagnostic).join('\n'))
  return policy
}

/** Runs plan `name`; rows as canonical text, sorted, for comparison with `rows(…)`. */
export function run(policy: Policy, name: string, input?: unknown, data?: unknown): string[] {
  const out = evaluate(policy, name, {
    ...(input !== undefined && { input: fromJSON(input) }),
    data: fromJSON(data ?? {}),
  })
  return out.map((r: Value) => keyOf(toJSONValue(r))).sort()
}

export function rows(...want: unknown[]): string[] {
  return want.map((r) => keyOf(fromJSON(r))).sort()
}
