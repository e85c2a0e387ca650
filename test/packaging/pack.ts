/**
 * Packs every publishable package with `pnpm pack`, as `pnpm publish` would
 * (workspace ranges rewritten to versions, `files` applied), into a fresh
 * temporary folder outside the workspace. Needs `pnpm build` first (`pnpm
 * test` does it).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { repoRoot } from '../support/corpora.js'

/** The packages/ folders of published packages (not the private ones: the playground). */
export const packageDirs = readdirSync(path.join(repoRoot, 'packages'))
  .map((name) => path.join(repoRoot, 'packages', name))
  .filter((dir) => !(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { private?: boolean }).private)

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

const rootPkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>
}

/**
 * A new application in a temporary folder outside the workspace with every
 * packed package installed by npm (other dependencies from the npm registry
 * or npm's cache), plus `devDependencies` of the repository root named in
 * `extra`, at the root's versions. Returns the app's folder.
 */
export function installApp(extra: readonly string[]): string {
  const tarballs = packAll()
  const app = mkdtempSync(path.join(tmpdir(), 'cordon-app-'))
  const cordonDeps = Object.fromEntries([...tarballs].map(([name, file]) => [name, `file:${file}`]))
  const dependencies = {
    ...cordonDeps,
    ...Object.fromEntries(extra.map((name) => [name, rootPkg.devDependencies[name]!])),
  }
  // The packages depend on each other by version; `overrides` makes npm take those from the tarballs too.
  writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'cordon-app', private: true, type: 'module', dependencies, overrides: cordonDeps }),
  )
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: app,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  return app
}
