/**
 * The shared cases against the fetch adapter served by Deno (`Deno.serve`)
 * and Bun (`Bun.serve`), each a child process on a free 127.0.0.1 port
 * running one esbuild bundle of the app, the adapter and the engine.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { cases, makeKeys, runCase, type Keys } from './cases.js'
import { bundleApp } from './support/bundle.js'
import { buildReferencePolicy } from './support/policy.js'

const bin = (name: string) => fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url))

const runtimes: Record<string, (script: string, dir: string) => string[]> = {
  deno: (script, dir) => [
    bin('deno'),
    'run',
    '--quiet',
    '--no-prompt',
    '--allow-net=127.0.0.1',
    `--allow-read=${dir}`,
    script,
    dir,
  ],
  bun: (script, dir) => [bin('bun'), 'run', script, dir],
}

let keys: Keys
let dir: string
const children: ChildProcess[] = []

beforeAll(async () => {
  keys = await makeKeys()
  dir = mkdtempSync(join(tmpdir(), 'cordon-deno-bun-'))
  const { wasm, data } = buildReferencePolicy()
  writeFileSync(join(dir, 'server.mjs'), await bundleApp('deno-bun-entry.ts'))
  writeFileSync(join(dir, 'policy.wasm'), wasm)
  writeFileSync(join(dir, 'data.json'), JSON.stringify(data))
  writeFileSync(join(dir, 'jwk.json'), JSON.stringify(keys.publicJwk))
}, 60_000)

afterAll(() => {
  // The whole process group: node_modules/.bin/deno is a shell shim, and
  // killing it alone left the deno server running after the tests.
  for (const child of children) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM')
    } catch {
      child.kill()
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** Starts the server and resolves with its URL once it prints `listening <port>`. */
function start(argv: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
    })
    children.push(child)
    let out = ''
    const timer = setTimeout(() => reject(new Error(`${argv[0]} did not start in 30 s: ${out}`)), 30_000)
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const m = /listening (\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(`http://127.0.0.1:${m[1]}`)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${argv[0]} exited with ${code}: ${out}`))
    })
  })
}

for (const [name, argv] of Object.entries(runtimes)) {
  describe(`fetch adapter in ${name}`, () => {
    let url: string
    beforeAll(async () => {
      url = await start(argv(join(dir, 'server.mjs'), dir))
    }, 60_000)
    for (const c of cases) it(c.note, () => runCase(url, c, keys))
  })
}
