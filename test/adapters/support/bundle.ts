/**
 * Bundles an app with the adapter and the engine (from source) into one ESM
 * (or IIFE) file with esbuild, the `.wasm` left as a module import, for the
 * edge runtimes and Deno/Bun.
 */
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>
}

// esbuild is installed as tsup's dependency, not at the root.
const requireFromTsup = createRequire(createRequire(import.meta.url).resolve('tsup'))
const esbuild = requireFromTsup('esbuild') as Esbuild

const root = fileURLToPath(new URL('../../../', import.meta.url))
const aliases = Object.fromEntries(['fetch', 'engine', 'builtins'].map((p) => [`@cordon/${p}`, `${root}packages/${p}/src/index.ts`]).concat([['@cordon/builtins/core', `${root}packages/builtins/src/core.ts`], ['@cordon/builtins/impls', `${root}packages/builtins/src/impl/index.ts`]]))

/** Returns the bundle's text. `format: 'iife'` for script runtimes (Vercel's edge-runtime). */
export async function bundleApp(entry: string, format: 'esm' | 'iife' = 'esm'): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(new URL(`../apps/${entry}`, import.meta.url))],
    bundle: true,
    write: false,
    format,
    platform: 'browser',
    conditions: ['worker', 'browser'],
    target: 'es2022',
    alias: aliases,
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
