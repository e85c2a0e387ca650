import { defineConfig } from 'tsup'
import { libraryBuild } from '../../tsup.base.js'

// `core`: everything but the implementations that import heavy libraries;
// `impls`: just `hostBuiltinImpls` (what the engine imports on first need); `index`: all.
export default defineConfig({ ...libraryBuild, entry: { index: 'src/index.ts', core: 'src/core.ts', impls: 'src/impl/index.ts' } })
