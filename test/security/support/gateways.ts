/**
 * The reference policy behind each adapter (Express 5, Hono on
 * @hono/node-server, cordonFetch on @hono/node-server), each a real HTTP
 * server on 127.0.0.1, for the adapter threat tests. Allowed requests reach
 * an echo handler that says what it routed on.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { Hono } from 'hono'
import { serve } from '@hono/node-server'
import { createEngine, type Engine, type EngineOptions } from '@cordon/engine'
import { cordon as cordonExpress, jsonErrors } from '@cordon/express'
import { cordon as cordonHono } from '@cordon/hono'
import { cordonFetch, type CordonOptions } from '@cordon/fetch'
import { makeKeys, type Keys } from '../../adapters/cases.js'
import { audience, blockedBy, cdnSecret, issuer } from '../../adapters/support/constants.js'
import { buildReferencePolicy } from '../../adapters/support/policy.js'

export type AdapterName = 'express' | 'hono' | 'fetch'
export const adapterNames: AdapterName[] = ['express', 'hono', 'fetch']

/** The reference policy in a real engine (with extra engine options, e.g. a decision log). */
export async function referenceEngine(extra: Partial<EngineOptions> = {}): Promise<Engine> {
  const { wasm, data } = buildReferencePolicy()
  return createEngine({ wasm, data, ...extra } as EngineOptions)
}

/** The options every gateway here uses unless a test overrides them. */
export function gatewayOptions(engine: Engine, keys: Keys, overrides: Partial<CordonOptions> = {}): CordonOptions {
  return {
    engine,
    trust: ['cloudflare'],
    proxy: { secret: cdnSecret },
    blockedBy,
    jwt: { key: keys.publicJwk, issuer, audience },
    ...overrides,
  }
}

const servers: Server[] = []

function listen(server: Server): Promise<string> {
  servers.push(server)
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  )
}

function serveFetch(fetch: (request: Request, env: unknown) => Response | Promise<Response>): Promise<string> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(`http://127.0.0.1:${info.port}`))
    servers.push(server as Server)
  })
}

/** Starts one adapter's gateway; resolves with its base URL. */
export function startGateway(name: AdapterName, options: CordonOptions): Promise<string> {
  if (name === 'express') {
    const app = express()
    app.use('/v1', cordonExpress(options), express.json({ limit: '4mb' }))
    app.all('/v1/*path', (req, res) =>
      res.json({ routed: req.originalUrl, decision: req.decision?.decisionId ?? null }),
    )
    app.use(jsonErrors({ engine: options.engine }))
    return listen(createServer(app))
  }
  if (name === 'hono') {
    const app = new Hono()
    app.use('/v1/*', cordonHono(options))
    app.all('/v1/*', (c) =>
      c.json({ routed: new URL(c.req.url).pathname, decision: c.get('decision')?.decisionId ?? null }),
    )
    return serveFetch(app.fetch)
  }
  return serveFetch(cordonFetch(async (request) => Response.json({ routed: new URL(request.url).pathname }), options))
}

/** Closes every gateway started here. */
export async function closeGateways(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
}

export { makeKeys, type Keys }
