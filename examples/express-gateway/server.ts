/**
 * An Express gateway: Cordon decides every /v1 request before it reaches an
 * OpenAI-compatible upstream (a local stand-in unless UPSTREAM_URL is set).
 * Trusts Cloudflare's CF-IPCountry header; verifies JWTs signed by this
 * example's DEVELOPMENT key.
 */
import { readFileSync } from 'node:fs'
import express from 'express'
import { createEngine } from '@cordon/engine'
import { cordon, jsonErrors } from '@cordon/express'
import { standInUpstream } from '../_dev/upstream.js'

const port = Number(process.env.PORT ?? 8080)
const { _comment, ...devPublicKey } = JSON.parse(readFileSync('dev-keys/public.jwk.json', 'utf8'))

// The reference policies and default data, compiled by `cordon build policies` (see start).
// Data that does not match its schema is refused at load and on live updates (the old stays).
const dataSchema = JSON.parse(readFileSync('../../schemas/ai-access-data.schema.json', 'utf8'))
const engine = await createEngine({
  bundle: readFileSync(process.env.CORDON_BUNDLE ?? '.cordon/bundle.tar.gz'),
  dataSchemas: [{ path: 'ai-access', schema: dataSchema }],
})

// Allowed requests go upstream unchanged.
const upstreamUrl = process.env.UPSTREAM_URL
const forward = (request: Request) => (upstreamUrl ? fetch(request) : standInUpstream(request))

const app = express()
app.get('/healthz', (_req, res) => res.json({ ok: true, revision: engine.revision ?? null }))
app.use(
  '/v1',
  express.json({ limit: '4mb' }),
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
app.post('/v1/*path', async (req, res) => {
  const url = new URL(req.originalUrl, upstreamUrl ?? 'http://stand-in.local')
  const headers = {
    'content-type': 'application/json',
    ...(process.env.UPSTREAM_API_KEY ? { authorization: `Bearer ${process.env.UPSTREAM_API_KEY}` } : {}),
  }
  const response = await forward(new Request(url, { method: 'POST', headers, body: JSON.stringify(req.body) }))
  res.status(response.status).type(response.headers.get('content-type') ?? 'application/json')
  res.send(Buffer.from(await response.arrayBuffer()))
})

// Last: a parser's bad JSON (400) and too-large body (413), and any error, as JSON without its text.
app.use(jsonErrors({ engine }))

app.listen(port, '127.0.0.1', () =>
  console.log(`express-gateway listening on http://127.0.0.1:${port} (${policyRevision()})`),
)

function policyRevision(): string {
  return `policy revision ${engine.revision ?? 'unversioned'}`
}
