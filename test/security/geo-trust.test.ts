/**
 * Threats: geo headers from anyone (#14.4) and the region embargo on Node
 * origins (#14.5). A client reaching the origin directly can send
 * `CF-IPCountry: US`; only requests from the CDN's addresses or with the
 * secret header it adds are believed. Anything else, and a missing,
 * malformed or duplicated location, is `ZZ`, which the reference policy
 * refuses for every model. Region headers (`cf-region-code`,
 * `CloudFront-Viewer-Country-Region`, `x-vercel-ip-country-region`) count
 * under the same rule, so the UA-43 embargo holds off Workers too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Engine } from '@cordon/engine'
import type { CordonOptions } from '@cordon/fetch'
import { cdnSecret } from '../adapters/support/constants.js'
import {
  adapterNames,
  closeGateways,
  gatewayOptions,
  makeKeys,
  referenceEngine,
  startGateway,
  type Keys,
} from './support/gateways.js'
import { rawPost, rawRequest } from './support/raw-http.js'

let keys: Keys
let engine: Engine
let us: string
const urls: Record<string, Record<string, string>> = {}

// The same gateway with each kind of boundary: the loopback peer is inside, or outside.
const boundaries: Record<string, Partial<CordonOptions>> = {
  secret: { proxy: { secret: cdnSecret } },
  'peer inside the CDN ranges': { proxy: { addresses: ['127.0.0.0/8', '::1'] } },
  'peer outside the CDN ranges': { proxy: { addresses: ['173.245.48.0/20'] } },
  'no boundary': { proxy: undefined },
}

beforeAll(async () => {
  keys = await makeKeys()
  engine = await referenceEngine()
  us = await keys.sign({ sub: 'u1', nationality: 'US', verified: true, tier: 'pro' })
  for (const name of adapterNames) {
    urls[name] = {}
    for (const [b, o] of Object.entries(boundaries))
      urls[name]![b] = await startGateway(name, gatewayOptions(engine, keys, o))
  }
})
afterAll(closeGateways)

async function ask(base: string, headers: Record<string, string>, model = 'frontier-1'): Promise<[number, string]> {
  const res = await fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${us}`, ...headers },
    body: JSON.stringify({ model, messages: [] }),
  })
  const body = (await res.json()) as { cordon?: { code: string } }
  return [res.status, body.cordon?.code ?? 'ok']
}

const secret = { [cdnSecret.header]: cdnSecret.value }

for (const name of adapterNames) {
  describe(`${name}: the trust boundary`, () => {
    it('believes CF-IPCountry with the CDN secret', async () => {
      expect(await ask(urls[name]!.secret!, { ...secret, 'cf-ipcountry': 'US' })).toEqual([200, 'ok'])
    })
    it('refuses a direct client’s CF-IPCountry (no secret): ZZ, every model', async () => {
      expect(await ask(urls[name]!.secret!, { 'cf-ipcountry': 'US' })).toEqual([451, 'location_unverified'])
      expect(await ask(urls[name]!.secret!, { 'cf-ipcountry': 'US' }, 'general-1')).toEqual([
        451,
        'location_unverified',
      ])
      expect(
        await ask(urls[name]!.secret!, { 'cf-ipcountry': 'US', [cdnSecret.header]: 'guessed-secret-guessed' }),
      ).toEqual([451, 'location_unverified'])
    })
    it('believes a peer in the CDN ranges, not one outside them', async () => {
      expect(await ask(urls[name]!['peer inside the CDN ranges']!, { 'cf-ipcountry': 'US' })).toEqual([200, 'ok'])
      expect(await ask(urls[name]!['peer outside the CDN ranges']!, { 'cf-ipcountry': 'US' })).toEqual([
        451,
        'location_unverified',
      ])
    })
    it('believes nobody’s headers without a boundary', async () => {
      expect(await ask(urls[name]!['no boundary']!, { 'cf-ipcountry': 'US' })).toEqual([451, 'location_unverified'])
    })
    it('a missing, malformed or duplicated location from the CDN is ZZ, not XX', async () => {
      for (const headers of [
        {} as Record<string, string>,
        { 'cf-ipcountry': 'USA' },
        { 'cf-ipcountry': 'US, CU' },
        { 'cf-ipcountry': '' },
      ]) {
        expect(await ask(urls[name]!.secret!, { ...secret, ...headers }, 'general-1'), JSON.stringify(headers)).toEqual(
          [451, 'location_unverified'],
        )
      }
    })
    it('two CF-IPCountry header lines on the wire are ZZ', async () => {
      const request = rawPost(
        '/v1/chat/completions',
        '127.0.0.1',
        { authorization: `Bearer ${us}`, ...secret, 'cf-ipcountry': 'US' },
        JSON.stringify({ model: 'general-1', messages: [] }),
      )
      const doubled = request.replace('cf-ipcountry: US\r\n', 'cf-ipcountry: US\r\nCF-IPCountry: CU\r\n')
      expect(doubled).not.toBe(request)
      const r = await rawRequest(urls[name]!.secret!, doubled)
      expect([r.status, JSON.parse(r.body).cordon.code]).toEqual([451, 'location_unverified'])
    })
    it('the region embargo applies from cf-region-code on a Node origin', async () => {
      expect(
        await ask(urls[name]!.secret!, { ...secret, 'cf-ipcountry': 'UA', 'cf-region-code': '43' }, 'general-1'),
      ).toEqual([451, 'embargoed_region'])
      expect(
        await ask(urls[name]!.secret!, { ...secret, 'cf-ipcountry': 'UA', 'cf-region-code': '30' }, 'general-1'),
      ).toEqual([200, 'ok'])
      // From outside the boundary the region header counts for nothing either.
      expect(
        await ask(urls[name]!['no boundary']!, { 'cf-ipcountry': 'UA', 'cf-region-code': '30' }, 'general-1'),
      ).toEqual([451, 'location_unverified'])
    })
  })
}

describe('other CDNs’ region headers under the same rule', () => {
  const cdns: [CordonOptions['trust'], Record<string, string>][] = [
    [['cloudfront'], { 'cloudfront-viewer-country': 'UA', 'cloudfront-viewer-country-region': '14' }],
    [['vercel'], { 'x-vercel-ip-country': 'UA', 'x-vercel-ip-country-region': '09' }],
  ]
  for (const [trust, headers] of cdns) {
    it(`${trust![0]}: embargoed region → 451 inside the boundary, ZZ outside`, async () => {
      const inside = await startGateway('express', gatewayOptions(engine, keys, { trust }))
      expect(await ask(inside, { ...secret, ...headers }, 'general-1')).toEqual([451, 'embargoed_region'])
      expect(await ask(inside, headers, 'general-1')).toEqual([451, 'location_unverified'])
    })
  }
})
