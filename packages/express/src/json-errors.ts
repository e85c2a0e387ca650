/**
 * An Express error handler that answers errors as Cordon's JSON envelope:
 * a body parser's bad JSON (400 `invalid_json`) and oversized body (413
 * `body_too_large`), and anything else as 500 `internal_error`, with a
 * decision id and never the error's own text (stack, file paths).
 */
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express'
import { logDenial, shapeDeny, type DecisionEngine, type Decision, type ShapeOptions } from '@cordon/fetch'
import { sendResponse } from './send-response.js'

/** What body-parser (and Express's own parsers) put on their errors. */
interface ParserError {
  type?: unknown
  status?: unknown
}

/** The code for an error: a parser's JSON error or size error, else `internal_error`. */
function codeOf(err: ParserError): string {
  if (err.type === 'entity.parse.failed') return 'invalid_json'
  if (err.type === 'entity.too.large' || err.status === 413) return 'body_too_large'
  return 'internal_error'
}

/**
 * Returns the error handler: put it last (`app.use(jsonErrors({ engine }))`).
 * With `engine`, each such deny is written to its decision log under the
 * decision id the client gets, with the error text the client does not.
 */
export function jsonErrors(options: ShapeOptions & { engine?: DecisionEngine | Promise<DecisionEngine> } = {}) {
  return function cordonJsonErrors(err: unknown, _req: ExpressRequest, res: ExpressResponse, next: NextFunction): void {
    if (res.headersSent) return next(err)
    const code = codeOf((err ?? {}) as ParserError)
    const decision: Decision = {
      allow: false,
      code,
      reasons: [err instanceof Error ? err.message : String(err)],
      result: {},
      decisionId: crypto.randomUUID(),
      entrypoint: '',
    }
    if (options.engine) logDenial(options.engine, decision)
    void sendResponse(res, shapeDeny(decision, options)).catch(next)
  }
}
