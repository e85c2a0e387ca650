/**
 * How much a Cloudflare Worker with the reference policy uploads: the example
 * Worker (examples/cloudflare-worker, on `@cordon/engine/lean`) bundled as its
 * `start` bundles it. Every file the bundler emits counts, lazy chunks too: a
 * Worker uploads them all, and the limit is on the upload. The figure is
 * printed and quoted in README.md ("Size at the edge"), with the size of the
 * same Worker bundled into one file (no code splitting).
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { bundleWorker } from '../../examples/_dev/esbuild.mjs'
import { repoRoot } from '../support/corpora.js'

const LIMIT = 150 * 1024

/** Libraries only policies calling their builtins (or schemas, YAML bundles) need: the reference policy calls none. */
const notNeeded = ['ajv', 'yaml', 'graphql', 're2js', '@noble/curves', '@noble/hashes', '@cfworker/json-schema']

describe('the example Worker, bundled', () => {
  it(
    'uploads at most 150 KB gzip for the reference policy, every emitted file counted',
    { timeout: 120_000 },
    async () => {
      const bundled = async (splitting: boolean) => {
        const meta = await bundleWorker(
          path.join(repoRoot, 'examples/cloudflare-worker/worker.ts'),
          mkdtempSync(path.join(tmpdir(), 'cordon-worker-size-')),
          { splitting },
        )
        const js = Object.keys(meta.outputs).filter((f) => f.endsWith('.js'))
        const gzip = js.reduce((sum, f) => sum + gzipSync(readFileSync(path.resolve(repoRoot, f))).length, 0)
        const raw = js.reduce((sum, f) => sum + meta.outputs[f]!.bytes, 0)
        return { meta, files: js.length, gzip, raw }
      }
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
      const { meta, files, gzip, raw } = await bundled(true)
      const single = await bundled(false)
      console.log(
        `worker size: ${kb(gzip)} gzip (${kb(raw)}) in ${files} files; as one file: ${kb(single.gzip)} gzip (${kb(single.raw)})`,
      )
      expect(gzip).toBeLessThanOrEqual(LIMIT)
      expect(single.gzip).toBeLessThanOrEqual(LIMIT)
      // What it is made of: none of the libraries the reference policy does not need.
      const packages = new Set(
        Object.keys(meta.inputs).flatMap(
          (i) =>
            /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(i.replace(/.*node_modules\/\.pnpm\/[^/]+\//, ''))?.[1] ?? [],
        ),
      )
      expect(notNeeded.filter((p) => packages.has(p))).toEqual([])
    },
  )
})
