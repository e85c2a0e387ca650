import { defineConfig } from 'tsup'
import { libraryBuild } from '../../tsup.base.js'

// The library entry is dual-format like every package; the `cordon` binary is
// ESM only (it awaits at top level).
export default defineConfig([
  { ...libraryBuild, clean: false },
  // The worker that runs `cordon test` evaluations under --timeout sits beside main.js.
  { entry: { main: 'src/main.ts', 'eval-worker': 'src/test-runner/eval-worker.ts' }, format: ['esm'], clean: false, target: 'es2022' },
])
