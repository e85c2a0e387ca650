import type { Options } from 'tsup'

/** The build every library package shares: ESM + CJS + .d.ts from src/index.ts. */
export const libraryBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
}
