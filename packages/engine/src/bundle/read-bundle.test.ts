import { gzipSync } from 'node:zlib'
import { writeTar } from '@cordon/wasm'
import { describe, expect, it } from 'vitest'
import { gunzipWithFflate } from './gunzip-fflate.js'
import { readBundle, readBundleWith } from './read-bundle.js'

const encoder = new TextEncoder()
const wasm = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])

/** An uncompressed bundle tar with a policy.wasm and the given text files. */
function tar(files: Record<string, string>): Uint8Array {
  return writeTar([{ name: '/policy.wasm', data: wasm }, ...Object.entries(files).map(([name, text]) => ({ name: `/${name}`, data: encoder.encode(text) }))])
}

const gzip = (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes))
const readWithoutDecompressionStream = (bytes: Uint8Array) => readBundleWith(bytes, gunzipWithFflate)

describe('readBundle: gzip', () => {
  const plain = tar({ 'data.json': '{"admins":["alice"]}', '.manifest': '{"revision":"r1"}' })

  it('reads a bundle.tar.gz the same with or without DecompressionStream, and an uncompressed tar', async () => {
    for (const bundle of [await readBundle(gzip(plain)), await readWithoutDecompressionStream(gzip(plain)), await readBundle(plain)]) {
      expect(bundle).toMatchObject({ wasm, data: { admins: ['alice'] }, manifest: { revision: 'r1' } })
    }
  })

  it('refuses a truncated or damaged gzip with an Error, without DecompressionStream too', async () => {
    const gz = gzip(plain)
    for (const read of [readBundle, readWithoutDecompressionStream]) {
      await expect(read(gz.subarray(0, gz.length >> 1))).rejects.toThrow(/^bundle: not a valid gzip stream: /)
      await expect(read(gz.subarray(0, gz.length - 1))).rejects.toThrow(/^bundle: not a valid gzip stream: /)
      await expect(read(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]))).rejects.toThrow(/^bundle: not a valid gzip stream: /)
      const damaged = gz.slice()
      damaged[gz.length >> 1] ^= 0xff
      await expect(read(damaged)).rejects.toThrow(/^bundle: not a valid gzip stream: /)
    }
  })
})
