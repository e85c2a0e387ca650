/**
 * Decisions → HTTP: the status (451 with a legal basis, 403, 400 for a bad
 * context, 401 for a missing or bad token, 413 for a body over the limit,
 * 503 when no decision could be made) and an OpenAI-compatible error
 * envelope, with Cordon's own fields alongside. A deny the policy did not
 * make carries only its code and decision id: the reasons (error text, which
 * claim failed) are for the decision log, not the client.
 */
import type { Decision } from './types.js'

/** Options of the default response shaping. */
export interface ShapeOptions {
  /** The header carrying the decision id on every response (default `cordon-decision-id`). */
  decisionIdHeader?: string
  /**
   * The `rel="blocked-by"` target of a 451 (RFC 7725: who implements the
   * block), e.g. your gateway's public origin. Default: the decision's
   * `legal_basis.url` when it has one, else no Link header. Never taken from
   * the request (its Host is the client's to choose).
   */
  blockedBy?: string | ((decision: Decision, request?: Request) => string | undefined)
  /** Codes that mean "not from where you are" (OpenAI's `unsupported_country_region_territory`). */
  locationCodes?: readonly string[]
}

/** The response header that carries the decision id, by default. */
export const defaultDecisionIdHeader = 'cordon-decision-id'

/**
 * Codes for denies no policy made: the engine could not decide (or was
 * called wrongly: `invalid_options`), or the reference policy cannot read its
 * own data (`invalid_data`). Fail closed, 503.
 */
export const engineFailureCodes: ReadonlySet<string> = new Set([
  'engine_error',
  'resource_exhausted',
  'undefined_decision',
  'entrypoint_not_found',
  'no_policy',
  'invalid_options',
  'invalid_data',
])

/** Codes for a request whose context is missing or malformed: 400. */
export const badContextCodes: ReadonlySet<string> = new Set([
  'invalid_context',
  'invalid_input',
  'invalid_request',
  'invalid_json',
])

/** Codes for a missing (`unauthenticated`) or rejected (`invalid_token`) bearer token: 401 with `WWW-Authenticate`. */
export const unauthenticatedCodes: ReadonlySet<string> = new Set(['unauthenticated', 'invalid_token'])

/** The code of a body over the limit: 413. */
export const bodyTooLargeCode = 'body_too_large'

/** Codes of denies the policy did not make: their bodies carry only the code and the decision id. */
export const internalCodes: ReadonlySet<string> = new Set([
  ...engineFailureCodes,
  ...unauthenticatedCodes,
  bodyTooLargeCode,
  'invalid_context',
  'invalid_input',
  'invalid_json',
  'internal_error',
])

/** The default `locationCodes`: denies about where the request comes from, answered with OpenAI's `unsupported_country_region_territory`. */
export const defaultLocationCodes: readonly string[] = [
  'embargoed_region',
  'location_unknown',
  'location_unverified',
  'location_restricted',
  'unsupported_country_region_territory',
]

/** The HTTP status for a deny. */
export function denyStatus(decision: Decision): 400 | 401 | 403 | 413 | 451 | 500 | 503 {
  const code = decision.code ?? ''
  if (engineFailureCodes.has(code)) return 503
  if (code === 'internal_error') return 500
  if (unauthenticatedCodes.has(code)) return 401
  if (code === bodyTooLargeCode) return 413
  if (badContextCodes.has(code)) return 400
  return hasLegalBasis(decision) ? 451 : 403
}

const hasLegalBasis = (d: Decision) => {
  const lb = d.result.legal_basis
  return lb !== undefined && lb !== null && lb !== '' && !(Array.isArray(lb) && lb.length === 0)
}

const errorTypes = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'request_forbidden',
  413: 'invalid_request_error',
  451: 'request_forbidden',
  500: 'server_error',
  503: 'server_error',
} as const

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
  const code = decision.code ?? 'denied'
  const location = (options.locationCodes ?? defaultLocationCodes).includes(code)
  // The policy's reasons are its message to the client; anything else (error text, failed claims, schema paths) stays in the log.
  const byPolicy = !internalCodes.has(code)
  const firstReason = byPolicy ? (decision.reasons.find((r) => typeof r === 'string') as string | undefined) : undefined
  const body = {
    error: {
      message: location
        ? `Country, region, or territory not supported${firstReason ? `: ${firstReason}` : ''}`
        : (firstReason ?? defaultMessages[status](code)),
      type: errorTypes[status],
      code: location ? 'unsupported_country_region_territory' : code,
      param: null,
    },
    cordon: byPolicy
      ? {
          code,
          reasons: decision.reasons,
          alternatives: Array.isArray(decision.result.alternatives) ? decision.result.alternatives : [],
          ...(hasLegalBasis(decision) ? { legal_basis: decision.result.legal_basis } : {}),
          decision_id: decision.decisionId,
          ...(decision.revision ? { revision: decision.revision } : {}),
        }
      : { code, decision_id: decision.decisionId },
  }
  const headers = new Headers({
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'private, no-store',
  })
  headers.set(options.decisionIdHeader ?? defaultDecisionIdHeader, decision.decisionId)
  if (status === 401)
    headers.set('www-authenticate', code === 'invalid_token' ? 'Bearer error="invalid_token"' : 'Bearer')
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
  const lb = decision.result.legal_basis as { url?: unknown } | undefined
  return typeof lb?.url === 'string' ? lb.url : undefined
}

type DenyStatus = ReturnType<typeof denyStatus>

const notEvaluated = () => 'The access policy could not be evaluated; the request is refused.'
const deniedByPolicy = (code: string) => `The access policy denied this request (${code}).`

/** The message of a deny without a policy reason, per status: a status added to `denyStatus` is a type error here until it has one. */
const defaultMessages: Record<DenyStatus, (code: string) => string> = {
  400: () => 'The request lacks the context the access policy needs.',
  401: () => 'A valid bearer token is required.',
  403: deniedByPolicy,
  413: () => 'The request body is too large.',
  451: deniedByPolicy,
  500: notEvaluated,
  503: notEvaluated,
}
