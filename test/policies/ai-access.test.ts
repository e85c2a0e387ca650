/**
 * The reference AI-access policy, compiled with buildWasm and checked through
 * the engine against its decision table (policies/ai-access/decisions.cases.yaml),
 * independently of `cordon test`. Also validates data.json, every input and
 * every decision against the schemas in schemas/, and checks the generated
 * TypeScript types are up to date.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyInstance } from '@cordon/engine'
import { buildWasm } from '@cordon/wasm'
import AjvImport from 'ajv'
import YAML from 'yaml'
import { beforeAll, describe, expect, it } from 'vitest'
import type {
  AccessDecision,
  AiAccessData,
  RequestContext,
} from '../../packages/fetch/src/generated/ai-access-types.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const dir = path.join(root, 'policies/ai-access')
const read = (file: string) => readFileSync(path.join(root, file), 'utf8')
const readJson = (file: string): object => JSON.parse(read(file)) as object

// ajv is CommonJS: its default import is the class, or holds it as `default`.
const Ajv = ((AjvImport as unknown as { default?: typeof AjvImport }).default ?? AjvImport) as typeof AjvImport
const ajv = new Ajv({ allErrors: true, strict: true })
const validateInput = ajv.compile(readJson('schemas/request-context.schema.json'))
const validateDecision = ajv.compile(readJson('schemas/decision.schema.json'))
const validateData = ajv.compile(readJson('schemas/ai-access-data.schema.json'))
const validateCases = ajv.compile(readJson('schemas/decision-cases.schema.json'))

interface Case {
  name: string
  entrypoint: string
  input: unknown
  data?: Record<string, unknown>
  expect: Partial<AccessDecision>
}

const cases = YAML.parse(read('policies/ai-access/decisions.cases.yaml')) as Case[]
const baseData = readJson('policies/ai-access/data.json') as AiAccessData

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
/** As `cordon test` merges a case's data: objects key by key, anything else replaces. */
function merge(base: unknown, patch: unknown): unknown {
  if (!isRecord(base) || !isRecord(patch)) return patch
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(patch)) out[k] = merge(base[k], v)
  return out
}

let policy: PolicyInstance
/** Decides with `data` (the policy's data document) at data["ai-access"], where building or testing policies/ puts it. */
function decide(input: unknown, data: unknown = baseData): AccessDecision {
  policy.setData({ 'ai-access': data })
  const rs = policy.evaluate(input, 'ai_access/decision') as { result: AccessDecision }[]
  expect(rs).toHaveLength(1)
  return rs[0]!.result
}

beforeAll(() => {
  const built = buildWasm(
    [{ file: 'policies/ai-access/policy.rego', text: readFileSync(path.join(dir, 'policy.rego'), 'utf8') }],
    {
      entrypoints: ['ai_access/decision'],
    },
  )
  if (!built.wasm)
    throw new Error(built.diagnostics.map((d) => `${d.location?.file}:${d.location?.row}: ${d.message}`).join('\n'))
  policy = PolicyInstance.createSync(built.wasm, { hostBuiltins: hostBuiltinImpls })
})

describe('ai-access schemas', () => {
  it('data.json matches ai-access-data.schema.json', () => {
    expect(validateData(baseData), JSON.stringify(validateData.errors)).toBe(true)
  })

  it('the decision table matches decision-cases.schema.json and has at least 20 rows', () => {
    expect(validateCases(cases), JSON.stringify(validateCases.errors)).toBe(true)
    expect(cases.length).toBeGreaterThanOrEqual(20)
  })

  it('refuses data a typo would silently weaken', () => {
    const bad = structuredClone(baseData) as unknown as Record<string, unknown>
    ;(bad.restrictions as Record<string, unknown>[])[0]!.allowed_nationality = ['US']
    expect(validateData(bad)).toBe(false)
    const unscoped = {
      ...baseData,
      suspensions: [{ id: 's', model: 'general-1', effective_from: '2026-01-01T00:00:00Z' }],
    }
    expect(validateData(unscoped)).toBe(false)
  })

  it('the generated types are up to date with the schemas', () => {
    const out = execFileSync(process.execPath, [path.join(root, 'scripts/generate-schema-types.mjs'), '--check'], {
      encoding: 'utf8',
    })
    expect(out).toContain('up to date')
  })
})

describe('ai_access/decision decision table', () => {
  for (const c of cases) {
    it(c.name, () => {
      // Inputs follow the request context schema, except the cases that show the policy failing closed on bad input.
      if (c.expect.code === 'invalid_request') expect(validateInput(c.input)).toBe(false)
      else expect(validateInput(c.input), JSON.stringify(validateInput.errors)).toBe(true)
      const data = c.data
        ? (merge({ 'ai-access': baseData }, c.data) as Record<string, unknown>)['ai-access']
        : baseData
      expect(validateData(data), JSON.stringify(validateData.errors)).toBe(true)
      const decision = decide(c.input, data)
      expect(validateDecision(decision), JSON.stringify(validateDecision.errors)).toBe(true)
      expect(decision).toMatchObject(c.expect)
      if (decision.allow) expect(decision.legal_basis).toBeUndefined()
    })
  }
})

describe('ai_access/decision properties', () => {
  const base: RequestContext = {
    user: { id: 'u1', nationality: 'US', verified: true, tier: 'enterprise' },
    request: { country: 'US', time: '2026-11-27T12:00:00Z' },
    model: { id: 'frontier-1', provider: 'acme' },
    capability: 'chat',
  }
  const capabilities = ['chat', 'tool_use', 'code_execution', 'image_generation', 'embeddings', 'fine_tuning'] as const

  it('denies exactly when code is not ok, and lists a reason for every denial', () => {
    for (const nationality of ['US', 'DE', 'CN']) {
      for (const country of ['US', 'DE', 'IR', 'XX', 'T1']) {
        for (const model of ['frontier-1', 'frontier-2', 'general-1', 'partner-1', 'nope']) {
          for (const capability of capabilities) {
            for (const verified of [true, false]) {
              const input = {
                ...base,
                user: { ...base.user, nationality, verified },
                request: { ...base.request, country },
                model: { id: model },
                capability,
              }
              const d = decide(input)
              expect(d.allow).toBe(d.code === 'ok')
              expect(d.reasons.length === 0).toBe(d.allow)
              if (d.allow) expect(d.alternatives).toEqual([])
              // Every alternative offered is allowed for the same request.
              for (const alt of d.alternatives) expect(decide({ ...input, model: { id: alt } }).allow).toBe(true)
            }
          }
        }
      }
    }
  })

  it('is deterministic: the same request decides the same, whatever the order of the data', () => {
    const input = {
      ...base,
      user: { ...base.user, nationality: 'DE', verified: false },
      request: { ...base.request, country: 'SY', region: 'UA-43' },
      capability: 'code_execution',
    }
    const reversed = {
      ...baseData,
      models: Object.fromEntries(Object.entries(baseData.models).reverse()),
      restrictions: [...baseData.restrictions].reverse(),
    }
    expect(decide(input, reversed)).toEqual(decide(input))
    expect(decide(input).reasons).toEqual([
      'requests from SY are embargoed',
      'requests from region UA-43 are embargoed',
      'model frontier-1 is restricted by order-2026-117 to nationals of US',
      'code_execution needs a verified user',
    ])
  })

  it('fails closed when a required field is missing', () => {
    for (const input of [
      { ...base, user: { id: 'u1' } },
      { ...base, request: { time: base.request.time } },
      { ...base, model: {} },
      { ...base, capability: undefined },
      { ...base, request: { country: 'US' } },
    ]) {
      const d = decide(input)
      expect(d).toMatchObject({ allow: false, code: 'invalid_request' })
    }
  })
})
