// Monorepo plumbing for the examples, not part of them: esbuild (installed as
// tsup's dependency) bundles an example with the @cordon/* packages taken from
// their TypeScript sources, standing in for `npm install @cordon/…`.
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const requireFromTsup = createRequire(createRequire(`${root}package.json`).resolve('tsup'))
const esbuild = requireFromTsup('esbuild')

/** @cordon/<pkg> → packages/<pkg>/src/index.ts */
const alias = Object.fromEntries(
  ['fetch', 'hono', 'express', 'engine', 'builtins', 'wasm', 'rego'].map((p) => [`@cordon/${p}`, `${root}packages/${p}/src/index.ts`]),
)
// Subpath entries the engine imports (esbuild would otherwise append them to the index file's path).
alias['@cordon/builtins/core'] = `${root}packages/builtins/src/core.ts`
alias['@cordon/builtins/impls'] = `${root}packages/builtins/src/impl/index.ts`

/** Bundles `entry` to `outfile`. `target: 'node'` keeps the frameworks external; `'worker'` inlines everything but `.wasm`. */
export async function bundle(entry, outfile, target) {
  const common = { entryPoints: [entry], outfile, bundle: true, format: 'esm', target: 'es2022', alias, logLevel: 'warning' }
  if (target === 'node') {
    await esbuild.build({
      ...common,
      platform: 'node',
      external: ['express', 'hono', '@hono/node-server', 'miniflare'],
      // Bundled CommonJS dependencies (ajv) may call require.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    })
  } else {
    await esbuild.build({ ...common, platform: 'browser', conditions: ['worker', 'browser'], external: ['*.wasm'] })
  }
}

export { root }
