import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (pkg: string, file = 'index.ts') => fileURLToPath(new URL(`./packages/${pkg}/src/${file}`, import.meta.url))

// Tests import packages from source, so a change is tested without a rebuild.
export default defineConfig({
  resolve: {
    // Exact names only, so subpath entries (`@cordon/engine/node`) can have aliases of their own.
    alias: ['rego', 'builtins', 'wasm', 'engine', 'fetch', 'hono', 'express']
      .map((pkg) => ({
        find: new RegExp(`^@cordon/${pkg}$`),
        replacement: src(pkg),
      }))
      .concat([
        { find: /^@cordon\/builtins\/declarations$/, replacement: src('builtins', 'declarations.ts') },
        { find: /^@cordon\/builtins\/core$/, replacement: src('builtins', 'core.ts') },
        { find: /^@cordon\/builtins\/impls$/, replacement: src('builtins', 'impl/index.ts') },
        { find: /^@cordon\/builtins\/lazy$/, replacement: src('builtins', 'impl/families.ts') },
        { find: /^@cordon\/builtins\/families\/(\w+)$/, replacement: src('builtins', 'families/$1.ts') },
        { find: /^@cordon\/engine\/lean$/, replacement: src('engine', 'lean.ts') },
        { find: /^@cordon\/engine\/(otel|prometheus)$/, replacement: src('engine', '$1.ts') },
      ]),
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/wasm/runtime/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    // One line when ../shared (OPA's corpora) is missing; those suites skip.
    globalSetup: ['test/support/corpora-notice.ts'],
    // The JSON report feeds the plain `N passed, N failed` line .ci/run prints last.
    reporters: ['default', 'json'],
    outputFile: { json: 'node_modules/.cache/vitest-report.json' },
    pool: 'forks',
    // `vitest run --coverage` (as `pnpm test` runs it): per-file figures that
    // scripts/coverage-summary.mjs adds up per package.
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts'],
      exclude: ['**/*.test.ts', '**/generated/**', '**/*.d.ts'],
      reporter: ['json-summary'],
      reportsDirectory: 'node_modules/.cache/coverage',
    },
  },
})
