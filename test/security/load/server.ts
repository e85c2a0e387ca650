/**
 * The gateway the load test runs as a child process: Express 5 with
 * `@cordon/express` in front of an echo upstream, as examples/express-gateway
 * is built (the reference policy, Cloudflare behind a secret header, JWTs),
 * with Cordon reading the bodies itself (no parser before it). Reads
 * `policy.wasm`, `data.json`, `config.json` from the folder given as the
 * first argument; prints `listening <port>`.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import express from 'express'
import { createEngine } from '@cordon/engine'
import { cordon, jsonErrors } from '@cordon/express'

const dir = process.argv[2]!
const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))
const engine = await createEngine({
  wasm: readFileSync(join(dir, 'policy.wasm')),
  data: JSON.parse(readFileSync(join(dir, 'data.json'), 'utf8')),
})

const app = express()
app.get('/healthz', (_req, res) => res.json({ ok: true, rss: process.memoryUsage().rss }))
app.use(
  '/v1',
  cordon({
    engine,
    trust: ['cloudflare'],
    proxy: { secret: config.secret },
    blockedBy: config.blockedBy,
    jwt: { key: config.publicJwk, issuer: config.issuer, audience: config.audience },
  }),
  express.json({ limit: '4mb' }),
)
app.post('/v1/*path', (req, res) => res.json({ allowed: true, model: req.body?.model, path: req.originalUrl }))
app.use(jsonErrors({ engine }))

const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address()
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`)
})
