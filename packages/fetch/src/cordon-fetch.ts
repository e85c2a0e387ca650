/**
 * `cordonFetch`: Cordon in front of any `(Request) => Response` handler
 * (Cloudflare Workers, Vercel Edge Functions, Deno, Bun, Node fetch servers).
 */
import { createGuard, withDecisionId, type CordonOptions } from './guard.js'
import type { Decision } from './types.js'

const decisions = new WeakMap<Request, Decision>()

/** The decision that let this request through (inside a handler wrapped by `cordonFetch`). */
export function getDecision(request: Request): Decision | undefined {
  return decisions.get(request)
}

/**
 * Wraps a fetch handler: denied requests get the deny response and never
 * reach it; allowed ones reach it with their body unread and the decision at
 * `getDecision(request)`. Every response carries the decision id header.
 *
 * @example
 * export default {
 *   fetch: cordonFetch((req) => fetch(upstream, req), { engine, trust: ['cloudflare'], jwt: { key: publicJwk } }),
 * }
 */
export function cordonFetch<Rest extends unknown[]>(
  handler: (request: Request, ...rest: Rest) => Response | Promise<Response>,
  options: CordonOptions,
): (request: Request, ...rest: Rest) => Promise<Response> {
  const guard = createGuard(options)
  return async function cordonHandler(request, ...rest) {
    const result = await guard(request, peerAddress(request, rest[0]))
    if (!result) return handler(request, ...rest)
    const { decision, deny } = result
    if (deny) return deny
    decisions.set(request, decision)
    return withDecisionId(await handler(request, ...rest), decision, options.decisionIdHeader)
  }
}

/**
 * The connection's remote address from what the runtime passes beside the
 * request: `@hono/node-server`'s `{ incoming }`, Deno's `{ remoteAddr }`,
 * Bun's server (`requestIP`). Undefined elsewhere (a Worker has `request.cf`).
 */
export function peerAddress(request: Request, second: unknown): string | undefined {
  if (!second || typeof second !== 'object') return undefined
  const s = second as {
    incoming?: { socket?: { remoteAddress?: unknown } }
    remoteAddr?: { hostname?: unknown }
    requestIP?: (r: Request) => { address?: unknown } | null
  }
  const found =
    s.incoming?.socket?.remoteAddress ??
    s.remoteAddr?.hostname ??
    (typeof s.requestIP === 'function' ? s.requestIP(request)?.address : undefined)
  return typeof found === 'string' ? found : undefined
}
