/** A Cloudflare Worker: the policy is an imported, already compiled `.wasm` module. */
import policy from './policy.wasm'
import { makeFetchApp } from './fetch-app.js'

interface Env {
  POLICY_DATA: Record<string, unknown>
  PUBLIC_JWK: JsonWebKey
}

let app: ((request: Request) => Promise<Response>) | undefined

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    app ??= makeFetchApp({ wasm: policy, data: env.POLICY_DATA, publicJwk: env.PUBLIC_JWK })
    return app(request)
  },
}
