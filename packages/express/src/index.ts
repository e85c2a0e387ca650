/**
 * @module @cordon/express
 *
 * Express (5 and 4) middleware that puts a Cordon decision in front of AI
 * endpoints. It maps `req` to the same Web `Request` the fetch adapter sees
 * and reuses the shared guard from `@cordon/fetch`. Node only.
 */
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express'
import type { ServerResponse } from 'node:http'
import { createGuard, type CordonOptions, type Decision } from '@cordon/fetch'
import { toRequest, type ExpressLikeRequest } from './to-request.js'

export { toRequest, type ExpressLikeRequest } from './to-request.js'
export type { CordonOptions, Decision } from '@cordon/fetch'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The Cordon decision that let this request through. */
      decision?: Decision
      /** The body bytes, when Cordon read an unparsed body. */
      rawBody?: Uint8Array
    }
  }
}

/**
 * Returns the middleware. Options are checked here (TypeError on bad ones).
 * Allowed requests continue with `req.decision` and `res.locals.decision`;
 * denied ones get the deny response. Every response carries the decision id
 * header. Put it after a body parser, or before one: either way the body
 * stays readable downstream (see `toRequest`).
 *
 * @example
 * app.use('/v1', express.json(), cordon({ engine, trust: ['cloudflare'], jwt: { key: publicJwk } }))
 * app.post('/v1/chat/completions', (req, res) => res.json({ decided: req.decision!.decisionId }))
 */
export function cordon(options: CordonOptions) {
  const guard = createGuard(options)
  const header = options.decisionIdHeader ?? 'cordon-decision-id'
  return async function cordonMiddleware(req: ExpressRequest, res: ExpressResponse, next: NextFunction): Promise<void> {
    try {
      const { decision, deny } = await guard(await toRequest(req as unknown as ExpressLikeRequest))
      if (deny) return await sendResponse(res, deny)
      req.decision = decision
      res.locals.decision = decision
      res.setHeader(header, decision.decisionId)
      next()
    } catch (err) {
      // Express 4 does not catch rejected promises; hand the error over explicitly.
      next(err)
    }
  }
}

/** Writes a Web `Response` to a Node response. */
export async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status
  response.headers.forEach((value, name) => res.setHeader(name, value))
  res.end(new Uint8Array(await response.arrayBuffer()))
}
