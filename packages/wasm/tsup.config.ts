import { cpSync } from 'node:fs'
import { defineConfig } from 'tsup'

// ESM only: the compiler runs at build time in Node and finds its prebuilt
// runtime next to the bundle through import.meta.url.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  async onSuccess() {
    cpSync('src/runtime-lib', 'dist/runtime-lib', { recursive: true })
  },
})
