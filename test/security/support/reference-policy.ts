/**
 * The reference policy (policies/ai-access) as the security tests meet it:
 * compiled by Cordon, its shipped data and schema, and a request it allows.
 */
import { readFileSync } from 'node:fs'
import { buildWasm, writeBundle } from '@cordon/wasm'

export const ENTRYPOINT = 'ai_access/decision'
const root = new URL('../../../', import.meta.url)
const policyDir = new URL('policies/ai-access/', root)

/** The shipped data.json, a fresh copy each call (tests change it). */
export const referenceConfig = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('data.json', policyDir), 'utf8')) as Record<string, unknown>

/** The data document as `cordon build policies/` lays it out. */
export const referenceData = (config: unknown = referenceConfig()): Record<string, unknown> => ({ 'ai-access': config })

export const dataSchema = JSON.parse(
  readFileSync(new URL('schemas/ai-access-data.schema.json', root), 'utf8'),
) as object

let wasm: Uint8Array | undefined
/** The reference policy's module, compiled once per test file. */
export function referenceWasm(): Uint8Array {
  if (wasm) return wasm
  const built = buildWasm(
    [{ file: 'policies/ai-access/policy.rego', text: readFileSync(new URL('policy.rego', policyDir), 'utf8') }],
    { entrypoints: [ENTRYPOINT] },
  )
  if (!built.wasm) throw new Error(built.diagnostics.map((d) => d.message).join('\n'))
  return (wasm = built.wasm)
}

/** A bundle of the reference policy with this data (default: the shipped data) and revision. */
export const referenceBundle = (revision: string, config: unknown = referenceConfig()): Promise<Uint8Array> =>
  writeBundle({ wasm: referenceWasm(), data: referenceData(config), entrypoints: [ENTRYPOINT], revision })

/** A request the shipped data allows: a German national in Germany chatting with general-1. */
export const allowedRequest = {
  user: { id: 'u1', nationality: 'DE', verified: true, tier: 'pro' },
  request: { country: 'DE', region: 'DE-BE', time: '2026-11-27T12:00:00Z' },
  model: { id: 'general-1' },
  capability: 'chat',
}

/** A US national asking for the restricted frontier-1 from the US (allowed by the shipped data). */
export const frontierRequest = {
  ...allowedRequest,
  user: { ...allowedRequest.user, nationality: 'US' },
  request: { ...allowedRequest.request, country: 'US', region: 'US-CA' },
  model: { id: 'frontier-1' },
}
