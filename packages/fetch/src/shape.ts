/**
 * Decisions → HTTP: the status (451 with a legal basis, 403, 400 for a bad
 * context, 503 when no decision could be made) and an OpenAI-compatible
 * error envelope, with Cordon's own fields alongside.
 */
import type { Decision } from './types.js'

/** Options of the default response shaping. */
export interface ShapeOptions {
  /** The header carrying the decision id on every response (default `cordon-decision-id`). */
  decisionIdHeader?: string
  /**
   * The `rel="blocked-by"` target of a 451 (RFC 7725: who implements the
   * block). Default: the origin of the request.
   */
  blockedBy?: string | ((decision: Decision, request?: Request) => string | undefined)
  /** Codes that mean "not from where you are" (OpenAI's `unsupported_country_region_territory`). */
  locationCodes?: readonly string[]
}

export const defaultDecisionIdHeader = 'cordon-decision-id'

/** Codes for denies no policy made: the engine could not decide. Fail closed, 503. */
export const engineFailureCodes: ReadonlySet<string> = new Set(['engine_error', 'resource_exhausted', 'undefined_decision', 'entrypoint_not_found', 'no_policy'])

/** Codes for a request whose context is missing or malformed: 400. */
export const badContextCodes: ReadonlySet<string> = new Set(['invalid_context', 'invalid_input', 'invalid_request'])

export const defaultLocationCodes: readonly string[] = ['embargoed_region', 'location_unknown', 'location_restricted', 'unsupported_country_region_territory']

/** The HTTP status for a deny. */
export function denyStatus(decision: Decision): 400 | 403 | 451 | 503 {
  const code = decision.code ?? ''
  if (engineFailureCodes.has(code)) return 503
  if (badContextCodes.has(code)) return 400
  return hasLegalBasis(decision) ? 451 : 403
}

const hasLegalBasis = (d: Decision) => {
  const lb = d.result.legal_basis
  return lb !== undefined && lb !== null && lb !== '' && !(Array.isArray(lb) && lb.length === 0)
}

const errorTypes = { 400: 'invalid_request_error', 403: 'request_forbidden', 451: 'request_forbidden', 503: 'server_error' } as const

/**
 * The default deny response: status per {@link denyStatus}, the OpenAI error
 * envelope, `Cache-Control: private, no-store`, the decision id header, and
 * for a 451 a `Link: <…>; rel="blocked-by"`.
 *
 * @example
 * if (!decision.allow) return shapeDeny(decision, {}, request)
 */
export function shapeDeny(decision: Decision, options: ShapeOptions = {}, request?: Request): Response {
  const status = denyStatus(decision)
  const location = (options.locationCodes ?? defaultLocationCodes).includes(decision.code ?? '')
  const firstReason = decision.reasons.find((r) => typeof r === 'string') as string | undefined
  const body = {
    error: {
      message: location ? `Country, region, or territory not supported${firstReason ? `: ${firstReason}` : ''}` : (firstReason ?? defaultMessage(status, decision)),
      type: errorTypes[status],
      code: location ? 'unsupported_country_region_territory' : (decision.code ?? 'denied'),
      param: null,
    },
    cordon: {
      code: decision.code ?? 'denied',
      reasons: decision.reasons,
      alternatives: Array.isArray(decision.result.alternatives) ? decision.result.alternatives : [],
      ...(hasLegalBasis(decision) ? { legal_basis: decision.result.legal_basis } : {}),
      decision_id: decision.decisionId,
      ...(decision.revision ? { revision: decision.revision } : {}),
    },
  }
  const headers = new Headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'private, no-store' })
  headers.set(options.decisionIdHeader ?? defaultDecisionIdHeader, decision.decisionId)
  if (status === 451) {
    const target = blockedByTarget(decision, options, request)
    if (target) headers.set('link', `<${target}>; rel="blocked-by"`)
  }
  return new Response(JSON.stringify(body), { status, headers })
}

function blockedByTarget(decision: Decision, options: ShapeOptions, request?: Request): string | undefined {
  const b = options.blockedBy
  if (typeof b === 'string') return b
  if (typeof b === 'function') return b(decision, request)
  if (request) return new URL('/', request.url).href
  const lb = decision.result.legal_basis as { url?: unknown } | undefined
  return typeof lb?.url === 'string' ? lb.url : undefined
}

function defaultMessage(status: number, decision: Decision): string {
  if (status === 503) return 'The access policy could not be evaluated; the request is refused.'
  if (status === 400) return 'The request lacks the context the access policy needs.'
  return `The access policy denied this request (${decision.code ?? 'denied'}).`
}
