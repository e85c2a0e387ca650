import { defineConfig } from 'vite'

// A static site: `vite build` writes dist/, which any static host serves.
// The worker is an ES module (the compiler uses top-level imports only).
export default defineConfig({
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  server: { host: '127.0.0.1', fs: { allow: ['../..'] } },
  preview: { host: '127.0.0.1' },
})
