// Monorepo plumbing for the examples, not part of them: esbuild (installed as
// tsup's dependency) turns an example's TypeScript into JavaScript that Node
// or workerd can run. `@cordon/*` resolve by name from the example's
// node_modules (workspace links to the built packages), as after `npm install`.
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const requireFromTsup = createRequire(createRequire(`${root}package.json`).resolve('tsup'))
const esbuild = requireFromTsup('esbuild')

/**
 * Bundles `entry` to `outfile`. `target: 'node'` bundles only the example's
 * own files (packages stay imports Node resolves); `'worker'` inlines every
 * package but `.wasm`, as wrangler does.
 */
export async function bundle(entry, outfile, target) {
  const common = { entryPoints: [entry], outfile, bundle: true, format: 'esm', target: 'es2022', logLevel: 'warning' }
  if (target === 'node') await esbuild.build({ ...common, platform: 'node', packages: 'external' })
  else await esbuild.build({ ...common, platform: 'browser', conditions: ['worker', 'browser'], external: ['*.wasm'] })
}
