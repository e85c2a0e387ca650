/**
 * The reference policy, compiled by Cordon for the adapter tests: once per
 * test file, in milliseconds, from `policies/ai-access`.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildWasm } from '@cordon/wasm'

const entrypoint = 'ai_access/decision'

const dir = fileURLToPath(new URL('../../../policies/ai-access/', import.meta.url))

/**
 * `policy.wasm` bytes and the default data of the reference AI-access policy
 * (its .rego files but the tests), the data under `ai-access` as
 * `cordon build policies` places it.
 */
export function buildReferencePolicy(): { wasm: Uint8Array; data: Record<string, unknown> } {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego'))
    .sort()
    .map((f) => ({ file: `policies/ai-access/${f}`, text: readFileSync(`${dir}${f}`, 'utf8') }))
  const built = buildWasm(files, { entrypoints: [entrypoint] })
  if (!built.wasm)
    throw new Error(`policies/ai-access does not compile: ${built.diagnostics.map((d) => d.message).join('; ')}`)
  return { wasm: built.wasm, data: { 'ai-access': JSON.parse(readFileSync(`${dir}data.json`, 'utf8')) } }
}
