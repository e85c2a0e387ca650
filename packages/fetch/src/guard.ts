/**
 * The one piece every adapter runs: build the context, call the engine,
 * shape a deny. Nothing on this path throws; every failure is a deny.
 */
import { contextBuilder, type ContextOptions, type ContextResult } from './context.js'
import { defaultDecisionIdHeader, shapeDeny, type ShapeOptions } from './shape.js'
import type { Decision, DecisionEngine, PolicyInput } from './types.js'

/** Options shared by `cordonFetch`, the Hono and the Express middleware. */
export interface CordonOptions extends ContextOptions, ShapeOptions {
  /** The engine, or a promise of it (so a Worker can start creating it at module top level). */
  engine: DecisionEngine | Promise<DecisionEngine>
  /** The entrypoint to decide with (default `ai_access/decision`). */
  entrypoint?: string
  /**
   * A request whose context is missing or malformed: `deny` it with
   * `invalid_context` (400, the default), or `evaluate` what could be built
   * and let the policy decide.
   */
  invalidContext?: 'deny' | 'evaluate'
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

export type Guard = (request: Request) => Promise<GuardResult>

/** Checks the options once and returns the per-request guard. Throws TypeError on bad options. */
export function createGuard(options: CordonOptions): Guard {
  if (!options || !options.engine) throw new TypeError('cordon: options.engine is required')
  if (options.invalidContext && options.invalidContext !== 'deny' && options.invalidContext !== 'evaluate') {
    throw new TypeError(`cordon: invalidContext must be 'deny' or 'evaluate', not ${String(options.invalidContext)}`)
  }
  const build = contextBuilder(options)
  const entrypoint = options.entrypoint ?? 'ai_access/decision'
  const engine = Promise.resolve(options.engine)
  // An engine that fails to load denies every request (503) rather than crashing the host.
  engine.catch(() => undefined)
  return async function guard(request) {
    const context = await build(request)
    const { input } = context
    let decision: Decision
    if (!context.ok && options.invalidContext !== 'evaluate') {
      decision = synthetic('invalid_context', context.errors.map((e) => `${e.field}: ${e.message}`), entrypoint)
    } else {
      try {
        decision = await (await engine).decide(input, { entrypoint })
      } catch (err) {
        decision = synthetic('engine_error', [err instanceof Error ? err.message : String(err)], entrypoint)
      }
      if (!decision || typeof decision.allow !== 'boolean') decision = synthetic('undefined_decision', ['the engine returned no decision'], entrypoint)
    }
    if (decision.allow === true) return { decision, input, context }
    const deny = await shapeSafely(decision, request, input, options)
    return { decision, input, context, deny }
  }
}

async function shapeSafely(decision: Decision, request: Request, input: PolicyInput, options: CordonOptions): Promise<Response> {
  if (!options.deny) return shapeDeny(decision, options, request)
  try {
    return await options.deny(decision, request, input)
  } catch {
    // A failing custom shaper must not turn a deny into an error page that leaks, or into an allow.
    return shapeDeny(decision, options, request)
  }
}

function synthetic(code: string, reasons: string[], entrypoint: string): Decision {
  return { allow: false, code, reasons, result: {}, decisionId: crypto.randomUUID(), entrypoint }
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
