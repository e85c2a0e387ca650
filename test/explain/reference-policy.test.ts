/**
 * Explain on the reference AI-access policy: the instrumented build decides
 * exactly as the plain one on every row of its decision table, and the
 * explanation of a deny names the rules and lines that produced it.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyInstance } from '@cordon/engine'
import { buildWasm } from '@cordon/wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { explain } from '../../packages/cli/src/explain/explain.js'
import { renderExplain } from '../../packages/cli/src/explain/render.js'
import type { ExplainTrace } from '../../packages/cli/src/explain/types.js'
import { mergePatch } from '../../packages/cli/src/test-runner/cases.js'
import { loadCases } from '../../packages/cli/src/test-runner/load-cases.js'
import { repoRoot } from '../support/corpora.js'

const file = 'policies/ai-access/policy.rego'
const text = readFileSync(path.join(repoRoot, file), 'utf8')
const sources = [{ file, text }]
const baseData = {
  'ai-access': JSON.parse(readFileSync(path.join(repoRoot, 'policies/ai-access/data.json'), 'utf8')) as unknown,
}
const cases = loadCases(path.join(repoRoot, 'policies/ai-access/decisions.cases.yaml'))

let plain: PolicyInstance
beforeAll(() => {
  const built = buildWasm(sources, { entrypoints: ['ai_access/decision'] })
  if (!built.wasm) throw new Error(built.diagnostics.map((d) => d.message).join('\n'))
  plain = PolicyInstance.createSync(built.wasm, { hostBuiltins: hostBuiltinImpls })
})

async function explained(input: unknown, data: unknown): Promise<{ result: unknown[]; trace: ExplainTrace }> {
  const out = await explain({ sources, entrypoint: 'data.ai_access.decision', input, data })
  if (out.kind !== 'explained') throw new Error(JSON.stringify(out))
  return out
}

describe('explain on the reference policy', () => {
  it('decides exactly as the plain build on every row of the decision table', { timeout: 120_000 }, async () => {
    expect(cases.length).toBeGreaterThanOrEqual(20)
    let denies = 0
    for (const c of cases) {
      const data = c.data === undefined ? baseData : mergePatch(baseData, c.data)
      plain.setData(data)
      const want = plain.evaluate(c.input, 'ai_access/decision')
      const got = await explained(c.input, data)
      expect(got.result, c.name).toEqual(want)
      if ((want[0]?.result as { allow?: boolean } | undefined)?.allow === false) denies++
    }
    expect(denies).toBeGreaterThan(5)
  })

  it('explains a deny: the restriction that produced it and the nationality check that failed', async () => {
    const input = {
      user: { id: 'u2', nationality: 'DE', verified: true, tier: 'pro' },
      request: { country: 'DE', region: 'DE-BE', time: '2026-11-27T12:00:00Z' },
      model: { id: 'frontier-1', provider: 'acme' },
      capability: 'chat',
    }
    const { result, trace } = await explained(input, baseData)
    expect((result[0] as { result: { code: string } }).result.code).toBe('nationality_restricted')

    // The comprehension of nationality_restricted(m) held and bound the denial's message.
    const restricted = trace.bodies.find(
      (b) => b.rule === 'data.ai_access.nationality_restricted' && b.kind === 'comprehension' && b.succeeded > 0,
    )
    expect(restricted, JSON.stringify(trace.bodies.map((b) => [b.rule, b.kind, b.succeeded]))).toBeDefined()
    expect(restricted!.bindings[0]!.msg).toBe('"model frontier-1 is restricted by order-2026-117 to nationals of US"')

    // nationality_allowed(r) never held: it failed at its only expression, which read the input's nationality.
    const allowed = trace.bodies.find((b) => b.rule === 'data.ai_access.nationality_allowed')!
    expect(allowed.succeeded).toBe(0)
    expect(allowed.failed!.expression.text).toBe('input.user.nationality in r.allowed_nationalities')
    expect(allowed.failed!.expression.location).toEqual({ file, row: 287, col: expect.any(Number) })
    const seen = allowed.failed!.values[0]!
    expect(seen).toContainEqual({ name: 'input.user.nationality', values: ['"DE"'] })
    expect(seen).toContainEqual({ name: 'r', values: [expect.stringContaining('"allowed_nationalities": ["US"]')] })

    const pretty = renderExplain(trace, new Map([[file, text]]), 'fails')
    expect(pretty).toContain(`failed at ${file}:287:`)
    expect(pretty).toContain('input.user.nationality = "DE"')
    // The reads name the data the decision used.
    expect(trace.reads.map((r) => r.ref)).toContain('input.user.nationality')
    expect(trace.truncated).toBe(false)
  })
})
