import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import {
  createEngine,
  createOciBundlePoller,
  pullOciBundle,
  pushOciBundle,
  BUNDLE_LAYER_TYPE,
  OCI_CONFIG_TYPE,
  OCI_MANIFEST_TYPE,
  type PollResult,
} from '@cordon/engine'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasRegistry, missingRegistryLine, startRegistry, type RunningRegistry } from '../support/docker-registry.mjs'
import { countingFetch, versionBundle } from './support.js'

if (!hasRegistry) console.warn(missingRegistryLine)

describe.skipIf(!hasRegistry)('OCI: a real registry without auth (docker-registry)', () => {
  let registry: RunningRegistry
  const bundles: Uint8Array[] = []
  beforeAll(async () => {
    registry = await startRegistry()
    for (const n of [1, 2, 3]) bundles[n] = await versionBundle(n)
  })
  afterAll(() => registry?.stop())

  it('push then pull is byte-identical, in the layout OPA reads (OCI manifest, config, tar+gzip layer)', async () => {
    const ref = `oci://${registry.host}/team/policies:v1`
    const pushed = await pushOciBundle(ref, bundles[1]!)
    const pulled = await pullOciBundle(ref)
    expect(Buffer.from(pulled.bytes).equals(Buffer.from(bundles[1]!))).toBe(true)
    expect(pulled.manifestDigest).toBe(pushed.manifestDigest)
    // The manifest as the registry stores it, read without our client.
    const res = await fetch(`http://${registry.host}/v2/team/policies/manifests/v1`, {
      headers: { accept: OCI_MANIFEST_TYPE },
    })
    expect(res.headers.get('content-type')).toBe(OCI_MANIFEST_TYPE)
    expect(res.headers.get('docker-content-digest')).toBe(pushed.manifestDigest)
    const manifest = await res.json()
    expect(manifest).toMatchObject({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST_TYPE,
      config: { mediaType: OCI_CONFIG_TYPE, size: 2 },
      layers: [{ mediaType: BUNDLE_LAYER_TYPE, size: bundles[1]!.length }],
    })
    // Pinned by digest: the same bytes; the same bundle pushed again: the same manifest.
    expect(
      Buffer.from((await pullOciBundle(`${registry.host}/team/policies@${pushed.manifestDigest}`)).bytes).equals(
        Buffer.from(bundles[1]!),
      ),
    ).toBe(true)
    expect((await pushOciBundle(`${registry.host}/team/policies:again`, bundles[1]!)).manifestDigest).toBe(
      pushed.manifestDigest,
    )
  })

  it('a missing tag, a wrong pinned digest and an over-limit blob are clear errors', async () => {
    await pushOciBundle(`${registry.host}/limits/p:v2`, bundles[2]!)
    await expect(pullOciBundle(`${registry.host}/limits/p:nope`)).rejects.toThrow(
      /HTTP 404 for the manifest of .*limits\/p:nope \(no such tag or repository\)/,
    )
    await expect(pullOciBundle(`${registry.host}/limits/p@sha256:${'0'.repeat(64)}`)).rejects.toThrow(/HTTP 404/)
    await expect(pullOciBundle(`${registry.host}/limits/p:v2`, { maxBlobBytes: 100 })).rejects.toThrow(
      /more than the limit of 100/,
    )
    await expect(pullOciBundle(`${registry.host}/limits/p:v2`, { maxManifestBytes: 50 })).rejects.toThrow(
      /manifest .* larger than the limit of 50 bytes/,
    )
  })

  it('the engine source loads by tag, downloads only when the manifest digest changes, picks up a new push, and refuses a tampered blob (last good kept)', async () => {
    const ref = `oci://${registry.host}/fleet/app:prod`
    await pushOciBundle(ref, bundles[1]!)
    const engine = await createEngine()
    const { fetch: counted, requests } = countingFetch()
    const results: PollResult[] = []
    const poller = createOciBundlePoller({
      engine,
      ref,
      intervalMs: 60_000,
      backoff: { initialMs: 60_000 },
      fetch: counted,
      onPoll: (r) => results.push(r),
    })
    try {
      expect(await poller.ready).toMatchObject({ status: 'updated', revision: 'v1' })
      expect(poller.etag).toMatch(/^sha256:[a-f0-9]{64}$/)
      expect((await engine.decide({}, { entrypoint: 'app/decision' })).result).toMatchObject({
        version: 1,
        data_version: 1,
      })
      const blobGets = () => requests.filter((r) => r.method === 'GET' && r.path.includes('/blobs/')).length
      expect(blobGets()).toBe(1)
      // Unchanged: one HEAD of the manifest, no manifest GET, no blob.
      requests.length = 0
      expect(await poller.poll()).toEqual({ status: 'unchanged' })
      expect(requests).toEqual([{ method: 'HEAD', path: '/v2/fleet/app/manifests/prod' }])

      await pushOciBundle(ref, bundles[2]!)
      expect(await poller.poll()).toMatchObject({ status: 'updated', revision: 'v2' })
      expect(engine.revision).toBe('v2')
      expect((await engine.decide({}, { entrypoint: 'app/decision' })).result).toMatchObject({
        version: 2,
        data_version: 2,
      })

      // v3 is pushed, then its blob is altered in the registry's storage (same size): the digest check refuses it.
      const pushed3 = await pushOciBundle(ref, bundles[3]!)
      const hex = pushed3.layer.digest.slice('sha256:'.length)
      const dataFile = path.join(registry.storage, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data')
      const tampered = Buffer.from(readFileSync(dataFile))
      tampered[tampered.length - 20] ^= 0xff
      writeFileSync(dataFile, tampered)
      const result = await poller.poll()
      expect(result).toMatchObject({ status: 'error', error: expect.stringContaining('does not match its manifest') })
      expect(engine.revision).toBe('v2')
      expect((await engine.decide({}, { entrypoint: 'app/decision' })).result).toMatchObject({ version: 2 })
      expect(poller.failures).toBe(1)
    } finally {
      poller.stop()
    }
  })

  it('polls a pinned digest: loads it once, then HEADs only', async () => {
    const pushed = await pushOciBundle(`${registry.host}/pinned/app:any`, bundles[2]!)
    await pushOciBundle(`${registry.host}/pinned/app:any`, bundles[3]!) // the tag moves on; the pin does not
    const engine = await createEngine()
    const { fetch: counted, requests } = countingFetch()
    const poller = createOciBundlePoller({
      engine,
      ref: `oci://${registry.host}/pinned/app@${pushed.manifestDigest}`,
      intervalMs: 60_000,
      fetch: counted,
    })
    try {
      expect(await poller.ready).toMatchObject({ status: 'updated', revision: 'v2' })
      requests.length = 0
      expect(await poller.poll()).toEqual({ status: 'unchanged' })
      expect(requests.map((r) => r.method)).toEqual(['HEAD'])
    } finally {
      poller.stop()
    }
  })
})
