/**
 * The shapes the adapters share: the engine they call, the decision they get
 * back, and the policy input they build from a request.
 */

/**
 * A decision as `@cordon/engine` returns it. `allow` is true only when the
 * policy said so; every failure is `allow: false` with a `code`. Declared
 * structurally here so any engine with this shape (a test double, a remote
 * decision service) plugs in.
 */
export interface Decision {
  allow: boolean
  code?: string
  reasons: unknown[]
  /** The entrypoint's object value minus `allow`, `code` and `reasons` (`alternatives`, `legal_basis`, …). */
  result: Record<string, unknown>
  decisionId: string
  revision?: string
  entrypoint: string
}

/** What the adapters need of an engine: `createEngine(…)` from `@cordon/engine` fits. */
export interface DecisionEngine {
  decide(input: unknown, options?: { entrypoint?: string }): Promise<Decision> | Decision
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
  capability: string
}

/** Why a context could not be built; the deny's reasons. */
export class ContextError extends Error {
  override name = 'ContextError'
  constructor(
    /** The part of the context at fault: `user`, `model`, `capability` or `body`. */
    readonly field: string,
    message: string,
  ) {
    super(message)
  }
}
