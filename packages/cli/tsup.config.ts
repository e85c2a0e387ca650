import { defineConfig } from 'tsup'
import { libraryBuild } from '../../tsup.base.js'

// The library entry is dual-format like every package; the `cordon` binary is
// ESM only (it awaits at top level). `cordon inspect` loads a bundle's module
// in a worker thread, whose entry sits next to main.js.
export default defineConfig([
  // `@cordon/cli/explain` and `@cordon/cli/browser` are browser-safe (the playground imports them): entries of their own, no node imports.
  {
    ...libraryBuild,
    entry: { index: 'src/index.ts', explain: 'src/explain/index.ts', browser: 'src/browser.ts' },
    clean: false,
  },
  // The worker that runs `cordon test` evaluations under --timeout sits beside main.js too.
  {
    entry: {
      main: 'src/main.ts',
      'module-requirements-worker': 'src/inspect/module-requirements-worker.ts',
      'eval-worker': 'src/test-runner/eval-worker.ts',
    },
    format: ['esm'],
    clean: false,
    target: 'es2022',
  },
])
