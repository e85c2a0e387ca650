import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (pkg: string, file = 'index.ts') =>
  fileURLToPath(new URL(`./packages/${pkg}/src/${file}`, import.meta.url))

// Tests import packages from source, so a change is tested without a rebuild.
export default defineConfig({
  resolve: {
    alias: {
      '@cordon/rego': src('rego'),
      '@cordon/builtins': src('builtins'),
      '@cordon/wasm': src('wasm'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
})
