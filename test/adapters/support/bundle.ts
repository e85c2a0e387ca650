/**
 * Bundles an app with the adapter and the engine (from source) into one ESM
 * (or IIFE) file with esbuild, the `.wasm` left as a module import, for the
 * edge runtimes and Deno/Bun.
 */
import { cpSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>
}

// esbuild is installed as tsup's dependency, not at the root.
const requireFromTsup = createRequire(createRequire(import.meta.url).resolve('tsup'))
const esbuild = requireFromTsup('esbuild') as Esbuild

const root = fileURLToPath(new URL('../../../', import.meta.url))
const aliases = Object.fromEntries(
  ['fetch', 'engine', 'builtins']
    .map((p) => [`@cordon/${p}`, `${root}packages/${p}/src/index.ts`])
    .concat([
      ['@cordon/builtins/core', `${root}packages/builtins/src/core.ts`],
      ['@cordon/builtins/impls', `${root}packages/builtins/src/impl/index.ts`],
      ['@cordon/builtins/lazy', `${root}packages/builtins/src/impl/families.ts`],
      ['@cordon/engine/lean', `${root}packages/engine/src/lean.ts`],
    ]),
)

/**
 * Returns the bundle's text. `format: 'iife'` for script runtimes (Vercel's
 * edge-runtime). With `installedIn` (an application folder outside the
 * repository), the app's files are copied there and `@cordon/*` resolve from
 * its node_modules, as a user's build would, instead of from the sources.
 */
export async function bundleApp(entry: string, format: 'esm' | 'iife' = 'esm', installedIn?: string): Promise<string> {
  const from = installedIn ? path.join(installedIn, 'adapter-app') : fileURLToPath(new URL('../', import.meta.url))
  if (installedIn) {
    for (const file of [`apps/${entry}`, 'apps/fetch-app.ts', 'support/constants.ts']) {
      mkdirSync(path.dirname(path.join(from, file)), { recursive: true })
      cpSync(fileURLToPath(new URL(`../${file}`, import.meta.url)), path.join(from, file))
    }
  }
  const result = await esbuild.build({
    entryPoints: [path.join(from, 'apps', entry)],
    ...(installedIn ? { absWorkingDir: installedIn, tsconfigRaw: {} } : { alias: aliases }),
    bundle: true,
    write: false,
    format,
    platform: 'browser',
    conditions: ['worker', 'browser'],
    target: 'es2022',
    external: ['*.wasm'],
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}

/**
 * Bundles a Node server (ESM) from the workspace sources, `external`
 * packages left to Node's resolution: write it under the repository (e.g.
 * `node_modules/.cache/`) so they resolve from the root's node_modules.
 */
export async function bundleNode(entry: string, external: string[]): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    alias: aliases,
    external,
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}
