import { defineConfig } from 'tsup'
import { libraryBuild } from '../../tsup.base.js'

// The library entry is dual-format like every package; the `cordon` binary is
// ESM only (it awaits at top level).
export default defineConfig([
  { ...libraryBuild, clean: false },
  { entry: ['src/main.ts'], format: ['esm'], clean: false, target: 'es2022' },
])
