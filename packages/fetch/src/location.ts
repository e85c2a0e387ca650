/**
 * Location from the providers the application declares as trusted, and only
 * from requests that crossed the trust boundary: a geo header is believed
 * only from a peer among the CDN's addresses, or with the secret header the
 * CDN adds (anyone can send `CF-IPCountry` to an origin it can reach). The
 * first trusted provider that yields a country wins. A location that cannot
 * be established (outside the boundary, missing, malformed, duplicated) is
 * `ZZ`, which the reference policy refuses; no providers at all is `XX`.
 */
import { parseCidr } from './address.js'
import type { Location } from './types.js'

/** The country of a request whose location could not be established. */
export const unverifiedCountry = 'ZZ'

/**
 * Who may speak for the trusted providers' geo headers. Without one, geo
 * headers are never believed (a Worker's `request.cf` and function
 * providers still are).
 */
export interface TrustBoundary {
  /** The CDN's edge addresses or CIDR ranges: headers count only from a connection peer among them. */
  addresses?: readonly string[]
  /** A header the CDN adds to every request with a secret value (a Cloudflare Transform Rule, a CloudFront origin custom header). */
  secret?: { header: string; value: string }
  /** Every connection comes through the platform's own proxy (Vercel, Netlify, an origin no one else can reach): believe headers from any peer. */
  anyPeer?: boolean
}

/** A prepared boundary: does this request (from this peer address) carry trusted headers? */
export type BoundaryCheck = (request: Request, peer: string | undefined) => boolean

/** Checks the boundary's options once. Throws TypeError on a bad range or secret. */
export function trustBoundary(boundary: TrustBoundary | undefined): BoundaryCheck {
  if (!boundary) return () => false
  if (boundary.anyPeer === true) return () => true
  const ranges = (boundary.addresses ?? []).map(parseCidr)
  const secret = boundary.secret
  if (
    secret &&
    (typeof secret.header !== 'string' ||
      secret.header === '' ||
      typeof secret.value !== 'string' ||
      secret.value.length < 16)
  ) {
    throw new TypeError('proxy.secret needs a header name and a value of at least 16 characters')
  }
  return (request, peer) => {
    if (secret && sameSecret(request.headers.get(secret.header), secret.value)) return true
    return peer !== undefined && ranges.some((inRange) => inRange(peer))
  }
}

// Compares without stopping at the first differing character.
function sameSecret(got: string | null, want: string): boolean {
  if (got === null || got.length !== want.length) return false
  let diff = 0
  for (let i = 0; i < want.length; i++) diff |= got.charCodeAt(i) ^ want.charCodeAt(i)
  return diff === 0
}

/** A provider's name, a custom header pair, or a function of the request. */
export type LocationProvider =
  | 'cloudflare'
  | 'vercel'
  | 'cloudfront'
  | 'akamai'
  | 'netlify'
  | { header: string; regionHeader?: string }
  | ((request: Request) => Partial<Location> | undefined | Promise<Partial<Location> | undefined>)

type Read = (request: Request) => { country?: string; region?: string } | undefined

const named: Record<string, Read> = {
  // CF-IPCountry is set by Cloudflare's edge (overwriting any client value);
  // cf-region-code by its "Add visitor location headers" managed transform.
  cloudflare: (r) => ({
    country: r.headers.get('cf-ipcountry') ?? undefined,
    region: r.headers.get('cf-region-code') ?? undefined,
  }),
  vercel: (r) => ({
    country: r.headers.get('x-vercel-ip-country') ?? undefined,
    region: r.headers.get('x-vercel-ip-country-region') ?? undefined,
  }),
  cloudfront: (r) => ({
    country: r.headers.get('cloudfront-viewer-country') ?? undefined,
    region: r.headers.get('cloudfront-viewer-country-region') ?? undefined,
  }),
  // X-Akamai-Edgescape: georegion=246,country_code=US,region_code=CA,city=…
  akamai: (r) => {
    const fields = new Map(
      (r.headers.get('x-akamai-edgescape') ?? '').split(',').map((kv) => {
        const i = kv.indexOf('=')
        return [kv.slice(0, i).trim().toLowerCase(), kv.slice(i + 1).trim()] as const
      }),
    )
    return { country: fields.get('country_code'), region: fields.get('region_code') }
  },
  // x-nf-geo: base64 of {"country":{"code":"FR"},"subdivision":{"code":"IDF"},…}
  netlify: (r) => {
    const raw = r.headers.get('x-nf-geo')
    if (!raw) return undefined
    try {
      const geo = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(raw), (c) => c.charCodeAt(0))))
      return { country: geo?.country?.code, region: geo?.subdivision?.code }
    } catch {
      return undefined
    }
  },
}

/** Checks providers once, when the adapter is made. Throws on an unknown name. */
export function checkLocationProviders(providers: readonly LocationProvider[]): void {
  for (const p of providers) {
    if (typeof p === 'string' && !(p in named))
      throw new TypeError(`unknown location provider '${p}' (expected ${Object.keys(named).join(', ')})`)
    if (typeof p === 'object' && (typeof p.header !== 'string' || p.header === ''))
      throw new TypeError('a custom location provider needs a header name')
  }
}

/**
 * The request's location per the trusted providers, in order. Headers count
 * only when `trusted` (the request crossed the trust boundary); a Worker's
 * `request.cf` (set by Cloudflare, not a client) and function providers
 * always count, and so do Cloudflare's headers inside a Worker. The first provider with a value decides: a malformed or
 * duplicated value is `ZZ` (source `invalid`), not a reason to ask the next.
 */
export async function resolveLocation(
  request: Request,
  providers: readonly LocationProvider[],
  trusted = false,
): Promise<Location> {
  if (providers.length === 0) return { country: 'XX', source: 'none' }
  for (const p of providers) {
    const found = await readProvider(request, p, trusted)
    if (found?.country === undefined || found.country === null) continue
    const country = normalizeCountry(found.country)
    if (!country) return { country: unverifiedCountry, source: 'invalid' }
    return { country, ...regionField(country, found.region), source: providerName(p) }
  }
  return { country: unverifiedCountry, source: trusted ? 'missing' : 'untrusted' }
}

async function readProvider(
  request: Request,
  p: LocationProvider,
  trusted: boolean,
): Promise<{ country?: unknown; region?: unknown } | undefined> {
  if (typeof p === 'function') return p(request)
  if (p === 'cloudflare') {
    // Inside a Worker every request came through Cloudflare's edge, which sets CF-IPCountry itself.
    const cf = (request as Request & { cf?: { country?: unknown; regionCode?: unknown } }).cf
    if (cf && typeof cf === 'object') {
      const header = named.cloudflare!(request)!
      const country = header.country ?? cf.country
      return { country, region: header.region ?? (country === cf.country ? cf.regionCode : undefined) }
    }
  }
  if (!trusted) return undefined
  if (typeof p === 'string') return named[p]!(request)
  return {
    country: request.headers.get(p.header) ?? undefined,
    region: p.regionHeader ? (request.headers.get(p.regionHeader) ?? undefined) : undefined,
  }
}

const regionField = (country: string, value: unknown) => {
  const region = normalizeRegion(country, value)
  return region ? { region } : {}
}

const providerName = (p: LocationProvider) => (typeof p === 'string' ? p : 'custom')

// Two letters (T1 is Cloudflare's Tor code, XX its unknown); anything else is not a country.
function normalizeCountry(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const c = value.trim().toUpperCase()
  return /^([A-Z]{2}|T1)$/.test(c) ? c : undefined
}

// Providers give the subdivision without its country (`43`, `CA`); policies match `UA-43`.
function normalizeRegion(country: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const r = value.trim().toUpperCase()
  if (!/^([A-Z]{2}-)?[A-Z0-9]{1,3}$/.test(r)) return undefined
  return r.includes('-') ? r : `${country}-${r}`
}
