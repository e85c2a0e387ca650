/**
 * Bun from npm (the repository's devDependency), for tests that run a
 * script through the built packages in a real Bun: its path, and a run of
 * one script that returns what it printed.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const bunBin = path.join(fileURLToPath(new URL('../../', import.meta.url)), 'node_modules/.bin/bun')

/** Runs `script` (a file path) in Bun; its stdout and stderr. */
export function runInBun(script: string): { stdout: string; stderr: string } {
  const r = spawnSync(bunBin, ['run', script], {
    encoding: 'utf8',
    timeout: 40_000,
    env: { ...process.env, NO_COLOR: '1' },
  })
  return { stdout: r.stdout, stderr: r.stderr }
}
