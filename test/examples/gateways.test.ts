/**
 * Each gateway example starts with the command its README shows, and each
 * curl request of the README answers as the README says: the status, the
 * error codes and headers its paragraph names. The commands run from the
 * repository root, as the READMEs say, against the built packages.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../support/corpora.js'
import {
  curlToFetch,
  promisedCodes,
  promisedHeaders,
  promisedHeaderValues,
  promisedStatus,
  shBlocks,
} from './readme.js'

const examples = ['express-gateway', 'hono-gateway', 'cloudflare-worker']
const started: ChildProcess[] = []

afterAll(() => {
  // Each start runs in a process group of its own (sh → pnpm → node → workerd): end the group.
  for (const child of started)
    if (child.pid)
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        /* already gone */
      }
})

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/** Runs the README's start line with PORT set to `port`; resolves once the server says it listens. */
function start(line: string, port: number): Promise<void> {
  const command = line.replace(/^PORT=\d+/, `PORT=${port}`)
  const child = spawn('sh', ['-c', command], { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  started.push(child)
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "listening on" within 90 s from: ${command}\n${output}`)),
      90_000,
    )
    const onData = (chunk: Buffer) => {
      output += chunk
      if (/listening on http:\/\/127\.0\.0\.1:\d+/.test(output)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${command} exited with ${code} before listening:\n${output}`))
    })
  })
}

describe.each(examples)('examples/%s as its README shows', (name) => {
  const readme = readFileSync(path.join(repoRoot, 'examples', name, 'README.md'), 'utf8')
  const blocks = shBlocks(readme)
  const startLine = blocks
    .flatMap((b) => b.lines)
    .find((l) => new RegExp(`^PORT=\\d+ pnpm --dir examples/${name} start$`).test(l))
  const curlBlocks = blocks.filter((b) => b.lines.some((l) => l.startsWith('curl ')))

  it('documents a start command and requests with the answers they give', () => {
    expect(startLine).toBeDefined()
    expect(curlBlocks.length).toBeGreaterThanOrEqual(3)
    for (const b of curlBlocks) expect(promisedStatus(b.before), b.before).toBeDefined()
  })

  it('starts with that command and answers every request as documented', { timeout: 180_000 }, async () => {
    const port = await freePort()
    await start(startLine!, port)
    // `NAME=$(command)` lines: run as written, from the repository root.
    const vars: Record<string, string> = {}
    for (const line of blocks.flatMap((b) => b.lines)) {
      const m = /^([A-Z_]+)=\$\((.*)\)$/.exec(line)
      if (m) vars[m[1]!] = execFileSync('sh', ['-c', m[2]!], { cwd: repoRoot, encoding: 'utf8' }).trim()
    }
    for (const block of curlBlocks) {
      for (const line of block.lines.filter((l) => l.startsWith('curl '))) {
        const { url, init } = curlToFetch(line, vars)
        const target = new URL(url)
        target.port = String(port)
        const response = await fetch(target, init)
        const body = await response.text()
        const where = `${line}\n→ ${response.status} ${body.slice(0, 400)}`
        expect(response.status, where).toBe(promisedStatus(block.before))
        for (const code of promisedCodes(block.before)) expect(body, `${where}\nmissing ${code}`).toContain(code)
        for (const header of promisedHeaders(block.before))
          expect(response.headers.has(header), `${where}\nmissing header ${header}`).toBe(true)
        for (const { name: header, pieces } of promisedHeaderValues(block.before)) {
          for (const piece of pieces)
            expect(response.headers.get(header) ?? '', `${where}\nheader ${header}`).toContain(piece)
        }
      }
    }
  })
})
