/**
 * Follows a document as a user would, in an app folder: writes the files its
 * code blocks name, runs its `sh` lines in order, starts `PORT=… node …`
 * servers, sends its curl lines, and checks each `# → answer` comment
 * against what the command printed (for curl: the status, then the body).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { expect } from 'vitest'
import { curlToFetch, fileBlocks, promisedOutput, shBlocks } from '../examples/readme.js'

export interface DocRun {
  /** Answers checked; a document whose run checks none is not tested. */
  checked: number
  /** Servers the document started; the caller ends them. */
  servers: ChildProcess[]
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** Resolves once the child prints `listening`; rejects if it exits first. */
function listening(child: ChildProcess): Promise<void> {
  let out = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk
      if (/listening/.test(out)) resolve()
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)))
  })
}

/**
 * Runs `markdown` in `dir`. `npm install` lines are checked, not run: the
 * packages they name must already be in `node_modules` (installed from the
 * packed tarballs by the caller).
 */
export async function runDoc(
  markdown: string,
  dir: string,
  env: Record<string, string> = {},
  run: DocRun = { checked: 0, servers: [] },
): Promise<DocRun> {
  mkdirSync(dir, { recursive: true })
  for (const { file, text } of fileBlocks(markdown)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    writeFileSync(path.join(dir, file), text)
  }
  let port: number | undefined
  for (const line of shBlocks(markdown).flatMap((b) => b.lines)) {
    const command = line.split(/\s+#\s/)[0]!.trim()
    const answer = promisedOutput(line)
    if (command.startsWith('npm install')) {
      for (const name of command
        .split(/\s+/)
        .slice(2)
        .filter((w) => !w.startsWith('-'))) {
        expect(
          existsSync(path.join(dir, 'node_modules', name)) || existsSync(path.join(dir, '..', 'node_modules', name)),
          `${name} installed`,
        ).toBe(true)
      }
    } else if (/^(\w+=\S+ )*PORT=\d+ node /.test(command)) {
      // A server: on a free port, with the caller's stand-ins for the URLs the document names.
      port = await freePort()
      let started = command.replace(/PORT=\d+/, `PORT=${port}`)
      for (const [name, value] of Object.entries(env))
        started = started.replace(new RegExp(`\\b${name}=\\S+`), `${name}=${value}`)
      const child = spawn('sh', ['-c', started], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
      run.servers.push(child)
      await listening(child)
    } else if (command.startsWith('curl ')) {
      const { url, init } = curlToFetch(command, {})
      const target = new URL(url)
      if (port) target.port = String(port)
      const response = await fetch(target, init)
      const body = await response.text()
      const [status, ...rest] = (answer ?? '').split(' ')
      expect(`${response.status} ${body}`, line).toContain(`${status} ${rest.join(' ')}`.trim())
      run.checked++
    } else {
      const out = execFileSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8' })
      if (answer) {
        expect(out, line).toContain(answer)
        run.checked++
      }
    }
  }
  return run
}
