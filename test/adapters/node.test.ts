/**
 * The shared cases against the Express and Hono middleware and the fetch
 * adapter, each served by Node on 127.0.0.1 over real HTTP.
 */
import type { AddressInfo } from 'node:net'
import { createServer, type Server } from 'node:http'
import express from 'express'
import express4 from 'express4'
import { Hono } from 'hono'
import { serve } from '@hono/node-server'
import { createEngine, type Engine } from '@cordon/engine'
import { cordon as cordonExpress } from '@cordon/express'
import { cordon as cordonHono } from '@cordon/hono'
import { cordonFetch, type CordonOptions } from '@cordon/fetch'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { audience, cases, issuer, makeKeys, runCase, type Keys } from './cases.js'
import { blockedBy, cdnSecret } from './support/constants.js'
import { echo } from './apps/fetch-app.js'
import { buildReferencePolicy } from './support/policy.js'

let keys: Keys
let engine: Engine
const servers: Server[] = []

const options = (): CordonOptions => ({
  engine,
  trust: ['cloudflare'],
  proxy: { secret: cdnSecret },
  blockedBy,
  jwt: { key: keys.publicJwk, issuer, audience },
})

function listen(server: Server): Promise<string> {
  servers.push(server)
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  )
}

function serveFetch(fetch: (request: Request) => Response | Promise<Response>): Promise<string> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(`http://127.0.0.1:${info.port}`))
    servers.push(server as Server)
  })
}

const apps: Record<string, () => Promise<string>> = {
  'express, body parsed before cordon': () => {
    const app = express()
    app.use(express.json({ type: () => true, strict: false }))
    app.use((err: Error, _req: express.Request, _res: express.Response, next: express.NextFunction) =>
      next(err.name === 'SyntaxError' ? undefined : err),
    )
    app.use('/v1', cordonExpress(options()))
    app.post('/v1/*path', (req, res) =>
      res.json({ model: req.body.model, decision: req.decision!.decisionId, code: req.decision!.code }),
    )
    return listen(createServer(app))
  },
  'express, raw body (no parser before cordon)': () => {
    const app = express()
    app.use('/v1', cordonExpress(options()), express.json())
    app.post('/v1/*path', (req, res) =>
      res.json({ model: req.body.model, decision: res.locals.decision.decisionId, code: req.decision!.code }),
    )
    return listen(createServer(app))
  },
  'express 4, body parsed before cordon': () => {
    const app = express4()
    app.use(express4.json({ type: () => true, strict: false }))
    app.use((err: Error, _req: express.Request, _res: express.Response, next: express.NextFunction) =>
      next(err.name === 'SyntaxError' ? undefined : err),
    )
    app.use('/v1', cordonExpress(options()))
    app.post('/v1/*', (req, res) =>
      res.json({ model: req.body.model, decision: req.decision!.decisionId, code: req.decision!.code }),
    )
    return listen(createServer(app))
  },
  'express 4, raw body (no parser before cordon)': () => {
    const app = express4()
    app.use('/v1', cordonExpress(options()), express4.json())
    app.post('/v1/*', (req, res) =>
      res.json({ model: req.body.model, decision: res.locals.decision.decisionId, code: req.decision!.code }),
    )
    return listen(createServer(app))
  },
  hono: () => {
    const app = new Hono()
    app.use('/v1/*', cordonHono(options()))
    app.post('/v1/*', async (c) =>
      c.json({ model: (await c.req.json()).model, decision: c.var.decision.decisionId, code: c.var.decision.code }),
    )
    return serveFetch(app.fetch)
  },
  'fetch adapter on a Node fetch server': () => serveFetch(cordonFetch(echo, options())),
}

beforeAll(async () => {
  keys = await makeKeys()
  const { wasm, data } = buildReferencePolicy()
  engine = await createEngine({ wasm, data })
})

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
})

for (const [name, start] of Object.entries(apps)) {
  describe(name, () => {
    let url: string
    beforeAll(async () => {
      url = await start()
    })
    for (const c of cases) it(c.note, () => runCase(url, c, keys))
  })
}
