import { describe, expect, it } from 'vitest'
import { checkLocationProviders, resolveLocation, trustBoundary, type LocationProvider } from './location.js'

const req = (headers: Record<string, string>, cf?: object) =>
  Object.assign(new Request('https://gw.test/v1/chat/completions', { headers }), cf ? { cf } : {})
const b64 = (v: object) => btoa(JSON.stringify(v))

const rows: {
  note: string
  trust: LocationProvider[]
  headers: Record<string, string>
  cf?: object
  untrusted?: boolean
  want: { country: string; region?: string; source: string }
}[] = [
  {
    note: 'nothing trusted: XX even with geo headers',
    trust: [],
    headers: { 'cf-ipcountry': 'FR' },
    want: { country: 'XX', source: 'none' },
  },
  {
    note: 'outside the trust boundary: ZZ',
    trust: ['cloudflare'],
    headers: { 'cf-ipcountry': 'FR' },
    untrusted: true,
    want: { country: 'ZZ', source: 'untrusted' },
  },
  {
    note: 'outside the boundary, a Worker’s request.cf still counts',
    trust: ['cloudflare'],
    headers: {},
    cf: { country: 'FR' },
    untrusted: true,
    want: { country: 'FR', source: 'cloudflare' },
  },
  {
    note: 'outside the boundary, a function provider still counts',
    trust: [() => ({ country: 'JP' })],
    headers: {},
    untrusted: true,
    want: { country: 'JP', source: 'custom' },
  },
  {
    note: 'cloudflare region header (cf-region-code)',
    trust: ['cloudflare'],
    headers: { 'cf-ipcountry': 'UA', 'cf-region-code': '43' },
    want: { country: 'UA', region: 'UA-43', source: 'cloudflare' },
  },
  {
    note: 'duplicated header (joined by the runtime) is ZZ',
    trust: ['cloudflare'],
    headers: { 'cf-ipcountry': 'US, CU' },
    want: { country: 'ZZ', source: 'invalid' },
  },
  { note: 'trusted but no header: ZZ', trust: ['cloudflare'], headers: {}, want: { country: 'ZZ', source: 'missing' } },
  {
    note: 'cloudflare header',
    trust: ['cloudflare'],
    headers: { 'cf-ipcountry': 'fr' },
    want: { country: 'FR', source: 'cloudflare' },
  },
  {
    note: 'cloudflare request.cf gives the region',
    trust: ['cloudflare'],
    headers: {},
    cf: { country: 'UA', regionCode: '43' },
    want: { country: 'UA', region: 'UA-43', source: 'cloudflare' },
  },
  {
    note: 'cloudflare header with a matching request.cf',
    trust: ['cloudflare'],
    headers: { 'cf-ipcountry': 'UA' },
    cf: { country: 'UA', regionCode: '43' },
    want: { country: 'UA', region: 'UA-43', source: 'cloudflare' },
  },
  {
    note: 'cloudflare header wins; a disagreeing request.cf gives no region',
    trust: ['cloudflare'],
    headers: { 'cf-ipcountry': 'FR' },
    cf: { country: 'US', regionCode: 'TX' },
    want: { country: 'FR', source: 'cloudflare' },
  },
  {
    note: 'untrusted provider ignored',
    trust: ['cloudflare'],
    headers: { 'x-vercel-ip-country': 'CU' },
    want: { country: 'ZZ', source: 'missing' },
  },
  {
    note: 'vercel with region',
    trust: ['vercel'],
    headers: { 'x-vercel-ip-country': 'US', 'x-vercel-ip-country-region': 'CA' },
    want: { country: 'US', region: 'US-CA', source: 'vercel' },
  },
  {
    note: 'cloudfront',
    trust: ['cloudfront'],
    headers: { 'cloudfront-viewer-country': 'DE', 'cloudfront-viewer-country-region': 'BE' },
    want: { country: 'DE', region: 'DE-BE', source: 'cloudfront' },
  },
  {
    note: 'akamai edgescape',
    trust: ['akamai'],
    headers: { 'x-akamai-edgescape': 'georegion=246,country_code=US,region_code=CA,city=SANJOSE' },
    want: { country: 'US', region: 'US-CA', source: 'akamai' },
  },
  {
    note: 'netlify base64 JSON',
    trust: ['netlify'],
    headers: { 'x-nf-geo': b64({ country: { code: 'GB' }, subdivision: { code: 'ENG' } }) },
    want: { country: 'GB', region: 'GB-ENG', source: 'netlify' },
  },
  {
    note: 'netlify undecodable → next provider',
    trust: ['netlify', 'cloudflare'],
    headers: { 'x-nf-geo': '%%%', 'cf-ipcountry': 'IT' },
    want: { country: 'IT', source: 'cloudflare' },
  },
  {
    note: 'custom header',
    trust: [{ header: 'x-geo', regionHeader: 'x-geo-region' }],
    headers: { 'x-geo': 'UA', 'x-geo-region': 'UA-14' },
    want: { country: 'UA', region: 'UA-14', source: 'custom' },
  },
  {
    note: 'custom function',
    trust: [() => ({ country: 'JP' })],
    headers: {},
    want: { country: 'JP', source: 'custom' },
  },
  {
    note: 'tor code kept',
    trust: ['cloudflare'],
    headers: { 'cf-ipcountry': 'T1' },
    want: { country: 'T1', source: 'cloudflare' },
  },
  {
    note: 'garbage is not a country: ZZ, not the next provider',
    trust: ['cloudflare', 'vercel'],
    headers: { 'cf-ipcountry': 'France', 'x-vercel-ip-country': 'US' },
    want: { country: 'ZZ', source: 'invalid' },
  },
  {
    note: 'first trusted provider wins',
    trust: ['vercel', 'cloudflare'],
    headers: { 'cf-ipcountry': 'FR', 'x-vercel-ip-country': 'US' },
    want: { country: 'US', source: 'vercel' },
  },
]

describe('resolveLocation', () => {
  for (const row of rows) {
    it(row.note, async () => {
      const got = await resolveLocation(req(row.headers, row.cf), row.trust, !row.untrusted)
      expect({ ...got, region: got.region ?? undefined }).toEqual({ region: undefined, ...row.want })
    })
  }

  it('rejects unknown provider names when the adapter is made', () => {
    expect(() => checkLocationProviders(['cloudflair' as LocationProvider])).toThrow(
      "unknown location provider 'cloudflair'",
    )
  })
})

describe('trustBoundary', () => {
  const request = (headers: Record<string, string> = {}) => new Request('https://gw.test/', { headers })
  it('believes peers in the CDN ranges, IPv4-mapped IPv6 included', () => {
    const inside = trustBoundary({ addresses: ['173.245.48.0/20', '2400:cb00::/32'] })
    expect(inside(request(), '173.245.48.9')).toBe(true)
    expect(inside(request(), '::ffff:173.245.63.255')).toBe(true)
    expect(inside(request(), '2400:cb00:2048:1::c629:d7a2')).toBe(true)
    expect(inside(request(), '173.245.64.1')).toBe(false)
    expect(inside(request(), '203.0.113.7')).toBe(false)
    expect(inside(request(), 'not-an-ip')).toBe(false)
    expect(inside(request(), undefined)).toBe(false)
  })

  it('believes the secret header, and only the exact secret', () => {
    const secret = trustBoundary({ secret: { header: 'x-cdn-secret', value: 'a-long-shared-secret' } })
    expect(secret(request({ 'x-cdn-secret': 'a-long-shared-secret' }), '203.0.113.7')).toBe(true)
    expect(secret(request({ 'x-cdn-secret': 'a-long-shared-secreT' }), '203.0.113.7')).toBe(false)
    expect(secret(request({ 'x-cdn-secret': 'a-long-shared-secret, a-long-shared-secret' }), undefined)).toBe(false)
    expect(secret(request(), undefined)).toBe(false)
  })

  it('believes nobody without a boundary; refuses bad ranges and short secrets when made', () => {
    expect(trustBoundary(undefined)(request(), '127.0.0.1')).toBe(false)
    expect(() => trustBoundary({ addresses: ['10.0.0.0/33'] })).toThrow('not an IP address or CIDR range')
    expect(() => trustBoundary({ addresses: ['example.com'] })).toThrow('not an IP address or CIDR range')
    expect(() => trustBoundary({ secret: { header: 'x', value: 'short' } })).toThrow('at least 16')
  })
})
