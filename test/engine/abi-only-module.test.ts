// The engine decides for a module that has only OPA's ABI exports, the way
// it meets a module built by `opa build -t wasm`: no cordon_eval (JSON text
// in and out instead of values), no data cache, no strict flag, no static
// string table. The reference policy's module with every Cordon-only export
// removed must decide exactly as the full module does, through the engine and
// through @open-policy-agent/opa-wasm.
import { readFileSync } from 'node:fs'
import { loadPolicy } from '@open-policy-agent/opa-wasm'
import { createEngine } from '@cordon/engine'
import { opaWasmCustomBuiltins } from '@cordon/builtins'
import { buildWasm } from '@cordon/wasm'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../support/random.js'
import { abiOnly } from './support/bundles.js'

const ENTRYPOINT = 'ai_access/decision'
const policyDir = new URL('../../policies/ai-access/', import.meta.url)
const config = JSON.parse(readFileSync(new URL('data.json', policyDir), 'utf8')) as { models: Record<string, unknown> }

/** Requests in the shape of schemas/request-context.schema.json, over the known models and an unknown one. */
function requests(n: number, seed: number): Record<string, unknown>[] {
  const r = seededRandom(seed)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!
  const models = [...Object.keys(config.models), 'mystery-9']
  return Array.from({ length: n }, (_, i) => ({
    user: {
      id: `u${i}`,
      nationality: pick(['US', 'DE', 'CN', 'IR']),
      verified: r() < 0.5,
      ...(r() < 0.9 ? { tier: pick(['free', 'pro', 'enterprise']) } : {}),
    },
    request: {
      country: pick(['US', 'DE', 'CU', 'XX', 'UA']),
      region: pick(['UA-43', 'DE-BE', 'US-CA']),
      time: pick(['2019-06-01T00:00:00Z', '2026-11-27T12:00:00Z', 'noon']),
    },
    model: { id: pick(models) },
    capability: pick(['chat', 'code_execution', 'fine_tuning']),
  }))
}

describe('a module with only OPA’s ABI exports', () => {
  const built = buildWasm(
    [{ file: 'policies/ai-access/policy.rego', text: readFileSync(new URL('policy.rego', policyDir), 'utf8') }],
    { entrypoints: [ENTRYPOINT] },
  )
  if (!built.wasm) throw new Error(built.diagnostics.map((d) => d.message).join('\n'))
  const data = { 'ai-access': config }
  const stripped = abiOnly(built.wasm)

  it('has none of Cordon’s own exports left', () => {
    const names = WebAssembly.Module.exports(new WebAssembly.Module(stripped)).map((e) => e.name)
    expect(names).toContain('opa_eval')
    expect(names.filter((n) => n.startsWith('cordon_'))).toEqual([])
    expect(
      WebAssembly.Module.exports(new WebAssembly.Module(built.wasm as Uint8Array<ArrayBuffer>)).map((e) => e.name),
    ).toEqual(expect.arrayContaining(['cordon_eval_value', 'cordon_warm', 'cordon_strings']))
  })

  it('decides as the full module, in the engine and in the SDK', async () => {
    const full = await createEngine({ wasm: built.wasm!, data })
    const abi = await createEngine({ wasm: stripped, data })
    const sdk = await loadPolicy(stripped, undefined, opaWasmCustomBuiltins())
    sdk.setData(data)
    for (const input of requests(400, 11)) {
      const want = full.evaluate(input, ENTRYPOINT)
      expect(abi.evaluate(input, ENTRYPOINT), JSON.stringify(input)).toEqual(want)
      expect(sdk.evaluate(input, ENTRYPOINT), JSON.stringify(input)).toEqual(want)
      const a = await abi.decide(input, { entrypoint: ENTRYPOINT })
      const f = await full.decide(input, { entrypoint: ENTRYPOINT })
      expect({ ...a, decisionId: '' }).toEqual({ ...f, decisionId: '' })
    }
  })

  it('takes data patches in place, as ABI 1.3 allows', async () => {
    const abi = await createEngine({ wasm: stripped, data })
    const input = requests(1, 5)[0]!
    abi.patchData('/ai-access/suspensions', [
      {
        id: 's',
        model: (input as { model: { id: string } }).model.id,
        global: true,
        effective_from: '2000-01-01T00:00:00Z',
      },
    ])
    expect((await abi.decide(input, { entrypoint: ENTRYPOINT })).allow).toBe(false)
  })
})
