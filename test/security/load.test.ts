/**
 * The bounded load test (#14, "what must hold"): the Express gateway (the
 * published adapter and engine, bundled from the workspace, run as its own
 * Node process) under concurrent hostile chunked uploads, spoofed geo
 * headers, Host injection, tool-shaped bodies, bad tokens and wide JSON bodies, mixed with
 * legitimate traffic over loopback. It must end with the process alive, its
 * peak RSS (the kernel's VmHWM) under 256 MiB, 0 wrong allows and 0 wrong
 * denies. Prints its figures.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeKeys, type Keys } from '../adapters/cases.js'
import { audience, blockedBy, cdnSecret, issuer } from '../adapters/support/constants.js'
import { bundleNode } from '../adapters/support/bundle.js'
import { buildReferencePolicy } from '../adapters/support/policy.js'
import { rawPost, rawRequest } from './support/raw-http.js'
import { chunkedUpload } from './support/upload.js'

const MiB = 1024 * 1024
const rssBound = 256 * MiB
const rounds = 60
const concurrency = 24
const uploads = 8
const uploadSize = 256 * MiB

const root = fileURLToPath(new URL('../../', import.meta.url))
const dir = join(root, 'node_modules/.cache/cordon-load-test')
let child: ChildProcess
let base: string
let keys: Keys

beforeAll(async () => {
  keys = await makeKeys()
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const { wasm, data } = buildReferencePolicy()
  writeFileSync(join(dir, 'policy.wasm'), wasm)
  writeFileSync(join(dir, 'data.json'), JSON.stringify(data))
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ secret: cdnSecret, blockedBy, publicJwk: keys.publicJwk, issuer, audience }),
  )
  writeFileSync(
    join(dir, 'server.mjs'),
    await bundleNode(fileURLToPath(new URL('./load/server.ts', import.meta.url)), ['express']),
  )
  child = spawn(process.execPath, [join(dir, 'server.mjs'), dir], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d))
  base = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = /listening (\d+)/.exec(out)
      if (m) resolve(`http://127.0.0.1:${m[1]}`)
    })
    child.once('exit', (code) => reject(new Error(`the gateway exited (${code}): ${stderr}`)))
  })
}, 60_000)

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGTERM')
  rmSync(dir, { recursive: true, force: true })
})

/** The child's peak and current resident memory, from /proc. */
function memory(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024
  return { peak: kb('VmHWM'), now: kb('VmRSS') }
}

interface Scenario {
  name: string
  expect: 'allow' | 'deny'
  send: () => Promise<number>
}

describe('load: the Express gateway under hostile traffic', () => {
  it('stays alive, under the memory bound, with 0 wrong allows', async () => {
    const token = (claims: Record<string, unknown>) => keys.sign(claims)
    const us = await token({ sub: 'u1', nationality: 'US', verified: true, tier: 'pro' })
    const fr = await token({ sub: 'u2', nationality: 'FR', verified: true, tier: 'pro' })
    const forever = await token({ sub: 'u3', nationality: 'US', noExp: true })
    const secret = { [cdnSecret.header]: cdnSecret.value }
    const post = async (path: string, headers: Record<string, string>, body: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      })
      await res.arrayBuffer()
      return res.status
    }
    const chat = (model: string, extra = {}) => ({ model, messages: [{ role: 'user', content: 'hi' }], ...extra })
    // A body of 20,000 keys: the gateway parses it, the policy input stays small.
    const wide = JSON.stringify(
      chat('general-1', Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i.toString(36)}`, i]))),
    )
    const scenarios: Scenario[] = [
      {
        name: 'US user, general-1',
        expect: 'allow',
        send: () =>
          post(
            '/v1/chat/completions',
            { authorization: `Bearer ${us}`, 'cf-ipcountry': 'US', ...secret },
            chat('general-1'),
          ),
      },
      {
        name: 'US user, restricted frontier-1',
        expect: 'allow',
        send: () =>
          post(
            '/v1/chat/completions',
            { authorization: `Bearer ${us}`, 'cf-ipcountry': 'US', ...secret },
            chat('frontier-1'),
          ),
      },
      {
        name: 'wide JSON body (20,000 keys)',
        expect: 'allow',
        send: () =>
          post('/v1/chat/completions', { authorization: `Bearer ${us}`, 'cf-ipcountry': 'US', ...secret }, wide),
      },
      {
        name: 'spoofed CF-IPCountry from a direct client',
        expect: 'deny',
        send: () =>
          post('/v1/chat/completions', { authorization: `Bearer ${us}`, 'cf-ipcountry': 'US' }, chat('frontier-1')),
      },
      {
        name: 'spoofed secret',
        expect: 'deny',
        send: () =>
          post(
            '/v1/chat/completions',
            { authorization: `Bearer ${us}`, 'cf-ipcountry': 'US', [cdnSecret.header]: 'not-the-secret-at-all' },
            chat('general-1'),
          ),
      },
      {
        name: 'duplicated geo header',
        expect: 'deny',
        send: () =>
          post(
            '/v1/chat/completions',
            { authorization: `Bearer ${us}`, 'cf-ipcountry': 'US, CU', ...secret },
            chat('general-1'),
          ),
      },
      {
        name: 'embargoed region',
        expect: 'deny',
        send: () =>
          post(
            '/v1/chat/completions',
            { authorization: `Bearer ${fr}`, 'cf-ipcountry': 'UA', 'cf-region-code': '43', ...secret },
            chat('general-1'),
          ),
      },
      {
        name: 'fine-tuning with tools on pro',
        expect: 'deny',
        send: () =>
          post(
            '/v1/fine_tuning/jobs',
            { authorization: `Bearer ${us}`, 'cf-ipcountry': 'US', ...secret },
            { model: 'general-1', training_file: 'f', tools: [{ type: 'function' }] },
          ),
      },
      {
        name: 'Host injection',
        expect: 'deny',
        send: async () =>
          (
            await rawRequest(
              base,
              rawPost(
                '/v1/fine_tuning/jobs',
                'x/v1/chat/completions#',
                { authorization: `Bearer ${us}`, 'cf-ipcountry': 'US', ...secret },
                JSON.stringify({ model: 'general-1', training_file: 'f' }),
              ),
            )
          ).status,
      },
      {
        name: 'no token',
        expect: 'deny',
        send: () => post('/v1/chat/completions', { 'cf-ipcountry': 'US', ...secret }, chat('general-1')),
      },
      {
        name: 'token without exp',
        expect: 'deny',
        send: () =>
          post(
            '/v1/chat/completions',
            { authorization: `Bearer ${forever}`, 'cf-ipcountry': 'US', ...secret },
            chat('general-1'),
          ),
      },
      {
        name: 'malformed JSON',
        expect: 'deny',
        send: () =>
          post('/v1/chat/completions', { authorization: `Bearer ${us}`, 'cf-ipcountry': 'US', ...secret }, '{"model":'),
      },
    ]
    const queue = Array.from({ length: rounds }, () => scenarios).flat()
    const tally = { requests: 0, wrongAllows: 0, wrongDenies: 0, errors: 0, statuses: {} as Record<number, number> }
    const wrong: string[] = []
    const started = performance.now()
    const hostile = Array.from({ length: uploads }, () =>
      chunkedUpload(
        base,
        '/v1/chat/completions',
        { authorization: `Bearer ${us}`, 'cf-ipcountry': 'US', ...secret },
        uploadSize,
      ),
    )
    const workers = Array.from({ length: concurrency }, async () => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        let status = 0
        try {
          status = await s.send()
        } catch {
          tally.errors++
        }
        tally.requests++
        tally.statuses[status] = (tally.statuses[status] ?? 0) + 1
        const allowed = status >= 200 && status < 300
        if (s.expect === 'deny' && allowed) {
          tally.wrongAllows++
          wrong.push(`${s.name} → ${status}`)
        }
        if (s.expect === 'allow' && !allowed) {
          tally.wrongDenies++
          wrong.push(`${s.name} → ${status}`)
        }
      }
    })
    const [uploadResults] = await Promise.all([Promise.all(hostile), Promise.all(workers)])
    const seconds = (performance.now() - started) / 1000
    const health = await fetch(`${base}/healthz`)
    const mem = memory(child.pid!)
    const figures = {
      requests: tally.requests,
      seconds: Number(seconds.toFixed(2)),
      requestsPerSecond: Math.round(tally.requests / seconds),
      statuses: tally.statuses,
      wrongAllows: tally.wrongAllows,
      wrongDenies: tally.wrongDenies,
      clientErrors: tally.errors,
      hostileUploads: `${uploads} × ${uploadSize / MiB} MiB chunked → ${uploadResults.map((u) => u.status).join(',')} after ≤ ${(Math.max(...uploadResults.map((u) => u.sentBeforeResponse)) / MiB).toFixed(1)} MiB sent`,
      peakRssMiB: Number((mem.peak / MiB).toFixed(1)),
      rssAfterMiB: Number((mem.now / MiB).toFixed(1)),
      rssBoundMiB: rssBound / MiB,
      alive: health.status === 200 && child.exitCode === null,
    }
    console.log(`load test figures: ${JSON.stringify(figures)}`)
    expect(wrong, wrong.slice(0, 10).join('; ')).toEqual([])
    expect(tally.errors).toBe(0)
    expect(uploadResults.every((u) => u.status === 413)).toBe(true)
    expect(figures.alive).toBe(true)
    expect(mem.peak).toBeLessThan(rssBound)
  }, 120_000)
})
