/**
 * Every package's package.json lists exactly what it imports (issue 21):
 * what its published code imports is in `dependencies` (or
 * `peerDependencies`) and nothing else is; what its tests, test helpers and
 * build scripts import is declared too, and every devDependency is used. The
 * compiler (`@cordon/rego`, `@cordon/wasm`) reads `@cordon/builtins` only
 * through its `declarations` entry, which loads no builtin implementation.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { importedPackages, packagesDir, productionFiles, sourceFiles, specifiersOf } from './package-imports.js'

interface PackageJson {
  name: string
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}

/** devDependencies used as a command, not imported, with where. */
const TOOLS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '@cordon/wasm': {
    assemblyscript:
      'runtime/build.mjs runs its `asc` to build the runtime, and inline-hot-calls.mjs the binaryen it runs on',
  },
  '@cordon/playground': {
    typescript: 'its build runs `tsc -p tsconfig.json` (the page is type-checked by its own config)',
    '@types/node': "its tsconfig.json's types, for the test's static server",
  },
}

/**
 * The workspace toolchain, declared once in the root package.json: one vitest
 * config runs every package's tests from the root, and every tsup.config.ts
 * extends the root's tsup.base.ts.
 */
const ROOT_TOOLCHAIN: ReadonlySet<string> = new Set(['vitest', 'tsup'])

type TsupEntry = string[] | Record<string, string>
async function tsupEntries(dir: string): Promise<string[]> {
  const mod = (await import(path.join(dir, 'tsup.config.ts'))) as {
    default: { entry?: TsupEntry } | { entry?: TsupEntry }[]
  }
  const configs = Array.isArray(mod.default) ? mod.default : [mod.default]
  return configs.flatMap((c) => (Array.isArray(c.entry) ? c.entry : Object.values(c.entry ?? {})))
}

/**
 * A package's entries: its tsup.config.ts's, or for an app bundled by vite
 * (packages/playground) the module scripts its index.html loads (the workers
 * they start are followed as files named by `new URL(…, import.meta.url)`).
 */
async function entriesOf(dir: string): Promise<string[]> {
  if (existsSync(path.join(dir, 'tsup.config.ts'))) return tsupEntries(dir)
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8')
  return [...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="\/?([^"]+)"/g)].map((m) => m[1]!)
}

const packages = readdirSync(packagesDir).map((name) => path.join(packagesDir, name))
const keys = (r: Record<string, string> | undefined) => new Set(Object.keys(r ?? {}))

describe.each(packages.map((dir) => ({ dir, name: path.basename(dir) })))(
  'packages/$name: package.json matches the imports',
  ({ dir }) => {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson
    const deps = keys(pkg.dependencies)
    const peers = keys(pkg.peerDependencies)
    const devs = keys(pkg.devDependencies)

    it('dependencies (and peerDependencies) are exactly what the published code imports', async () => {
      const prod = importedPackages(productionFiles(dir, await entriesOf(dir)), pkg.name)
      const undeclared = [...prod]
        .filter(([name]) => !deps.has(name) && !peers.has(name))
        .map(([name, file]) => `${name} (imported by ${file})`)
      const unused = [...deps, ...peers].filter((name) => !prod.has(name))
      expect({ undeclared, unused }).toEqual({ undeclared: [], unused: [] })
      expect(
        [...deps].filter((name) => devs.has(name)),
        'listed both as a dependency and a devDependency',
      ).toEqual([])
    })

    it('tests, test helpers and scripts import only declared packages; every devDependency is used', async () => {
      const prodFiles = productionFiles(dir, await entriesOf(dir))
      const other = importedPackages(
        sourceFiles(dir).filter((f) => !prodFiles.has(f)),
        pkg.name,
      )
      const undeclared = [...other]
        .filter(([name]) => !deps.has(name) && !peers.has(name) && !devs.has(name) && !ROOT_TOOLCHAIN.has(name))
        .map(([name, file]) => `${name} (imported by ${file})`)
      const all = new Set([...other.keys(), ...importedPackages(prodFiles, pkg.name).keys()])
      const tools = TOOLS[pkg.name] ?? {}
      const unused = [...devs].filter(
        (name) => !all.has(name) && !all.has(name.replace(/^@types\//, '')) && tools[name] === undefined,
      )
      expect({ undeclared, unused }).toEqual({ undeclared: [], unused: [] })
    })
  },
)

describe('the compiler loads declarations only', () => {
  it.each(['rego', 'wasm'])(
    'packages/%s reads @cordon/builtins only through @cordon/builtins/declarations',
    async (name) => {
      const dir = path.join(packagesDir, name)
      const wrong = [...productionFiles(dir, await entriesOf(dir))].flatMap((file) =>
        specifiersOf(file)
          .filter((s) => s.startsWith('@cordon/builtins') && s !== '@cordon/builtins/declarations')
          .map((s) => `${path.relative(packagesDir, file)}: ${s}`),
      )
      expect(wrong).toEqual([])
    },
  )
})

describe('the root package.json', () => {
  it('declares what test/, scripts/ and the root configs import (workspace packages resolve through vitest aliases)', () => {
    const root = path.dirname(packagesDir)
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson
    const devs = keys(pkg.devDependencies)
    const files = [
      ...sourceFiles(path.join(root, 'test')),
      ...sourceFiles(path.join(root, 'scripts')),
      path.join(root, 'vitest.config.ts'),
      path.join(root, 'tsup.base.ts'),
    ]
    const undeclared = [...importedPackages(files, pkg.name)]
      // `cordon-test-validator` is no package: test/engine/runtimes.test.ts's bundler aliases it to a generated file.
      .filter(([name]) => !name.startsWith('@cordon/') && name !== 'cordon-test-validator' && !devs.has(name))
      .map(([name, file]) => `${name} (imported by ${file})`)
    expect(undeclared).toEqual([])
  })
})
