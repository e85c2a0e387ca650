/**
 * A Cloudflare Worker gateway: Cordon decides every request before it goes
 * to an OpenAI-compatible upstream (here a stand-in Worker behind the
 * UPSTREAM service binding). The compiled policy is imported as a `.wasm`
 * module, as workerd requires; its data comes from a binding, so it can
 * change without a redeploy. Trusts CF-IPCountry / request.cf; verifies JWTs
 * signed by this example's DEVELOPMENT key. The lean engine imports nothing on
 * demand, so the upload holds only what runs (the reference policy calls
 * only light host builtins; see test/examples/worker-size.test.ts).
 */
import { createEngine } from '@cordon/engine/lean'
import { cordonFetch, getDecision } from '@cordon/fetch'
import policy from './policy.wasm'

interface Env {
  /** The policy data document ({"ai-access": …}). */
  POLICY_DATA: Record<string, unknown>
  /** The public JWK that verifies tokens (DEVELOPMENT key in this example). */
  PUBLIC_JWK: JsonWebKey & { _comment?: string }
  UPSTREAM: { fetch(request: Request): Promise<Response> }
  UPSTREAM_API_KEY?: string
}

let gateway: ((request: Request, env: Env) => Promise<Response>) | undefined

function makeGateway(env: Env) {
  const { _comment, ...key } = env.PUBLIC_JWK
  // Started once per isolate; instantiating an imported module is allowed at request time.
  const engine = createEngine({ wasm: policy, data: env.POLICY_DATA })
  return cordonFetch(
    async (request: Request, env: Env) => {
      const headers = new Headers(request.headers)
      headers.delete('authorization')
      if (env.UPSTREAM_API_KEY) headers.set('authorization', `Bearer ${env.UPSTREAM_API_KEY}`)
      headers.set('x-cordon-decision', getDecision(request)?.decisionId ?? '')
      return env.UPSTREAM.fetch(new Request(request, { headers }))
    },
    // A Worker's request.cf proves the request came through Cloudflare: no proxy boundary needed.
    {
      engine,
      trust: ['cloudflare'],
      blockedBy: 'https://dev.cordon.example/',
      jwt: { key, issuer: 'https://dev.cordon.example', audience: 'cordon-example-gateway' },
    },
  )
}

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    gateway ??= makeGateway(env)
    return gateway(request, env)
  },
}
