import { cpSync } from 'node:fs'
import { defineConfig } from 'tsup'
import { libraryBuild } from '../../tsup.base.js'

// The compiler finds its prebuilt runtime next to the bundle through
// import.meta.url (shimmed in the CJS build), so it is copied into dist/.
export default defineConfig({
  ...libraryBuild,
  async onSuccess() {
    cpSync('src/runtime-lib', 'dist/runtime-lib', { recursive: true })
  },
})
