/**
 * Cordon in front of any fetch-style handler, and the logic every Cordon
 * adapter shares: the request context (trusted location, verified identity,
 * model and capability), the engine call, and the deny response. Web APIs
 * only, so it runs in Node, workerd, Vercel's edge runtime, Deno and Bun.
 *
 * Also the types of the reference AI-access policy (the context these
 * adapters build, its decision and its data), generated from `schemas/`.
 *
 * @module \@cordon/fetch
 */
export { cordonFetch, getDecision, peerAddress } from './cordon-fetch.js'
export {
  createGuard,
  checkEntrypoint,
  logDenial,
  withDecisionId,
  type CordonOptions,
  type Guard,
  type GuardResult,
} from './guard.js'
export {
  buildContext,
  contextBuilder,
  type ContextBuilder,
  type ContextOptions,
  type ContextResult,
} from './context.js'
export {
  shapeDeny,
  denyStatus,
  defaultDecisionIdHeader,
  defaultLocationCodes,
  engineFailureCodes,
  badContextCodes,
  unauthenticatedCodes,
  bodyTooLargeCode,
  internalCodes,
  type ShapeOptions,
} from './shape.js'
export {
  resolveLocation,
  checkLocationProviders,
  trustBoundary,
  unverifiedCountry,
  type LocationProvider,
  type TrustBoundary,
  type BoundaryCheck,
} from './location.js'
export { parseAddress, parseCidr } from './address.js'
export { jwtResolver, userFromClaims, type IdentityResolver, type JwtOptions } from './identity.js'
export {
  resolveModel,
  capabilityOf,
  endpointCapability,
  defaultEndpoints,
  defaultMaxBodyBytes,
  readLimited,
  concatBytes,
  type ModelOptions,
  type ModelRequest,
} from './model.js'
export {
  ContextError,
  type ContextErrorCode,
  type AdapterDecisionEvent,
  type Decision,
  type DecisionEngine,
  type Location,
  type PolicyInput,
  type User,
} from './types.js'

/** Types of the reference AI-access policy's request context (`RequestContext`), decision (`AccessDecision`) and data (`AiAccessData`), generated from schemas/. */
export type * from './generated/ai-access-types.js'
