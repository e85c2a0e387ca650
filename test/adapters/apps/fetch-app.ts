/**
 * The app every fetch-style runtime serves in the tests: `cordonFetch` in
 * front of an echo handler that reads the body the guard left readable.
 */
import { createEngine } from '@cordon/engine'
import { cordonFetch, getDecision, type CordonOptions } from '@cordon/fetch'
import { audience, blockedBy, cdnSecret, issuer } from '../support/constants.js'

export interface AppConfig {
  /** The compiled policy: an imported module on edge runtimes, bytes elsewhere. */
  wasm: WebAssembly.Module | Uint8Array
  data: Record<string, unknown>
  publicJwk: JsonWebKey
}

/** The echo upstream: what it read from the body, and the decision it was handed. */
export async function echo(request: Request): Promise<Response> {
  const body = (await request.json()) as { model?: string }
  const decision = getDecision(request)
  return Response.json({ model: body.model, decision: decision?.decisionId, code: decision?.code })
}

/**
 * The adapter options of the servers under test (all of them: fetch, and the Express and Hono apps of test/packaging).
 * test/packaging bundles this file to adapter-options.mjs and imports this from it, which knip cannot see.
 *
 * @public
 */
export function adapterOptions(engine: CordonOptions['engine'], publicJwk: JsonWebKey): CordonOptions {
  return {
    engine,
    trust: ['cloudflare'],
    proxy: { secret: cdnSecret },
    blockedBy,
    jwt: { key: publicJwk, issuer, audience },
  }
}

export function makeFetchApp(config: AppConfig): (request: Request) => Promise<Response> {
  const engine = createEngine({ wasm: config.wasm as WebAssembly.Module, data: config.data })
  return cordonFetch(echo, adapterOptions(engine, config.publicJwk))
}
