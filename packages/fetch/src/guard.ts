/**
 * The one piece every adapter runs: build the context, call the engine,
 * shape a deny. Nothing on this path throws; every failure is a deny, and
 * every deny the engine did not log itself goes to its decision log.
 */
import { normalizeEntrypoint } from '@cordon/engine/lean'
import { contextBuilder, type ContextOptions, type ContextResult } from './context.js'
import { endpointCapability } from './model.js'
import { defaultDecisionIdHeader, shapeDeny, type ShapeOptions } from './shape.js'
import type { ContextError, Decision, DecisionEngine, PolicyInput } from './types.js'

/** Options shared by `cordonFetch`, the Hono and the Express middleware. */
export interface CordonOptions extends ContextOptions, ShapeOptions {
  /** The engine, or a promise of it (so a Worker can start creating it at module top level). */
  engine: DecisionEngine | Promise<DecisionEngine>
  /**
   * The entrypoint to decide with (default: the engine's default, the
   * bundle's first entrypoint). Checked against the engine's entrypoints
   * when the adapter is made (or when a promised engine resolves).
   */
  entrypoint?: string
  /**
   * A request whose context is missing or malformed: `deny` it with
   * `invalid_context` (400, the default), or `evaluate` what could be built
   * and let the policy decide. A missing or bad token (401) and a body over
   * the limit (413) are denied either way.
   */
  invalidContext?: 'deny' | 'evaluate'
  /**
   * Which requests Cordon decides; the others pass through undecided.
   * Default: all but GET/HEAD/OPTIONS requests to paths that name no model
   * endpoint (`GET /v1/models` passes; a POST anywhere is decided).
   */
  match?: (request: Request) => boolean
  /** Requests to pass through undecided (checked after `match`). */
  skip?: (request: Request) => boolean
  /** Replaces the deny response entirely. */
  deny?: (decision: Decision, request: Request, input: PolicyInput) => Response | Promise<Response>
}

/** The outcome for one request: the decision, and the response to send when it is a deny. */
export interface GuardResult {
  decision: Decision
  input: PolicyInput
  context: ContextResult
  /** Present exactly when `decision.allow` is false. */
  deny?: Response
}

/**
 * Decides one request; `peer` is the connection's remote address when the
 * adapter knows it (for the trust boundary). Undefined: the request is not
 * one Cordon decides (`match`/`skip`), pass it on.
 */
export interface Guard {
  (request: Request, peer?: string): Promise<GuardResult | undefined>
  /**
   * The deny for a request the adapter could not even map to a `Request`
   * (Express: a Host that is not a host, a body over the limit), logged
   * like every adapter-level deny.
   */
  refuse(error: ContextError, request?: Request): Promise<Response>
}

const readOnly = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Checks the options once and returns the per-request guard. Throws TypeError on bad options. */
export function createGuard(options: CordonOptions): Guard {
  if (!options || !options.engine) throw new TypeError('cordon: options.engine is required')
  if (options.invalidContext && options.invalidContext !== 'deny' && options.invalidContext !== 'evaluate') {
    throw new TypeError(`cordon: invalidContext must be 'deny' or 'evaluate', not ${String(options.invalidContext)}`)
  }
  const build = contextBuilder(options)
  warnAboutTrust(options)
  const entrypoint = options.entrypoint
  const engine = readyEngine(options.engine, entrypoint)
  // An engine that fails to load denies every request (503) rather than crashing the host.
  engine.catch(() => undefined)
  const endpoints = options.model?.endpoints
  const match =
    options.match ??
    ((r: Request) => !(readOnly.has(r.method) && endpointCapability(new URL(r.url).pathname, endpoints) === undefined))
  // A throwing match or skip decides the request: never a pass by accident.
  const decides = (request: Request) => {
    try {
      return match(request) && !options.skip?.(request)
    } catch {
      return true
    }
  }
  const guard = async function guard(request: Request, peer?: string): Promise<GuardResult | undefined> {
    if (!decides(request)) return undefined
    const context = await build(request, peer)
    const { input } = context
    let decision: Decision
    // A body over the limit first, then a missing or bad token: never evaluated.
    const errors: ContextError[] = context.ok === false ? context.errors : []
    const fatal =
      errors.find((e) => e.code === 'body_too_large') ??
      errors.find((e) => e.code !== 'invalid_context') ??
      (options.invalidContext === 'evaluate' ? undefined : errors[0])
    if (fatal) {
      decision = synthetic(
        engine,
        fatal.code,
        errors.map((e) => `${e.field}: ${e.message}`),
        entrypoint,
        input,
      )
    } else {
      try {
        decision = await (await engine).decide(input, entrypoint === undefined ? undefined : { entrypoint })
        if (!decision || typeof decision.allow !== 'boolean')
          decision = synthetic(engine, 'undefined_decision', ['the engine returned no decision'], entrypoint, input)
      } catch (err) {
        decision = synthetic(
          engine,
          'engine_error',
          [err instanceof Error ? err.message : String(err)],
          entrypoint,
          input,
        )
      }
    }
    if (decision.allow === true) return { decision, input, context }
    const deny = await shapeSafely(decision, request, input, options)
    return { decision, input, context, deny }
  }
  const refuse = (error: ContextError, request?: Request) => {
    const decision = synthetic(engine, error.code, [`${error.field}: ${error.message}`], entrypoint, undefined)
    return Promise.resolve(shapeDeny(decision, options, request))
  }
  return Object.assign(guard, { refuse })
}

/** The engine, once it is there and has the entrypoint; rejects (and says so on the console) when it has not. */
function readyEngine(
  given: DecisionEngine | Promise<DecisionEngine>,
  entrypoint: string | undefined,
): Promise<DecisionEngine> {
  if (typeof (given as Promise<DecisionEngine>).then !== 'function') {
    checkEntrypoint(given as DecisionEngine, entrypoint)
    return Promise.resolve(given as DecisionEngine)
  }
  return Promise.resolve(given).then((e) => {
    try {
      checkEntrypoint(e, entrypoint)
    } catch (err) {
      console.error(`${(err as Error).message}; every request is denied (503)`)
      throw err
    }
    return e
  })
}

/** Throws a TypeError listing the engine's entrypoints when `entrypoint` is not among them. */
export function checkEntrypoint(engine: DecisionEngine, entrypoint: string | undefined): void {
  const known = engine.entrypoints
  if (entrypoint === undefined || !Array.isArray(known) || known.length === 0) return
  const names = known.map(normalizeEntrypoint)
  if (!names.includes(normalizeEntrypoint(entrypoint))) {
    throw new TypeError(
      `cordon: entrypoint '${entrypoint}' is not in the policy; its entrypoints are ${names.join(', ')}`,
    )
  }
}

const warned = new Set<string>()

// Once per process: a deny-list policy sees every request as XX without trust,
// and header providers without a boundary never count.
function warnAboutTrust(options: CordonOptions): void {
  const warn = (key: string, message: string) => {
    if (warned.has(key)) return
    warned.add(key)
    console.warn(`\n[cordon] WARNING: ${message}\n`)
  }
  const trust = options.trust ?? []
  if (trust.length === 0) {
    warn(
      'no-trust',
      "no `trust` is set: every request's country is XX (unknown). A policy that denies by country (embargoes) will not see where requests come from. Set `trust` to your CDN (e.g. ['cloudflare']) and `proxy` to its addresses or secret header.",
    )
  } else if (!options.proxy && trust.some((p) => typeof p !== 'function')) {
    warn(
      'no-proxy',
      "`trust` is set without `proxy`: geo headers are believed only from a Worker's request.cf; other requests' country is ZZ (unverified), which the reference policy refuses. Set `proxy: { addresses }` (your CDN's ranges), `proxy: { secret }` (a header your CDN adds) or `proxy: { anyPeer: true }` (a platform nobody can bypass).",
    )
  }
}

async function shapeSafely(
  decision: Decision,
  request: Request,
  input: PolicyInput,
  options: CordonOptions,
): Promise<Response> {
  if (!options.deny) return shapeDeny(decision, options, request)
  try {
    return await options.deny(decision, request, input)
  } catch {
    // A failing custom shaper must not turn a deny into an error page that leaks, or into an allow.
    return shapeDeny(decision, options, request)
  }
}

/**
 * A deny the adapter makes (the engine made no decision): a fresh id, and a
 * record in the engine's decision log so the id a client reports is found
 * there with the reasons (which the client never sees).
 */
function synthetic(
  engine: Promise<DecisionEngine>,
  code: string,
  reasons: string[],
  entrypoint: string | undefined,
  input: PolicyInput | undefined,
): Decision {
  const decision: Decision = {
    allow: false,
    code,
    reasons,
    result: {},
    decisionId: crypto.randomUUID(),
    entrypoint: entrypoint ?? '',
  }
  logDenial(engine, decision, input)
  return decision
}

/** Writes an adapter-level deny to the engine's decision log (when it has one), masked like the engine's own records. */
export function logDenial(engine: Promise<DecisionEngine> | DecisionEngine, decision: Decision, input?: unknown): void {
  const event = {
    decision_id: decision.decisionId,
    timestamp: new Date().toISOString(),
    entrypoint: decision.entrypoint,
    input,
    allow: false as const,
    ...(decision.code === undefined ? {} : { code: decision.code }),
    duration_ms: 0,
    error: decision.reasons.map(String).join('; '),
    labels: { source: 'adapter' },
  }
  Promise.resolve(engine)
    .then((e) => e.logDecision?.(event))
    .catch(() => {})
}

/** Sets the decision id header, copying the response when its headers are immutable (a `fetch` passthrough). */
export function withDecisionId(response: Response, decision: Decision, header = defaultDecisionIdHeader): Response {
  try {
    response.headers.set(header, decision.decisionId)
    return response
  } catch {
    const copy = new Response(response.body, response)
    copy.headers.set(header, decision.decisionId)
    return copy
  }
}
