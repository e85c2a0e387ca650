import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { crc32 } from './crc32.js'
import { gunzipWithFflate } from './gunzip-fflate.js'
import { gunzipWithStream, type Gunzip } from './gunzip.js'

const text = new TextEncoder().encode('{"admins":["alice","bob"]}\n'.repeat(200))
const gz = new Uint8Array(gzipSync(text))
const decoders: [string, Gunzip][] = [
  ['DecompressionStream', gunzipWithStream],
  ['fflate (no DecompressionStream)', gunzipWithFflate],
]

describe('crc32', () => {
  it('gives the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
    expect(crc32(new Uint8Array())).toBe(0)
  })
})

describe.each(decoders)('gunzip with %s', (_, gunzip) => {
  it('inflates a gzip member, also one with optional header fields', async () => {
    expect(await gunzip(gz)).toEqual(text)
    // FEXTRA, FNAME and FCOMMENT set, as some archivers write them
    const header = [
      0x1f,
      0x8b,
      8,
      4 | 8 | 16,
      0,
      0,
      0,
      0,
      0,
      3,
      3,
      0,
      1,
      2,
      3,
      ...new TextEncoder().encode('bundle.tar\0note\0'),
    ]
    const withFields = new Uint8Array([...header, ...gz.subarray(10)])
    expect(await gunzip(withFields)).toEqual(text)
    expect(await gunzip(new Uint8Array(gzipSync(new Uint8Array())))).toEqual(new Uint8Array())
  })

  it('rejects every truncation of the stream', async () => {
    for (let end = 0; end < gz.length; end++) {
      await expect(gunzip(gz.subarray(0, end)), `cut at ${end}`).rejects.toThrow()
    }
  })

  it('either rejects a stream with one damaged byte or gives the original bytes back', async () => {
    for (let at = 0; at < gz.length; at++) {
      const damaged = gz.slice()
      damaged[at] ^= 0x55
      const out = await gunzip(damaged).catch((err: Error) => err)
      // header fields such as the time and OS do not affect the content
      if (!(out instanceof Error)) expect(out, `byte ${at}`).toEqual(text)
      else expect(out.message, `byte ${at}`).not.toBe('')
    }
  })
})

describe('gunzip with fflate', () => {
  it('says why a stream is refused', async () => {
    await expect(gunzipWithFflate(gz.subarray(0, 12))).rejects.toThrow(/too short/)
    await expect(gunzipWithFflate(gz.subarray(0, gz.length - 4))).rejects.toThrow(/truncated or corrupt/)
    const badCrc = gz.slice()
    badCrc[gz.length - 8] ^= 1
    await expect(gunzipWithFflate(badCrc)).rejects.toThrow(/CRC mismatch/)
    const badLength = gz.slice()
    badLength[gz.length - 1] = 0xff
    await expect(gunzipWithFflate(badLength)).rejects.toThrow(/length mismatch/)
    const notDeflate = gz.slice()
    notDeflate[2] = 7
    await expect(gunzipWithFflate(notDeflate)).rejects.toThrow(/not DEFLATE/)
  })
})
