// Monorepo plumbing for the examples, not part of them: esbuild (installed as
// tsup's dependency) turns an example's TypeScript into JavaScript that Node
// or workerd can run. `@cordon/*` resolve by name from the example's
// node_modules (workspace links to the built packages), as after `npm install`.
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const requireFromTsup = createRequire(createRequire(`${root}package.json`).resolve('tsup'))
const esbuild = requireFromTsup('esbuild')

/**
 * Bundles `entry` to `outfile`. `target: 'node'` bundles only the example's
 * own files (packages stay imports Node resolves).
 */
export async function bundle(entry, outfile, _target) {
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    logLevel: 'warning',
    platform: 'node',
    packages: 'external',
  })
}

/**
 * Bundles a Worker into `outdir` with every package but `.wasm` inlined, and
 * code splitting: what is imported lazily becomes chunks of their own,
 * evaluated only when imported (but emitted, and uploaded, all the same).
 * Returns esbuild's metafile.
 */
export async function bundleWorker(entry, outdir, { minify = false, splitting = true } = {}) {
  const result = await esbuild.build({
    entryPoints: { worker: entry },
    outdir,
    bundle: true,
    splitting,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    conditions: ['worker', 'browser'],
    external: ['*.wasm'],
    minify,
    metafile: true,
    logLevel: 'warning',
    // The example's own tsconfig for every file: the repository's (its `paths` map
    // @cordon/* to sources, for type-checking) would otherwise apply to the packages'
    // dist files below it, and the engine would be bundled twice (dist and sources).
    tsconfig: path.join(path.dirname(entry), 'tsconfig.json'),
    // The packages' dist chunks import each other for ordering only; with "sideEffects": false
    // esbuild drops those imports (nothing is lost: every binding a chunk uses is imported by name).
    logOverride: { 'ignored-bare-import': 'silent' },
  })
  return result.metafile
}
