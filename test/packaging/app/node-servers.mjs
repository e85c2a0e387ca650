// An application outside the repository, run with the packed @cordon/*
// packages installed by npm: an Express 5 server and a Hono server, each
// with the Cordon middleware in front of an echo handler, on 127.0.0.1.
// Prints {"express": url, "hono": url} once both listen. The adapter options
// are the adapter tests' (adapter-options.mjs, bundled from their fetch app).
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { serve } from '@hono/node-server'
import { createEngine } from '@cordon/engine'
import { cordon as cordonExpress } from '@cordon/express'
import { cordon as cordonHono } from '@cordon/hono'
import express from 'express'
import { Hono } from 'hono'
import { adapterOptions } from './adapter-options.mjs'

const engine = await createEngine({ bundle: readFileSync('dist/bundle.tar.gz') })
const options = adapterOptions(engine, JSON.parse(process.env.PUBLIC_JWK))

const expressApp = express()
expressApp.use('/v1', cordonExpress(options), express.json())
expressApp.post('/v1/*path', (req, res) =>
  res.json({ model: req.body.model, decision: req.decision.decisionId, code: req.decision.code }),
)

const honoApp = new Hono()
honoApp.use('/v1/*', cordonHono(options))
honoApp.post('/v1/*', async (c) =>
  c.json({ model: (await c.req.json()).model, decision: c.var.decision.decisionId, code: c.var.decision.code }),
)

const expressUrl = await new Promise((resolve) => {
  const server = createServer(expressApp).listen(0, '127.0.0.1', () =>
    resolve(`http://127.0.0.1:${server.address().port}`),
  )
})
const honoUrl = await new Promise((resolve) => {
  serve({ fetch: honoApp.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(`http://127.0.0.1:${info.port}`))
})
console.log(JSON.stringify({ express: expressUrl, hono: honoUrl }))
