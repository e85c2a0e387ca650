import type { Options } from 'tsup'

/**
 * The build every library package shares: ESM + CJS from src/index.ts, with
 * .d.ts for `import` and .d.cts for `require`. No source maps: they were
 * more than half of each tarball, and the published code is not minified.
 * `shims` gives the CJS build an `import.meta.url` (the compiler finds its
 * runtime files with it).
 */
export const libraryBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  shims: true,
  target: 'es2022',
}
