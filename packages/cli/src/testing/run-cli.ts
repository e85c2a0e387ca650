import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// Runs the built command as users do; `pnpm test` builds it first.
const cli = fileURLToPath(new URL('../../dist/main.js', import.meta.url))

/** `input`, when given, is the command's standard input; `env`, variables set for it (over this process's). */
export function cordon(args: string[], cwd: string, input?: string, env?: Record<string, string>) {
  // Colour only when a test asks for it: a developer's FORCE_COLOR or NO_COLOR does not reach the command.
  const { FORCE_COLOR: _force, NO_COLOR: _no, ...inherited } = process.env
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', input, env: { ...inherited, ...env } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

export function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cordon-cli-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), text)
  }
  return dir
}
