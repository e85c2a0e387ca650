#!/usr/bin/env node
// Adapter overhead per request: the same app with and without Cordon in
// front, for the fetch adapter and Hono in process, and for Express and Hono
// over HTTP on 127.0.0.1. Each request carries the same ES256 JWT (verified
// once, then remembered, unless noted), CF-IPCountry
// and a chat-completions body; the policy is the reference AI-access policy
// with its default data. Uses the built packages: run `pnpm build` first.
//
// Usage: node scripts/bench-adapters.mjs [--requests N] [--json FILE]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'
import express from 'express'
import { Hono } from 'hono'
import { serve } from '@hono/node-server'
import { createEngine } from '../packages/engine/dist/index.js'
import { buildContext, cordonFetch, getDecision } from '../packages/fetch/dist/index.js'
import { cordon as cordonHono } from '../packages/hono/dist/index.js'
import { cordon as cordonExpress } from '../packages/express/dist/index.js'
import { buildWasm } from '../packages/wasm/dist/index.js'

const { values } = parseArgs({ options: { requests: { type: 'string', default: '5000' }, json: { type: 'string' } } })
const N = Number(values.requests)
const root = new URL('../', import.meta.url)

// ── policy, keys, requests ────────────────────────────────────────────────
const policyDir = new URL('policies/ai-access/', root)
const sources = readdirSync(policyDir)
  .filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego'))
  .map((f) => ({ file: f, text: readFileSync(new URL(f, policyDir), 'utf8') }))
const built = buildWasm(sources, { entrypoints: ['ai_access/decision'] })
if (!built.wasm) throw new Error(built.diagnostics.map((d) => d.message).join('; '))
const data = { 'ai-access': JSON.parse(readFileSync(new URL('policies/ai-access/data.json', root), 'utf8')) }
const engine = await createEngine({ wasm: built.wasm, data })

const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])
const publicJwk = { ...(await crypto.subtle.exportKey('jwk', pair.publicKey)), alg: 'ES256' }
const part = (v) => Buffer.from(JSON.stringify(v)).toString('base64url')
const now = Math.floor(Date.now() / 1000)
const signingInput = `${part({ alg: 'ES256', typ: 'JWT' })}.${part({ sub: 'u1', nationality: 'FR', verified: true, tier: 'pro', iss: 'bench', aud: 'bench', iat: now, exp: now + 3600 })}`
const sig = await crypto.subtle.sign(
  { name: 'ECDSA', hash: 'SHA-256' },
  pair.privateKey,
  new TextEncoder().encode(signingInput),
)
const token = `${signingInput}.${Buffer.from(sig).toString('base64url')}`

const body = JSON.stringify({ model: 'general-1', messages: [{ role: 'user', content: 'Hello there' }] })
const headers = { authorization: `Bearer ${token}`, 'cf-ipcountry': 'FR', 'content-type': 'application/json' }
const makeRequest = (base = 'http://bench.local') =>
  new Request(`${base}/v1/chat/completions`, { method: 'POST', headers, body })
const options = { engine, trust: ['cloudflare'], jwt: { key: publicJwk, issuer: 'bench', audience: 'bench' } }

// ── measuring ─────────────────────────────────────────────────────────────
// With and without are interleaved request by request, so load from other
// processes falls on both alike; the mean drops the slowest 1% (GC pauses).
const stats = (times) => {
  const t = Float64Array.from(times).sort()
  const kept = t.subarray(0, Math.floor(t.length * 0.99))
  return {
    mean_us: (kept.reduce((a, b) => a + b, 0) / kept.length) * 1000,
    p50_us: t[Math.floor(t.length / 2)] * 1000,
    p99_us: t[Math.floor(t.length * 0.99)] * 1000,
  }
}

async function time(fn) {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

async function measure(fn, n = N) {
  for (let i = 0; i < Math.min(500, n); i++) await fn() // warm up (JIT, key import)
  const times = []
  for (let i = 0; i < n; i++) times.push(await time(fn))
  return stats(times)
}

const results = {}
async function pair_(name, without, withCordon, n = N) {
  for (let i = 0; i < Math.min(500, n); i++) {
    await without()
    await withCordon()
  }
  const a = []
  const b = []
  for (let i = 0; i < n; i++) {
    a.push(await time(without))
    b.push(await time(withCordon))
  }
  const [sa, sb] = [stats(a), stats(b)]
  results[name] = {
    without: sa,
    with: sb,
    overhead_mean_us: sb.mean_us - sa.mean_us,
    overhead_p50_us: sb.p50_us - sa.p50_us,
  }
}

const ok = (res) => {
  if (res.status !== 200) throw new Error(`unexpected status ${res.status}`)
}

// Parts of the path, alone.
const input = (await buildContext(makeRequest(), options)).input
results['engine.decide alone'] = await measure(
  async () => void (await engine.decide(input, { entrypoint: 'ai_access/decision' })),
)
results['buildContext alone (cached JWT, body parse)'] = await measure(
  async () => void (await buildContext(makeRequest(), options)),
)

// fetch adapter, in process.
const echo = async (request) => {
  const b = await request.json()
  return Response.json({ model: b.model, decision: getDecision(request)?.decisionId ?? null })
}
const guarded = cordonFetch(echo, options)
await pair_(
  'fetch adapter (in process)',
  async () => ok(await echo(makeRequest())),
  async () => ok(await guarded(makeRequest())),
)

// Every request verifies its JWT signature (no cache of verified tokens).
const guardedNoCache = cordonFetch(echo, { ...options, jwt: { ...options.jwt, cacheSize: 0 } })
await pair_(
  'fetch adapter, JWT verified every time',
  async () => ok(await echo(makeRequest())),
  async () => ok(await guardedNoCache(makeRequest())),
)

// The same without JWT verification (an application identity resolver), to show the crypto's share.
const resolverOptions = {
  engine,
  trust: ['cloudflare'],
  identity: () => ({ id: 'u1', nationality: 'FR', verified: true, tier: 'pro' }),
}
const guardedNoJwt = cordonFetch(echo, resolverOptions)
await pair_(
  'fetch adapter, identity resolver (no JWT)',
  async () => ok(await echo(makeRequest())),
  async () => ok(await guardedNoJwt(makeRequest())),
)

// Hono, in process.
const honoApp = (withCordon) => {
  const app = new Hono()
  if (withCordon) app.use('/v1/*', cordonHono(options))
  app.post('/v1/chat/completions', async (c) => c.json({ model: (await c.req.json()).model }))
  return app
}
const hPlain = honoApp(false)
const hGuard = honoApp(true)
await pair_(
  'hono (in process, app.request)',
  async () => ok(await hPlain.request(makeRequest())),
  async () => ok(await hGuard.request(makeRequest())),
)

// Over HTTP on 127.0.0.1, sequential keep-alive requests.
const listen = (server) =>
  new Promise((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${server.address().port}`)))
const servers = []
const expressApp = (withCordon) => {
  const app = express()
  app.use(express.json())
  if (withCordon) app.use('/v1', cordonExpress(options))
  app.post('/v1/chat/completions', (req, res) => res.json({ model: req.body.model }))
  const s = createServer(app)
  servers.push(s)
  return listen(s)
}
const honoServer = (withCordon) =>
  new Promise((r) =>
    servers.push(
      serve({ fetch: honoApp(withCordon).fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
        r(`http://127.0.0.1:${info.port}`),
      ),
    ),
  )
const over = (base) => async () => {
  const res = await fetch(`${base}/v1/chat/completions`, { method: 'POST', headers, body })
  await res.arrayBuffer()
  ok(res)
}
const httpN = Math.min(N, 3000)
for (const [name, start] of [
  ['express over HTTP', expressApp],
  ['hono over HTTP (@hono/node-server)', honoServer],
]) {
  const [plain, withCordon] = [await start(false), await start(true)]
  await pair_(name, over(plain), over(withCordon), httpN)
}
for (const s of servers) s.close()

// ── report ────────────────────────────────────────────────────────────────
const f = (x) => x.toFixed(1).padStart(8)
console.log(`node ${process.version}, ${N} requests per measurement (${httpN} over HTTP); times in µs per request\n`)
console.log(
  `${'measurement'.padEnd(44)} ${'without'.padStart(8)} ${'with'.padStart(8)} ${'overhead'.padStart(8)}  (mean of the fastest 99%; p50)`,
)
for (const [name, r] of Object.entries(results)) {
  if ('without' in r)
    console.log(
      `${name.padEnd(44)} ${f(r.without.mean_us)} ${f(r.with.mean_us)} ${f(r.overhead_mean_us)}  (p50 ${r.overhead_p50_us.toFixed(1)}, p99 with ${r.with.p99_us.toFixed(0)})`,
    )
  else
    console.log(
      `${name.padEnd(44)} ${''.padStart(8)} ${f(r.mean_us)} ${''.padStart(8)}  (p50 ${r.p50_us.toFixed(1)}, p99 ${r.p99_us.toFixed(0)})`,
    )
}
if (values.json) writeFileSync(values.json, JSON.stringify({ node: process.version, requests: N, results }, null, 2))
process.exit(0)
