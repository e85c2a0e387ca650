/**
 * The user guides, followed verbatim in an application outside the
 * workspace with the packed packages installed by npm: every file their
 * code blocks name is written, every command run, every documented answer
 * checked. The migration guide's `loadPolicy` wrapper is also compared with
 * OPA's own SDK on the same module.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installApp } from '../packaging/pack.js'
import { repoRoot } from '../support/corpora.js'
import { runDoc, type DocRun } from './run-doc.js'

let app: string
const runs: DocRun[] = []
const servers: Server[] = []
const doc = (name: string) => readFileSync(path.join(repoRoot, 'docs', name), 'utf8')

beforeAll(() => {
  app = installApp(['express', '@open-policy-agent/opa-wasm', '@opentelemetry/api', 'prom-client'])
}, 600_000)

afterAll(() => {
  for (const child of runs.flatMap((r) => r.servers)) {
    try {
      process.kill(-child.pid!, 'SIGTERM')
    } catch {
      // already gone
    }
  }
  for (const server of servers) server.close()
  if (app) rmSync(app, { recursive: true, force: true })
  // Removing the app's node_modules can take longer than the default 10 s on a loaded machine.
}, 60_000)

describe('docs a user follows verbatim', () => {
  it('getting-started.md: install, write a policy, test, build, serve', { timeout: 180_000 }, async () => {
    const run = await runDoc(doc('getting-started.md'), path.join(app, 'getting-started'))
    runs.push(run)
    expect(run.checked).toBeGreaterThanOrEqual(5)
  })

  it('deployment.md: bundle polled from a server, decisions logged to a collector', { timeout: 180_000 }, async () => {
    // Stand-ins for the bundle server and the log collector the document names.
    const dir = path.join(app, 'getting-started')
    const events: {
      decision_id: string
      revision: string
      input: { user: Record<string, unknown> }
      erased?: string[]
    }[] = []
    const server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        if (req.method === 'GET' && req.url === '/bundle.tar.gz') {
          res.writeHead(200, { etag: '"v1"' }).end(readFileSync(path.join(dir, 'dist/bundle.tar.gz')))
        } else if (req.method === 'POST' && req.url === '/decisions') {
          const body = Buffer.concat(chunks)
          events.push(
            ...JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8')),
          )
          res.writeHead(204).end()
        } else res.writeHead(404).end()
      })
    })
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    const run = await runDoc(doc('deployment.md'), dir, {
      BUNDLE_URL: `${base}/bundle.tar.gz`,
      LOG_URL: `${base}/decisions`,
    })
    runs.push(run)
    expect(run.checked).toBeGreaterThanOrEqual(3)
    // The deny was logged, with the bundle's revision and the user id erased.
    await expect.poll(() => events.length, { timeout: 10_000 }).toBeGreaterThan(0)
    expect(events[0]).toMatchObject({ revision: 'v1', erased: ['/user/id'] })
    expect(events[0]!.input.user).not.toHaveProperty('id')
  })

  it(
    'telemetry.md: OPA-format decision logs and status to local collectors, Prometheus metrics',
    { timeout: 180_000 },
    async () => {
      // Stand-ins for the log collector and the status service the document names.
      const logs: {
        labels: Record<string, string>
        decision_id: string
        bundles: unknown
        path: string
        input: { user: Record<string, unknown> }
        erased?: string[]
        result: unknown
        timestamp: string
        metrics: Record<string, number>
      }[] = []
      const statuses: { labels: Record<string, string>; bundles: Record<string, { active_revision?: string }> }[] = []
      const server = createServer((req, res) => {
        const chunks: Buffer[] = []
        req.on('data', (c: Buffer) => chunks.push(c))
        req.on('end', () => {
          const body = Buffer.concat(chunks)
          if (req.method === 'POST' && req.url === '/logs' && req.headers['content-encoding'] === 'gzip')
            logs.push(...JSON.parse(gunzipSync(body).toString('utf8')))
          else if (req.method === 'POST' && req.url === '/status') statuses.push(JSON.parse(body.toString('utf8')))
          else return void res.writeHead(404).end()
          res.writeHead(204).end()
        })
      })
      servers.push(server)
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
      const run = await runDoc(doc('telemetry.md'), path.join(app, 'telemetry'), {
        LOGS_URL: `${base}/logs`,
        STATUS_URL: `${base}/status`,
      })
      runs.push(run)
      expect(run.checked).toBeGreaterThanOrEqual(4)
      await expect.poll(() => logs.length, { timeout: 10_000 }).toBe(2)
      expect(logs[0]).toMatchObject({
        labels: { app: 'gate' },
        bundles: { gate: { revision: 'g1' } },
        path: 'gate/decision',
        result: { allow: true, code: 'admin' },
      })
      expect(logs[0]!.input.user).toEqual({ role: 'admin' })
      expect(logs[0]!.erased).toEqual(['/input/user/token'])
      expect(logs[0]!.metrics.timer_rego_query_eval_ns).toBeGreaterThan(0)
      expect(statuses[0]).toMatchObject({ labels: { app: 'gate' }, bundles: { gate: { active_revision: 'g1' } } })
    },
  )

  it('editor.md: cordon capabilities writes the file Regal reads', { timeout: 120_000 }, async () => {
    const dir = path.join(app, 'editor')
    mkdirSync(dir, { recursive: true })
    cpSync(path.join(repoRoot, 'examples/custom-builtin/builtins.mjs'), path.join(dir, 'builtins.mjs'))
    runs.push(await runDoc(doc('editor.md'), dir))
    const caps = JSON.parse(readFileSync(path.join(dir, '.regal/cordon-capabilities.json'), 'utf8')) as {
      builtins: { name: string; cordon?: unknown }[]
    }
    const names = new Set(caps.builtins.map((b) => b.name))
    expect(names.has('sprintf') && names.has('regex.match') && names.has('acme.risk_score')).toBe(true)
    expect(readFileSync(path.join(dir, '.regal/config.yaml'), 'utf8')).toContain(
      'file: .regal/cordon-capabilities.json',
    )
  })

  it('migrating-from-opa-wasm.md: the loadPolicy wrapper answers as OPA’s SDK does', { timeout: 180_000 }, async () => {
    const dir = path.join(app, 'migration')
    const run = await runDoc(doc('migrating-from-opa-wasm.md'), dir)
    runs.push(run)
    expect(run.checked).toBeGreaterThanOrEqual(1)
    // The same module through both loaders, with a second entrypoint, by id and by name.
    writeFileSync(path.join(dir, 'policy/count.rego'), 'package app\n\nadmin_count := count(data.admins)\n')
    execFileSync(
      path.join(app, 'node_modules/.bin/cordon'),
      ['build', 'policy', '--format', 'wasm', '-e', 'app/admin_count', '-o', 'two.wasm'],
      { cwd: dir },
    )
    const script = `
      import { readFileSync } from 'node:fs'
      import { loadPolicy as opa } from '@open-policy-agent/opa-wasm'
      import { loadPolicy as cordon } from './opa-compat.mjs'
      const wasm = readFileSync('two.wasm')
      const out = {}
      for (const [name, load] of [['opa', opa], ['cordon', cordon]]) {
        const p = await load(wasm)
        p.setData({ admins: ['alice', 'bob'] })
        out[name] = { entrypoints: p.entrypoints, results: [
          p.evaluate({ user: 'alice' }), p.evaluate({ user: 'eve' }, 'app/allow'),
          p.evaluate({}, p.entrypoints['app/admin_count']), p.evaluate({ user: 'bob' }, 0),
        ] }
      }
      console.log(JSON.stringify(out))`
    const out = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' }),
    )
    expect(out.cordon).toEqual(out.opa)
    // Not vacuous: a deny, and a value only the data gives.
    expect(out.opa.results[1]).toEqual([])
    expect(out.opa.results[2]).toEqual([{ result: 2 }])
  })
})
