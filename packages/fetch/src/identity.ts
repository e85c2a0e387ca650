/**
 * Identity and nationality: from a JWT verified with `jose` (Web Crypto only,
 * so it runs on every edge runtime), or from the application's resolver.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose'
import { ContextError, type User } from './types.js'

/** How to verify bearer tokens and read the user from their claims. */
export interface JwtOptions {
  /** The expected `iss` (one or several). */
  issuer?: string | string[]
  /** The expected `aud` (one or several). */
  audience?: string | string[]
  /** A JWKS endpoint, fetched and cached by `jose`. */
  jwksUrl?: string | URL
  /** A public JWK, a JWKS document, a `CryptoKey`, or an HMAC secret. */
  key?: JWK | { keys: JWK[] } | CryptoKey | Uint8Array
  /** Accepted `alg` values (default: what the key allows). */
  algorithms?: string[]
  /** Seconds of clock skew tolerated for `exp`/`nbf` (default 5). */
  clockTolerance?: number
  /** Refuse tokens without `exp`, which would be valid forever (default true). */
  requireExp?: boolean
  /** Claims every token must have (checked by `jose`, besides `exp` and the `iss`/`aud` given above). */
  requiredClaims?: string[]
  /**
   * Milliseconds a fetched JWKS is used before it is fetched again (default
   * 600000, `jose`'s). A remembered token is forgotten with the key set it
   * was verified by, so a key removed from the JWKS stops verifying tokens.
   */
  jwksCacheMaxAge?: number
  /** Claim names for each user field (default `sub`, `nationality`, `verified`, `tier`), or a function. */
  claims?: Partial<Record<'id' | 'nationality' | 'verified' | 'tier', string>> | ((payload: JWTPayload) => User)
  /** The header holding `Bearer <token>` (default `authorization`). */
  header?: string
  /**
   * How many verified tokens to remember (default 1024; 0 turns it off). A
   * client sends the same token many times; a remembered one skips the
   * signature check but is still refused once expired.
   */
  cacheSize?: number
}

/** Resolves the user from a request; undefined means no user. */
export type IdentityResolver = (request: Request) => User | undefined | Promise<User | undefined>

const defaultClaims = { id: 'sub', nationality: 'nationality', verified: 'verified', tier: 'tier' }

/** Builds the resolver for JWT options once (keys imported lazily by `jose`). Throws on options without a key. */
export function jwtResolver(options: JwtOptions): IdentityResolver {
  const key = verificationKey(options)
  const header = options.header ?? 'authorization'
  const clockTolerance = options.clockTolerance ?? 5
  const requiredClaims = [
    ...new Set([...(options.requireExp === false ? [] : ['exp']), ...(options.requiredClaims ?? [])]),
  ]
  const verify = {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: options.algorithms,
    clockTolerance,
    requiredClaims,
  }
  // Remembered tokens live no longer than the remote key set they were verified by.
  const keySetAge = options.jwksUrl ? (options.jwksCacheMaxAge ?? 600_000) : Infinity
  const cache = new VerifiedTokens(options.cacheSize ?? 1024, clockTolerance, keySetAge)
  return async (request) => {
    const auth = request.headers.get(header)
    if (!auth) throw new ContextError('user', `no bearer token in ${header}`, 'unauthenticated')
    const m = /^Bearer\s+([A-Za-z0-9_\-.]+)\s*$/i.exec(auth)
    if (!m) throw new ContextError('user', `${header} is not a bearer token`, 'invalid_token')
    const token = m[1]!
    let payload = cache.get(token)
    if (!payload) {
      try {
        payload = (await jwtVerify(token, key as JWTVerifyGetKey, verify)).payload
      } catch (err) {
        throw new ContextError('user', `token rejected: ${describeJoseError(err)}`, 'invalid_token')
      }
      cache.set(token, payload)
    }
    return userFromClaims(payload, options.claims)
  }
}

/** Tokens whose signature and claims verified, by their exact text, until they expire (least recently used out). */
class VerifiedTokens {
  private readonly map = new Map<string, { payload: JWTPayload; verifiedAt: number }>()
  constructor(
    private readonly max: number,
    private readonly tolerance: number,
    /** Milliseconds an entry may live after its verification (the key set's age). */
    private readonly keySetAge: number,
  ) {}

  get(token: string): JWTPayload | undefined {
    const entry = this.map.get(token)
    if (!entry) return undefined
    this.map.delete(token)
    if (!this.live(entry)) return undefined
    this.map.set(token, entry)
    return entry.payload
  }

  set(token: string, payload: JWTPayload): void {
    // Tokens without exp are verified every time: nothing says when to forget them.
    if (this.max <= 0 || typeof payload.exp !== 'number') return
    this.map.set(token, { payload, verifiedAt: Date.now() })
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!)
  }

  private live({ payload: p, verifiedAt }: { payload: JWTPayload; verifiedAt: number }): boolean {
    const ms = Date.now()
    const now = ms / 1000
    return (
      ms - verifiedAt < this.keySetAge &&
      (p.exp ?? 0) + this.tolerance > now &&
      (p.nbf === undefined || p.nbf - this.tolerance <= now)
    )
  }
}

function verificationKey(options: JwtOptions): JWTVerifyGetKey | CryptoKey | Uint8Array {
  if (options.jwksUrl)
    return createRemoteJWKSet(
      new URL(options.jwksUrl),
      options.jwksCacheMaxAge === undefined ? {} : { cacheMaxAge: options.jwksCacheMaxAge },
    )
  const k = options.key
  if (!k) throw new TypeError('jwt options need key or jwksUrl')
  if (k instanceof Uint8Array || isCryptoKey(k)) return k
  if ('keys' in k && Array.isArray(k.keys)) return createLocalJWKSet({ keys: k.keys })
  return createLocalJWKSet({ keys: [k as JWK] })
}

const isCryptoKey = (k: unknown): k is CryptoKey => typeof CryptoKey !== 'undefined' && k instanceof CryptoKey

/** Maps verified claims to the user fields the policy reads. */
export function userFromClaims(payload: JWTPayload, claims: JwtOptions['claims'] = defaultClaims): User {
  if (typeof claims === 'function') return claims(payload)
  const names = { ...defaultClaims, ...claims }
  const user: User = {}
  const id = payload[names.id]
  if (typeof id === 'string') user.id = id
  const nationality = payload[names.nationality]
  if (typeof nationality === 'string') user.nationality = nationality.toUpperCase()
  user.verified = payload[names.verified] === true
  const tier = payload[names.tier]
  if (typeof tier === 'string') user.tier = tier
  return user
}

function describeJoseError(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'expired'
  if (err instanceof errors.JWTClaimValidationFailed)
    return `claim ${err.claim} ${err.reason === 'check_failed' ? 'does not match' : err.reason}`
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'signature does not verify'
  if (err instanceof errors.JOSEError) return err.code
  return err instanceof Error ? err.message : String(err)
}
