/**
 * Express (5 and 4) middleware that puts a Cordon decision in front of AI
 * endpoints. It maps `req` to the same Web `Request` the fetch adapter sees
 * and reuses the shared guard from `@cordon/fetch`. Node only.
 *
 * @module \@cordon/express
 */
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express'
import { ContextError, createGuard, defaultDecisionIdHeader, type CordonOptions, type Decision } from '@cordon/fetch'
import { toRequest, type ExpressLikeRequest } from './to-request.js'
import { sendResponse } from './send-response.js'

export { toRequest, type ExpressLikeRequest } from './to-request.js'
export { jsonErrors } from './json-errors.js'
export { sendResponse } from './send-response.js'
export type { CordonOptions, Decision } from '@cordon/fetch'
/** The reference AI-access policy's context, decision and data types (from `@cordon/fetch`, which builds that context). */
export type { AccessDecision, AiAccessData, RequestContext } from '@cordon/fetch'

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
  const header = options.decisionIdHeader ?? defaultDecisionIdHeader
  const maxBodyBytes = options.model?.maxBodyBytes
  return async function cordonMiddleware(req: ExpressRequest, res: ExpressResponse, next: NextFunction): Promise<void> {
    try {
      let request: Request
      try {
        request = await toRequest(req as unknown as ExpressLikeRequest, { maxBodyBytes })
      } catch (err) {
        if (err instanceof ContextError) {
          if (err.code === 'body_too_large') drainThenClose(req, res)
          return await sendResponse(res, await guard.refuse(err))
        }
        throw err
      }
      const result = await guard(request, req.socket?.remoteAddress)
      if (!result) return next()
      const { decision, deny } = result
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

/**
 * After a 413 the rest of the upload is discarded, not buffered: up to
 * 64 MiB or one second, as Node would for keep-alive, then the socket is
 * closed. Closing at once would reset the connection before the client
 * reads the 413.
 */
function drainThenClose(req: ExpressRequest, res: ExpressResponse): void {
  res.once('finish', () => {
    let read = 0
    const close = () => {
      clearTimeout(timer)
      req.off('data', count)
      req.socket?.destroySoon?.()
    }
    const count = (chunk: Uint8Array) => {
      read += chunk.byteLength
      if (read > 64 * 1024 * 1024) close()
    }
    const timer = setTimeout(close, 1000)
    timer.unref?.()
    req.on('data', count).once('end', () => clearTimeout(timer))
    req.resume()
  })
}
