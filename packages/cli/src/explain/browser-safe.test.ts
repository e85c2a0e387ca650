/**
 * `@cordon/cli/explain` runs in the browser playground: bundled for the
 * browser, nothing in its import graph imports a `node:` module except the
 * compiler's runtime-library loader (`@cordon/wasm`'s runtime-lib.ts, which
 * reads runtime.wasm from disk; a browser build gives it the bytes with
 * setRuntimeLibrary, as for any compile in the browser).
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..')
/** The part of esbuild's API used here (esbuild is tsup's dependency, not ours: no types at hand). */
interface Esbuild {
  build(
    options: Record<string, unknown>,
  ): Promise<{ metafile: { inputs: Record<string, { imports: { path: string }[] }> } }>
}
const esbuild = createRequire(createRequire(path.join(root, 'package.json')).resolve('tsup'))('esbuild') as Esbuild

describe('@cordon/cli/explain in a browser bundle', () => {
  it('imports no node: module of its own', { timeout: 120_000 }, async () => {
    const result = await esbuild.build({
      entryPoints: [path.join(root, 'packages/cli/src/explain/index.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      external: ['node:*'],
      metafile: true,
      logLevel: 'silent',
      outdir: path.join(root, 'node_modules/.cache/explain-browser'),
    })
    const inputs = Object.entries(result.metafile.inputs)
    const nodeImporters = inputs
      .filter(([, meta]) => meta.imports.some((i) => i.path.startsWith('node:')))
      .map(([file]) => file)
    expect(nodeImporters.filter((f) => !/packages\/wasm\/(src\/codegen\/runtime-lib\.ts|dist\/)/.test(f))).toEqual([])
    // The bundle really holds the explain code, the compiler and the engine.
    const files = inputs.map(([file]) => file)
    for (const part of [
      'packages/cli/src/explain/explain.ts',
      'packages/cli/src/instrument/each-body.ts',
      'engine',
      'rego',
    ])
      expect(
        files.some((f) => f.includes(part)),
        part,
      ).toBe(true)
  })
})
