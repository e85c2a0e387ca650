/**
 * `buildContext`: a Web `Request` → the policy input, from trusted location
 * providers, a verified identity, and the OpenAI-compatible body.
 */
import { jwtResolver, type IdentityResolver, type JwtOptions } from './identity.js'
import {
  checkLocationProviders,
  resolveLocation,
  trustBoundary,
  unverifiedCountry,
  type LocationProvider,
  type TrustBoundary,
} from './location.js'
import { resolveModel, type ModelOptions } from './model.js'
import { ContextError, type Location, type PolicyInput, type User } from './types.js'

/** Where each part of the context comes from. */
export interface ContextOptions {
  /** Location providers to trust, in order (default none: every request is `XX`, with a warning at startup). */
  trust?: readonly LocationProvider[]
  /**
   * Who may speak for the providers' geo headers: the CDN's addresses, a
   * secret header it adds, or `anyPeer` on a platform no one can bypass.
   * Without it only a Worker's `request.cf` and function providers count;
   * every other request is `ZZ` (unverified).
   */
  proxy?: TrustBoundary
  /** Verify bearer tokens and map their claims to the user. */
  jwt?: JwtOptions
  /** Resolve the user yourself (takes precedence over `jwt`). Neither → an anonymous user `{}`. */
  identity?: IdentityResolver
  /** Overrides for model and capability. */
  model?: ModelOptions
  /** The clock for `request.time` (default `new Date()`). */
  now?: () => Date
  /** Adds or changes fields of the input before it is evaluated. */
  extend?: (input: PolicyInput, request: Request) => PolicyInput | Promise<PolicyInput>
}

/** A context: the input, or the reasons it could not be built (with what could be). */
export type ContextResult =
  | { ok: true; input: PolicyInput; location: Location }
  | { ok: false; input: PolicyInput; location: Location; errors: ContextError[] }

/**
 * A prepared context builder: options checked once, keys and JWKS reused
 * across requests. `peer` is the connection's remote address, when the
 * adapter knows it (Node), for the trust boundary.
 */
export type ContextBuilder = (request: Request, peer?: string) => Promise<ContextResult>

/** Checks the options and returns a builder. Throws TypeError on bad options. */
export function contextBuilder(options: ContextOptions = {}): ContextBuilder {
  const trust = options.trust ?? []
  checkLocationProviders(trust)
  const fromProxy = trustBoundary(options.proxy)
  const identity = options.identity ?? (options.jwt ? jwtResolver(options.jwt) : async () => ({}))
  const now = options.now ?? (() => new Date())
  return async (request, peer) => {
    const url = new URL(request.url)
    const errors: ContextError[] = []
    const caught = <T>(p: Promise<T>, fallback: T) =>
      p.catch((err: unknown) => {
        errors.push(
          err instanceof ContextError
            ? err
            : new ContextError('context', err instanceof Error ? err.message : String(err)),
        )
        return fallback
      })
    // Independent parts run together: a JWKS fetch overlaps the body read.
    const [location, user, model] = await Promise.all([
      caught(resolveLocation(request, trust, fromProxy(request, peer)), {
        country: unverifiedCountry,
        source: 'invalid',
      } as Location),
      caught(
        Promise.resolve().then(() => identity(request)),
        {} as User | undefined,
      ),
      caught(resolveModel(request, options.model), { model: '', capability: '', capabilities: [] as string[] }),
    ])
    let input: PolicyInput = {
      request: {
        country: location.country,
        ...(location.region ? { region: location.region } : {}),
        time: now().toISOString(),
        method: request.method,
        path: url.pathname,
      },
      user: user ?? {},
      model: { id: model.model },
      capability: model.capability,
      capabilities: model.capabilities,
    }
    if (options.extend) input = await caught(Promise.resolve(options.extend(input, request)), input)
    return errors.length ? { ok: false, input, location, errors } : { ok: true, input, location }
  }
}

const builders = new WeakMap<ContextOptions, ContextBuilder>()

/**
 * Builds the policy input for one request. The body is read from a clone, so
 * it stays readable. Options are prepared once per options object.
 *
 * @example
 * const ctx = await buildContext(request, { trust: ['cloudflare'], jwt: { issuer, audience, jwksUrl } })
 * if (ctx.ok) engine.decide(ctx.input)
 */
export function buildContext(request: Request, options: ContextOptions = {}): Promise<ContextResult> {
  let builder = builders.get(options)
  if (!builder) builders.set(options, (builder = contextBuilder(options)))
  return builder(request)
}
