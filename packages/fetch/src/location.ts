/**
 * Location from the providers the application declares as trusted, and only
 * those: a geo header from an untrusted hop is ignored, since anyone can set
 * it. The first trusted provider that yields a country wins; none → `XX`.
 */
import type { Location } from './types.js'

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
  // CF-IPCountry is set by Cloudflare's edge (overwriting any client value) from
  // the same lookup as request.cf, which exists only inside Workers and alone has the region.
  cloudflare: (r) => {
    const cf = (r as Request & { cf?: { country?: unknown; regionCode?: unknown } }).cf
    const cfCountry = typeof cf?.country === 'string' ? cf.country.toUpperCase() : undefined
    const country = r.headers.get('cf-ipcountry')?.toUpperCase() ?? cfCountry
    const region = country === cfCountry && typeof cf?.regionCode === 'string' ? cf.regionCode : undefined
    return { country, region }
  },
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
    if (typeof p === 'string' && !(p in named)) throw new TypeError(`unknown location provider '${p}' (expected ${Object.keys(named).join(', ')})`)
    if (typeof p === 'object' && (typeof p.header !== 'string' || p.header === '')) throw new TypeError('a custom location provider needs a header name')
  }
}

/** The request's location per the trusted providers, in order. */
export async function resolveLocation(request: Request, providers: readonly LocationProvider[]): Promise<Location> {
  for (const p of providers) {
    const found = await readProvider(request, p)
    const country = normalizeCountry(found?.country)
    if (country) return { country, region: normalizeRegion(country, found?.region), source: providerName(p) }
  }
  return { country: 'XX', source: 'none' }
}

async function readProvider(request: Request, p: LocationProvider) {
  if (typeof p === 'string') return named[p]!(request)
  if (typeof p === 'function') return p(request)
  return { country: request.headers.get(p.header) ?? undefined, region: p.regionHeader ? request.headers.get(p.regionHeader) ?? undefined : undefined }
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
