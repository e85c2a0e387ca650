/**
 * The shapes the adapters share: the engine they call and the policy input
 * they build from a request. The decision is `@cordon/engine`'s own type.
 */
import type { Decision } from '@cordon/engine'

export type { Decision }

/**
 * What the adapters need of an engine: `createEngine(…)` from `@cordon/engine`
 * fits, typed or not. Structural, so any engine with this shape (a test
 * double, a remote decision service) plugs in.
 */
export interface DecisionEngine {
  /** Decides for one request's input; must not throw (a failure is a deny). */
  decide(input: unknown, options?: { entrypoint?: string }): Promise<Decision> | Decision
  /** The loaded policy's entrypoints, to check the adapter's `entrypoint` at startup. */
  readonly entrypoints?: readonly string[]
  /** Records an adapter-level deny in the decision log. */
  logDecision?(event: AdapterDecisionEvent): void
}

/** A decision-log record of a deny the adapter made (the fields of `@cordon/engine`'s DecisionEvent it fills). */
export interface AdapterDecisionEvent {
  decision_id: string
  timestamp: string
  entrypoint: string
  input?: unknown
  allow: false
  code?: string
  duration_ms: number
  /** The reasons, which the client never sees. */
  error: string
  labels: Record<string, string>
}

/** Where the request comes from, per a trusted provider. `country` is ISO 3166-1 alpha-2, `XX` when unknown. */
export interface Location {
  country: string
  /** ISO 3166-2 subdivision, country-prefixed (`UA-43`), when the provider gives one. */
  region?: string
  /** Which provider said so (`cloudflare`, `vercel`, …, `custom`), or `none`. */
  source: string
}

/** The user, from a verified token or the application's resolver. */
export interface User {
  id?: string
  nationality?: string
  verified?: boolean
  tier?: string
  [claim: string]: unknown
}

/** The policy input the adapters build (the reference policies read exactly these fields). */
export interface PolicyInput {
  request: { country: string; region?: string; time: string; method: string; path: string }
  user: User
  model: { id: string }
  /** The endpoint's capability. */
  capability: string
  /** Every capability the request uses: the endpoint's, then those the body adds (tools → `tool_use`). The policy checks each. */
  capabilities: string[]
}

/** The deny code of a context that could not be built: 400, 401 or 413. */
export type ContextErrorCode = 'invalid_context' | 'unauthenticated' | 'invalid_token' | 'body_too_large'

/** Why a context could not be built; the deny's reasons (logged, never sent to the client). */
export class ContextError extends Error {
  override name = 'ContextError'
  constructor(
    /** The part of the context at fault: `user`, `model`, `capability` or `body`. */
    readonly field: string,
    message: string,
    /** The deny code: `unauthenticated` (401) for a missing token, `invalid_token` (401) for a bad one, `body_too_large` (413), else `invalid_context` (400). */
    readonly code: ContextErrorCode = 'invalid_context',
  ) {
    super(message)
  }
}
