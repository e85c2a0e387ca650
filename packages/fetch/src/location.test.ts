import { describe, expect, it } from 'vitest'
import { checkLocationProviders, resolveLocation, type LocationProvider } from './location.js'

const req = (headers: Record<string, string>, cf?: object) => Object.assign(new Request('https://gw.test/v1/chat/completions', { headers }), cf ? { cf } : {})
const b64 = (v: object) => btoa(JSON.stringify(v))

const rows: { note: string; trust: LocationProvider[]; headers: Record<string, string>; cf?: object; want: { country: string; region?: string; source: string } }[] = [
  { note: 'nothing trusted: XX even with geo headers', trust: [], headers: { 'cf-ipcountry': 'FR' }, want: { country: 'XX', source: 'none' } },
  { note: 'cloudflare header', trust: ['cloudflare'], headers: { 'cf-ipcountry': 'fr' }, want: { country: 'FR', source: 'cloudflare' } },
  { note: 'cloudflare request.cf gives the region', trust: ['cloudflare'], headers: {}, cf: { country: 'UA', regionCode: '43' }, want: { country: 'UA', region: 'UA-43', source: 'cloudflare' } },
  { note: 'cloudflare header with a matching request.cf', trust: ['cloudflare'], headers: { 'cf-ipcountry': 'UA' }, cf: { country: 'UA', regionCode: '43' }, want: { country: 'UA', region: 'UA-43', source: 'cloudflare' } },
  { note: 'cloudflare header wins; a disagreeing request.cf gives no region', trust: ['cloudflare'], headers: { 'cf-ipcountry': 'FR' }, cf: { country: 'US', regionCode: 'TX' }, want: { country: 'FR', source: 'cloudflare' } },
  { note: 'untrusted provider ignored', trust: ['cloudflare'], headers: { 'x-vercel-ip-country': 'CU' }, want: { country: 'XX', source: 'none' } },
  { note: 'vercel with region', trust: ['vercel'], headers: { 'x-vercel-ip-country': 'US', 'x-vercel-ip-country-region': 'CA' }, want: { country: 'US', region: 'US-CA', source: 'vercel' } },
  { note: 'cloudfront', trust: ['cloudfront'], headers: { 'cloudfront-viewer-country': 'DE', 'cloudfront-viewer-country-region': 'BE' }, want: { country: 'DE', region: 'DE-BE', source: 'cloudfront' } },
  { note: 'akamai edgescape', trust: ['akamai'], headers: { 'x-akamai-edgescape': 'georegion=246,country_code=US,region_code=CA,city=SANJOSE' }, want: { country: 'US', region: 'US-CA', source: 'akamai' } },
  { note: 'netlify base64 JSON', trust: ['netlify'], headers: { 'x-nf-geo': b64({ country: { code: 'GB' }, subdivision: { code: 'ENG' } }) }, want: { country: 'GB', region: 'GB-ENG', source: 'netlify' } },
  { note: 'netlify malformed → next provider', trust: ['netlify', 'cloudflare'], headers: { 'x-nf-geo': '%%%', 'cf-ipcountry': 'IT' }, want: { country: 'IT', source: 'cloudflare' } },
  { note: 'custom header', trust: [{ header: 'x-geo', regionHeader: 'x-geo-region' }], headers: { 'x-geo': 'UA', 'x-geo-region': 'UA-14' }, want: { country: 'UA', region: 'UA-14', source: 'custom' } },
  { note: 'custom function', trust: [() => ({ country: 'JP' })], headers: {}, want: { country: 'JP', source: 'custom' } },
  { note: 'tor code kept', trust: ['cloudflare'], headers: { 'cf-ipcountry': 'T1' }, want: { country: 'T1', source: 'cloudflare' } },
  { note: 'garbage is not a country', trust: ['cloudflare'], headers: { 'cf-ipcountry': 'France' }, want: { country: 'XX', source: 'none' } },
  { note: 'first trusted provider wins', trust: ['vercel', 'cloudflare'], headers: { 'cf-ipcountry': 'FR', 'x-vercel-ip-country': 'US' }, want: { country: 'US', source: 'vercel' } },
]

describe('resolveLocation', () => {
  for (const row of rows) {
    it(row.note, async () => {
      const got = await resolveLocation(req(row.headers, row.cf), row.trust)
      expect({ ...got, region: got.region ?? undefined }).toEqual({ region: undefined, ...row.want })
    })
  }

  it('rejects unknown provider names when the adapter is made', () => {
    expect(() => checkLocationProviders(['cloudflair' as LocationProvider])).toThrow("unknown location provider 'cloudflair'")
  })
})
