/**
 * Hono middleware that puts a Cordon decision in front of AI endpoints. The
 * decision is published as the typed context variable `decision`
 * (`c.var.decision`), as Hono's own middleware publish theirs.
 *
 * @module \@cordon/hono
 */
import type { Context, Env, MiddlewareHandler } from 'hono'
import { createGuard, defaultDecisionIdHeader, peerAddress, type CordonOptions, type Decision } from '@cordon/fetch'

export type { CordonOptions, Decision } from '@cordon/fetch'
/** The reference AI-access policy's context, decision and data types (from `@cordon/fetch`, which builds that context). */
export type { AccessDecision, AiAccessData, RequestContext } from '@cordon/fetch'

declare module 'hono' {
  interface ContextVariableMap {
    /** The Cordon decision that let this request through. */
    decision: Decision
  }
}

/**
 * Returns the middleware. Options are checked here (it throws a TypeError on
 * bad ones); per request it builds the context from `c.req.raw` (the body
 * stays readable by the handler), decides, and either answers the deny or
 * sets `c.var.decision` and calls the next handler. Every response carries
 * the decision id header.
 *
 * @example
 * app.use('/v1/*', cordon({ engine, trust: ['cloudflare'], jwt: { key: publicJwk, issuer } }))
 * app.post('/v1/chat/completions', (c) => c.json({ decided: c.var.decision.decisionId }))
 */
export function cordon<E extends Env = Env>(options: CordonOptions): MiddlewareHandler<E> {
  const guard = createGuard(options)
  const header = options.decisionIdHeader ?? defaultDecisionIdHeader
  return async function cordonMiddleware(c, next) {
    const result = await guard(await readableRequest(c), peerAddress(c.req.raw, c.env))
    if (!result) return next()
    const { decision, deny } = result
    if (deny) return deny
    c.set('decision', decision)
    await next()
    c.header(header, decision.decisionId)
  }
}

// A validator or middleware that read the body first left `raw` used; Hono
// keeps what it read, so rebuild an unread Request from that.
async function readableRequest(c: Context): Promise<Request> {
  const raw = c.req.raw
  if (!raw.bodyUsed) return raw
  return new Request(raw.url, { method: raw.method, headers: raw.headers, body: await c.req.arrayBuffer() })
}
