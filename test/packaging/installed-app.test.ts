/**
 * Cordon as published: every package packed with `pnpm pack`, installed by
 * npm from the tarballs into an application in a temporary folder outside
 * the workspace (other dependencies from the npm registry or npm's cache),
 * then used there as a user would: the `cordon` command (check, test,
 * build), `require()` from CommonJS, an Express and a Hono server, a
 * Cloudflare Worker (workerd through miniflare, the policy imported as a
 * `.wasm` module), Deno, Bun and Vercel's edge-runtime, each answering the
 * adapter cases over real HTTP.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { runInContext } from 'node:vm'
import { EdgeRuntime, runServer } from 'edge-runtime'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cases, makeKeys, runCase, type Keys } from '../adapters/cases.js'
import { bundleApp } from '../adapters/support/bundle.js'
import { repoRoot } from '../support/corpora.js'
import { installApp } from './pack.js'

let app: string
let keys: Keys
const children: ChildProcess[] = []
let mf: Miniflare | undefined
let edge: Awaited<ReturnType<typeof runServer>> | undefined

/** Runs a command in the app folder; returns stdout, or throws with both streams. */
function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string }
    throw new Error(`${command} ${args.join(' ')} exited ${e.status}\n${e.stdout}\n${e.stderr}`, { cause: err })
  }
}
const cordon = (...args: string[]) => run(path.join(app, 'node_modules/.bin/cordon'), args)

beforeAll(async () => {
  keys = await makeKeys()
  app = installApp(['express', 'hono', '@hono/node-server'])
  // The user's policy: the reference AI-access policy with its data and tests.
  cpSync(path.join(repoRoot, 'policies'), path.join(app, 'policies'), { recursive: true })
  cpSync(path.join(import.meta.dirname, 'app'), app, { recursive: true })
}, 600_000)

afterAll(async () => {
  // Whole process groups: node_modules/.bin/deno is a shell shim around the real binary.
  for (const child of children) {
    try {
      process.kill(-child.pid!, 'SIGTERM')
    } catch {
      child.kill()
    }
  }
  await mf?.dispose()
  await edge?.close()
  if (app) rmSync(app, { recursive: true, force: true })
})

describe('the packed packages installed by npm in an app outside the workspace', () => {
  it('installs @cordon/* from the tarballs, not from a registry or the workspace', () => {
    const listed = JSON.parse(run('npm', ['ls', '--all', '--json'])) as {
      dependencies: Record<string, { resolved?: string }>
    }
    for (const name of ['@cordon/engine', '@cordon/cli', '@cordon/express', '@cordon/hono', '@cordon/fetch']) {
      expect(listed.dependencies[name]?.resolved, name).toMatch(/^file:.*\.tgz$/)
    }
  })

  it('cordon check, test and build the policy', { timeout: 180_000 }, () => {
    expect(cordon('check', 'policies')).toMatch(/no errors/)
    expect(cordon('test', 'policies')).toMatch(/PASS: \d+\/\d+/)
    expect(cordon('build', 'policies', '-o', 'dist/bundle.tar.gz')).toMatch(
      /wrote dist\/bundle\.tar\.gz .*entrypoints: ai_access\/decision/,
    )
    expect(cordon('build', 'policies', '--format', 'wasm', '-o', 'dist/policy.wasm')).toMatch(
      /wrote dist\/policy\.wasm/,
    )
  })

  it('loads from CommonJS with require(), compiler included', { timeout: 60_000 }, () => {
    expect(JSON.parse(run(process.execPath, ['require.cjs']))).toEqual({ yes: [{ result: true }], no: [] })
  })

  describe('Express and Hono servers (Node)', () => {
    let urls: { express: string; hono: string }
    beforeAll(async () => {
      writeFileSync(path.join(app, 'adapter-options.mjs'), await bundleApp('fetch-app.ts', 'esm', app))
      const child = spawn(process.execPath, ['node-servers.mjs'], {
        cwd: app,
        detached: true,
        env: { ...process.env, PUBLIC_JWK: JSON.stringify(keys.publicJwk) },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      children.push(child)
      urls = JSON.parse((await firstLine(child, /^\{.*\}$/m))[0])
    }, 60_000)
    for (const server of ['express', 'hono'] as const) {
      for (const c of cases) it(`${server}: ${c.note}`, () => runCase(urls[server], c, keys))
    }
  })

  describe('Cloudflare Worker (workerd through miniflare) importing policy.wasm', () => {
    let url: string
    beforeAll(async () => {
      const script = await bundleApp('workerd-entry.ts', 'esm', app)
      mf = new Miniflare({
        modules: [
          { type: 'ESModule', path: 'worker.js', contents: script },
          { type: 'CompiledWasm', path: 'policy.wasm', contents: readFileSync(path.join(app, 'dist/policy.wasm')) },
        ],
        compatibilityDate: '2026-04-01',
        bindings: {
          POLICY_DATA: {
            'ai-access': JSON.parse(readFileSync(path.join(app, 'policies/ai-access/data.json'), 'utf8')),
          },
          PUBLIC_JWK: keys.publicJwk as Record<string, unknown>,
        },
        cf: { country: 'XX' },
        host: '127.0.0.1',
        port: 0,
      })
      url = (await mf.ready).href
    }, 120_000)
    for (const c of cases) it(c.note, () => runCase(url, c, keys))
  })

  const bin = (name: string) => path.join(repoRoot, 'node_modules/.bin', name)
  const runtimes: Record<string, (dir: string) => string[]> = {
    Deno: (dir) => [
      bin('deno'),
      'run',
      '--quiet',
      '--no-prompt',
      '--allow-net=127.0.0.1',
      `--allow-read=${dir}`,
      `${dir}/server.mjs`,
      dir,
    ],
    Bun: (dir) => [bin('bun'), 'run', `${dir}/server.mjs`, dir],
  }
  for (const [name, argv] of Object.entries(runtimes)) {
    describe(`${name} serving the fetch adapter`, () => {
      let url: string
      beforeAll(async () => {
        const dir = path.join(app, 'deno-bun')
        mkdirSync(dir, { recursive: true })
        writeFileSync(path.join(dir, 'server.mjs'), await bundleApp('deno-bun-entry.ts', 'esm', app))
        cpSync(path.join(app, 'dist/policy.wasm'), path.join(dir, 'policy.wasm'))
        writeFileSync(
          path.join(dir, 'data.json'),
          JSON.stringify({
            'ai-access': JSON.parse(readFileSync(path.join(app, 'policies/ai-access/data.json'), 'utf8')),
          }),
        )
        writeFileSync(path.join(dir, 'jwk.json'), JSON.stringify(keys.publicJwk))
        const [command, ...args] = argv(dir)
        const child = spawn(command!, args, {
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
        })
        children.push(child)
        url = `http://127.0.0.1:${(await firstLine(child, /listening (\d+)/))[1]}`
      }, 60_000)
      for (const c of cases) it(c.note, () => runCase(url, c, keys))
    })
  }

  describe("Vercel's edge-runtime", () => {
    beforeAll(async () => {
      const runtime = new EdgeRuntime({
        initialCode: await bundleApp('edge-runtime-entry.ts', 'iife', app),
        extend(context) {
          // Compiled with the sandbox's own WebAssembly, so the module belongs to its realm.
          const SandboxWasm = runInContext('WebAssembly', context) as typeof WebAssembly
          return Object.assign(context, {
            POLICY_WASM: new SandboxWasm.Module(readFileSync(path.join(app, 'dist/policy.wasm'))),
            POLICY_DATA: JSON.stringify({
              'ai-access': JSON.parse(readFileSync(path.join(app, 'policies/ai-access/data.json'), 'utf8')),
            }),
            PUBLIC_JWK: JSON.stringify(keys.publicJwk),
          })
        },
      })
      edge = await runServer({ runtime, host: '127.0.0.1', port: 0 })
    }, 120_000)
    for (const c of cases) it(c.note, () => runCase(edge!.url, c, keys))
  })
})

/** Resolves with the match of `pattern` in what the child prints on stdout; rejects if it exits first. */
function firstLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  let out = ''
  let err = ''
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk
      const m = pattern.exec(out)
      if (m) resolve(m)
    })
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk))
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}\n${err}`)))
  })
}
