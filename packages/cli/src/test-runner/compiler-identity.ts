/**
 * What makes a cached test run (run-cache.ts) stale besides its sources: the
 * compiler. Its identity is the SHA-256 of every file of the packages that
 * check and compile (`@cordon/rego`, `@cordon/wasm`, and `@cordon/builtins`
 * for the declarations), found where this process loads them from, and of
 * the file this code runs from (the bundled command, which decides what a
 * run compiles). Any rebuild or upgrade changes it; a version number would
 * not change between two builds of one version.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const compilerPackages = ['@cordon/rego', '@cordon/wasm', '@cordon/builtins']

let identity: string | undefined

/** The compiler's identity (hex), computed once per process. */
export function compilerIdentity(): string {
  if (identity) return identity
  const require = createRequire(import.meta.url)
  const hash = createHash('sha256')
  // Names relative to their package, so two checkouts of one build share a cache.
  const add = (name: string, file: string) => hash.update(`${name}\0`).update(readFileSync(file)).update('\0')
  const self = fileURLToPath(import.meta.url)
  add(path.basename(self), self)
  for (const pkg of compilerPackages) {
    // The folder of the package's entry (dist/ when installed or built), every file below it.
    const dir = path.dirname(require.resolve(pkg))
    for (const file of filesBelow(dir)) add(`${pkg}/${path.relative(dir, file)}`, file)
  }
  identity = hash.digest('hex')
  return identity
}

function filesBelow(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name)
    if (statSync(file).isDirectory()) out.push(...filesBelow(file))
    else out.push(file)
  }
  return out
}
