/**
 * A registry that lies, played by a small HTTP server on 127.0.0.1 (the real
 * registry does not lie on demand): every lie must be an error, never bytes
 * handed to the engine.
 */
import { createHash } from 'node:crypto'
import {
  createEngine,
  createOciBundlePoller,
  pullOciBundle,
  BUNDLE_LAYER_TYPE,
  OCI_CONFIG_TYPE,
  OCI_MANIFEST_TYPE,
} from '@cordon/engine'
import { afterEach, describe, expect, it } from 'vitest'
import { startServer } from '../engine/support/server.js'
import { versionBundle } from './support.js'

const sha = (b: Uint8Array | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`
const stops: (() => unknown)[] = []
afterEach(async () => {
  while (stops.length) await stops.pop()!()
})

/** Serves one manifest (as given) and blobs by digest, as a registry would, but with what the test says. */
async function lyingRegistry(manifest: string, blobs: Record<string, Uint8Array>) {
  const server = await startServer((req, res) => {
    if (req.url?.includes('/manifests/'))
      return res
        .writeHead(200, { 'content-type': OCI_MANIFEST_TYPE, 'docker-content-digest': sha(manifest) })
        .end(req.method === 'HEAD' ? undefined : manifest)
    const digest = req.url?.split('/blobs/')[1] ?? ''
    const blob = blobs[digest]
    if (!blob) return res.writeHead(404).end()
    res.writeHead(200).end(Buffer.from(blob))
  })
  stops.push(server.close)
  return server.url.replace('http://', '')
}

const manifestOf = (layer: { digest: string; size: number }, extra: object = {}) =>
  JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST_TYPE,
    config: { mediaType: OCI_CONFIG_TYPE, digest: sha('{}'), size: 2 },
    layers: [{ mediaType: BUNDLE_LAYER_TYPE, ...layer }],
    ...extra,
  })

describe('OCI: a registry that lies', () => {
  it('a layer that is not the one the manifest names is refused, and the engine keeps its bundle', async () => {
    const good = await versionBundle(1)
    const evil = await versionBundle(2)
    const host = await lyingRegistry(manifestOf({ digest: sha(good), size: evil.length }), { [sha(good)]: evil })
    await expect(pullOciBundle(`${host}/a:b`)).rejects.toThrow(
      /does not match its manifest: expected sha256:[a-f0-9]{64} \(\d+ bytes\), got sha256:/,
    )
    const engine = await createEngine({ bundle: good })
    const poller = createOciBundlePoller({ engine, ref: `oci://${host}/a:b`, intervalMs: 60_000 })
    stops.push(() => poller.stop())
    expect(await poller.ready).toMatchObject({
      status: 'error',
      error: expect.stringContaining('does not match its manifest'),
    })
    expect(engine.revision).toBe('v1')
  })

  it('a layer longer than its manifest says is cut off; a manifest size past the limit is not fetched', async () => {
    const bundle = await versionBundle(1)
    const host = await lyingRegistry(manifestOf({ digest: sha(bundle), size: 100 }), { [sha(bundle)]: bundle })
    await expect(pullOciBundle(`${host}/a:b`)).rejects.toThrow(
      /the manifest says 100 bytes\) is larger than the limit of 100 bytes/,
    )
    const huge = await lyingRegistry(manifestOf({ digest: sha(bundle), size: 2 ** 40 }), { [sha(bundle)]: bundle })
    await expect(pullOciBundle(`${huge}/a:b`)).rejects.toThrow(
      /is 1099511627776 bytes, more than the limit of 33554432/,
    )
  })

  it('a manifest that is not the pinned one, an index, or no bundle layer is an error naming it', async () => {
    const bundle = await versionBundle(1)
    const host = await lyingRegistry(manifestOf({ digest: sha(bundle), size: bundle.length }), {
      [sha(bundle)]: bundle,
    })
    await expect(pullOciBundle(`${host}/a@sha256:${'1'.repeat(64)}`)).rejects.toThrow(
      /has digest sha256:[a-f0-9]{64}, not the one pinned/,
    )
    const index = await lyingRegistry(JSON.stringify({ schemaVersion: 2, manifests: [] }), {})
    await expect(pullOciBundle(`${index}/a:b`)).rejects.toThrow(/is an image index/)
    const other = await lyingRegistry(
      manifestOf({ digest: sha(bundle), size: bundle.length }).replace(
        BUNDLE_LAYER_TYPE,
        'application/vnd.example.other',
      ),
      {},
    )
    await expect(pullOciBundle(`${other}/a:b`)).rejects.toThrow(
      /has no layer of type application\/vnd\.oci\.image\.layer\.v1\.tar\+gzip \(layers: application\/vnd\.example\.other\)/,
    )
    const badDigest = await lyingRegistry(manifestOf({ digest: 'sha256:../../etc/passwd', size: 1 }), {})
    await expect(pullOciBundle(`${badDigest}/a:b`)).rejects.toThrow(
      /digest "sha256:..\/..\/etc\/passwd" is not sha256:<64 hex>/,
    )
  })
})
