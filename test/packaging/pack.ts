/**
 * Packs every publishable package with `pnpm pack`, as `pnpm publish` would
 * (workspace ranges rewritten to versions, `files` applied), into a fresh
 * temporary folder outside the workspace. Needs `pnpm build` first (`pnpm
 * test` does it).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { repoRoot } from '../support/corpora.js'

/** The packages/ folders, each a published package. */
export const packageDirs = readdirSync(path.join(repoRoot, 'packages')).map((name) => path.join(repoRoot, 'packages', name))

/** Packs them all; returns the tarballs by package name (`@cordon/engine` → /tmp/…/cordon-engine-0.1.0.tgz). */
export function packAll(): Map<string, string> {
  const out = mkdtempSync(path.join(tmpdir(), 'cordon-packs-'))
  const tarballs = new Map<string, string>()
  for (const dir of packageDirs) {
    const printed = execFileSync('pnpm', ['pack', '--json', '--pack-destination', out], { cwd: dir, encoding: 'utf8' })
    const info = JSON.parse(printed.slice(printed.indexOf('{'))) as { name: string; filename: string }
    tarballs.set(info.name, path.resolve(out, info.filename))
  }
  return tarballs
}
