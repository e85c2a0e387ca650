/**
 * A Hono gateway (on Node): Cordon decides every /v1 request before it
 * reaches an OpenAI-compatible upstream (a local stand-in unless UPSTREAM_URL
 * is set). The decision is typed at `c.var.decision`. Trusts Cloudflare's
 * CF-IPCountry header; verifies JWTs signed by this example's DEVELOPMENT key.
 */
import { readFileSync } from 'node:fs'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { createEngine } from '@cordon/engine'
import { cordon } from '@cordon/hono'
import { standInUpstream } from '../_dev/upstream.js'

const port = Number(process.env.PORT ?? 8081)
const { _comment, ...devPublicKey } = JSON.parse(readFileSync('dev-keys/public.jwk.json', 'utf8'))

// The reference policies and default data, compiled by `cordon build policies` (see start).
// Data that does not match its schema is refused at load and on live updates (the old stays).
const dataSchema = JSON.parse(readFileSync('../../schemas/ai-access-data.schema.json', 'utf8'))
const engine = await createEngine({
  bundle: readFileSync(process.env.CORDON_BUNDLE ?? '.cordon/bundle.tar.gz'),
  dataSchemas: [{ path: 'ai-access', schema: dataSchema }],
})

const upstreamUrl = process.env.UPSTREAM_URL

const app = new Hono()
app.get('/healthz', (c) => c.json({ ok: true, revision: engine.revision ?? null }))
app.use(
  '/v1/*',
  cordon({
    engine,
    trust: ['cloudflare'],
    // Geo headers count only from the CDN: its egress ranges (https://www.cloudflare.com/ips/),
    // here loopback, where curl stands in for Cloudflare.
    proxy: { addresses: (process.env.CDN_RANGES ?? '127.0.0.1,::1').split(',') },
    blockedBy: process.env.PUBLIC_ORIGIN ?? `http://127.0.0.1:${port}/`,
    jwt: { key: devPublicKey, issuer: 'https://dev.cordon.example', audience: 'cordon-example-gateway' },
  }),
)
app.post('/v1/*', async (c) => {
  // The guard read a clone: the body is still here to forward.
  const url = new URL(new URL(c.req.url).pathname, upstreamUrl ?? 'http://stand-in.local')
  const headers = {
    'content-type': 'application/json',
    ...(process.env.UPSTREAM_API_KEY ? { authorization: `Bearer ${process.env.UPSTREAM_API_KEY}` } : {}),
  }
  const request = new Request(url, { method: 'POST', headers, body: await c.req.text() })
  const response = upstreamUrl ? await fetch(request) : await standInUpstream(request)
  console.log(`${c.var.decision.decisionId} ${c.var.decision.code} → upstream ${response.status}`)
  return new Response(response.body, response)
})

serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, (info) =>
  console.log(
    `hono-gateway listening on http://127.0.0.1:${info.port} (policy revision ${engine.revision ?? 'unversioned'})`,
  ),
)
