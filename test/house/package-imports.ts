/**
 * What each workspace package imports, split the way its package.json must
 * declare it: production files (reachable from a tsup entry through relative
 * imports) against `dependencies`/`peerDependencies`, every other file of the
 * package (tests, test helpers, build scripts) against those plus
 * `devDependencies`. Used by package-deps.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import path from 'node:path'
import { repoRoot } from '../support/corpora.js'

export const packagesDir = path.join(repoRoot, 'packages')

/** A specifier's package name (`@scope/name`, `name`), or undefined for relative, node: and runtime-only specifiers. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined
  const [first, second] = specifier.split('/')
  const name = first!.startsWith('@') ? `${first}/${second}` : first!
  return builtinModules.includes(name) ? undefined : name
}

// Static `import … from` and `export … from` starting a line, side-effect `import '…'`, `import('…')` with a literal.
const importPattern =
  /^\s*(?:import|export)\s[^'"`;]*?from\s*(['"])([^'"]+)\1|^\s*import\s*(['"])([^'"]+)\3|(?:^|[^.\w$])import\(\s*(['"])([^'"]+)\5\s*\)/gm

/** The module specifiers `file` imports (comments and strings that are not imports are skipped roughly: block and line comments are removed first). */
export function specifiersOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
  return [...text.matchAll(importPattern)].map((m) => m[2] ?? m[4] ?? m[6]!)
}

// `new Worker(new URL('./worker.ts', import.meta.url))`: a file a bundler (vite, esbuild) builds as an entry of its own.
const workerPattern = /new\s+URL\(\s*(['"])(\.[^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g

/** The relative files `file` starts as workers or otherwise names by URL. */
function urlEntriesOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(workerPattern)].map((m) => m[2]!)
}

/** Every .ts/.mts/.mjs/.js file under `dir`, without dist and node_modules. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...sourceFiles(full))
    else if (/\.(ts|mts|mjs|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full)
  }
  return out
}

/** The file a relative specifier names (`./x.js` is `./x.ts` in source). */
function resolveRelative(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier)
  const candidates = [
    base,
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.mjs$/, '.mts'),
    `${base}.ts`,
    path.join(base, 'index.ts'),
  ]
  return candidates.find((c) => existsSync(c) && !c.endsWith('/'))
}

/** The production files of a package: its tsup entries and what they reach through relative imports. */
export function productionFiles(pkgDir: string, entries: readonly string[]): Set<string> {
  const seen = new Set<string>()
  const todo = entries.map((e) => path.join(pkgDir, e))
  while (todo.length > 0) {
    const file = todo.pop()!
    if (seen.has(file)) continue
    seen.add(file)
    for (const spec of [...specifiersOf(file), ...urlEntriesOf(file)]) {
      if (!spec.startsWith('.')) continue
      const target = resolveRelative(file, spec)
      if (target && /\.(ts|mts)$/.test(target)) todo.push(target)
    }
  }
  return seen
}

/** The packages `files` import, each with the first file that imports it. */
export function importedPackages(files: Iterable<string>, self: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const file of files) {
    for (const spec of specifiersOf(file)) {
      const name = packageOf(spec)
      if (name !== undefined && name !== self && !out.has(name)) out.set(name, path.relative(repoRoot, file))
    }
  }
  return out
}
