/**
 * How much a Cloudflare Worker with the reference policy loads: the example
 * Worker (examples/cloudflare-worker) bundled as its `start` bundles it,
 * with code splitting. What the entry imports statically must stay within
 * 150 KB gzip; the lazy chunks (host builtin families, the JSON schema and
 * YAML libraries) are evaluated only by a policy that calls them. The
 * figures are printed and quoted in README.md.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { bundleWorker } from '../../examples/_dev/esbuild.mjs'
import { repoRoot } from '../support/corpora.js'

const LIMIT = 150 * 1024

describe('the example Worker, bundled with code splitting', () => {
  it('loads at most 150 KB gzip for the reference policy', { timeout: 120_000 }, async () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'cordon-worker-size-'))
    const meta = await bundleWorker(path.join(repoRoot, 'examples/cloudflare-worker/worker.ts'), outdir)
    const outputs = new Map(Object.entries(meta.outputs).map(([file, o]) => [path.resolve(repoRoot, file), o]))
    const entry = [...outputs].find(([, o]) => o.entryPoint?.endsWith('worker.ts'))![0]
    // The entry and what it imports statically: evaluated when the Worker starts.
    const loaded = new Set<string>()
    const visit = (file: string) => {
      if (loaded.has(file)) return
      loaded.add(file)
      for (const i of outputs.get(file)!.imports) if (i.kind === 'import-statement' && !i.external) visit(path.resolve(repoRoot, i.path))
    }
    visit(entry)
    const gzip = (files: Iterable<string>) => [...files].reduce((sum, f) => sum + gzipSync(readFileSync(f)).length, 0)
    const js = [...outputs.keys()].filter((f) => f.endsWith('.js'))
    const loadedGzip = gzip(loaded)
    console.log(
      `worker size: ${(loadedGzip / 1024).toFixed(1)} KB gzip loaded at start (${loaded.size} files); ` +
        `${(gzip(js) / 1024).toFixed(1)} KB gzip with every lazy chunk (${js.length} files)`,
    )
    expect(loadedGzip).toBeLessThanOrEqual(LIMIT)
    // Splitting is what keeps it small: the heavy libraries are in chunks the entry does not load.
    expect(js.length).toBeGreaterThan(loaded.size)
  })
})
