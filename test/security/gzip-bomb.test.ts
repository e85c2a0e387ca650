// Threat (issue 14.6): gzip bombs. Bundles were gunzipped whole, without a
// limit, before the tar was read and the signature checked: a 9 MB bundle
// cost 4.2 GiB of memory. Defence: limits on the bundle's size as given
// (default 32 MiB) and uncompressed (default 128 MiB); gunzipping streams and
// stops at the limit, on both decoders; the poller reads responses as a
// stream and aborts past its limit.
import { once } from 'node:events'
import { createGzip } from 'node:zlib'
import { createBundlePoller, createEngine, readBundle, TooLargeError } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { gunzipWithFflate } from '../../packages/engine/src/bundle/gunzip-fflate.js'
import { gunzipWithStream } from '../../packages/engine/src/bundle/gunzip.js'
import { makeBundle } from '../engine/support/bundles.js'
import { startServer } from '../engine/support/server.js'

const MiB = 1024 * 1024

/** A gzip stream of `size` zero bytes (about a thousandth of that compressed). */
async function bomb(size: number): Promise<Uint8Array> {
  const gz = createGzip({ level: 9 })
  const out: Buffer[] = []
  gz.on('data', (c: Buffer) => out.push(c))
  const zeros = Buffer.alloc(MiB)
  for (let written = 0; written < size; written += MiB) if (!gz.write(zeros)) await once(gz, 'drain')
  gz.end()
  await once(gz, 'end')
  return new Uint8Array(Buffer.concat(out))
}

/** Runs `work` while sampling RSS; resolves to its outcome and the peak RSS growth. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ outcome: T | Error; growth: number }> {
  globalThis.gc?.()
  const start = process.memoryUsage().rss
  let peak = start
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2)
  const outcome = await work().catch((e: Error) => e)
  clearInterval(timer)
  peak = Math.max(peak, process.memoryUsage().rss)
  return { outcome, growth: peak - start }
}

// One 256 MiB bomb (256 KiB compressed) for every test: making it is the slow part.
let shared: Promise<Uint8Array> | undefined
const bomb256 = () => (shared ??= bomb(256 * MiB))

describe('gzip bombs', () => {
  it('a 256 MiB bomb is refused at the default limit before the tar is read', async () => {
    const gz = await bomb256()
    expect(gz.length).toBeLessThan(MiB)
    const engine = await createEngine({
      bundle: await makeBundle('package app\nallow := true\n', ['app/allow'], {}, 'r1'),
    })
    const { outcome, growth } = await peakRss(() => engine.load(gz))
    expect(outcome).toBeInstanceOf(Error)
    expect((outcome as Error).message).toMatch(/gunzip stopped at more than 134217728 bytes uncompressed/)
    // the default limit is 128 MiB: what is held stops there
    expect(growth).toBeLessThan(200 * MiB)
    expect(engine.revision).toBe('r1')
  })

  it('a configured limit stops gunzipping early, and memory stays near it', async () => {
    const gz = await bomb256()
    const engine = await createEngine({ limits: { maxUncompressedBundleBytes: 4 * MiB } })
    const { outcome, growth } = await peakRss(() => engine.load(gz))
    expect((outcome as Error).message).toMatch(/more than 4194304 bytes uncompressed/)
    expect(growth).toBeLessThan(96 * MiB)
  })

  it('both decoders stop at the limit with a TooLargeError', async () => {
    const gz = await bomb256()
    for (const gunzip of [gunzipWithStream, gunzipWithFflate]) {
      await expect(gunzip(gz, MiB)).rejects.toBeInstanceOf(TooLargeError)
    }
    const small = await bomb(8 * MiB)
    for (const gunzip of [gunzipWithStream, gunzipWithFflate])
      expect((await gunzip(small, 8 * MiB)).length).toBe(8 * MiB)
  })

  it('refuses a bundle over the compressed limit, and an uncompressed tar over the uncompressed one, before reading it', async () => {
    const big = new Uint8Array(2 * MiB)
    await expect(readBundle(big, { maxBytes: MiB })).rejects.toThrow(/2097152 bytes, more than the limit of 1048576/)
    await expect(readBundle(big, { maxUncompressedBytes: MiB })).rejects.toThrow(
      /uncompressed, more than the limit of 1048576/,
    )
    const engine = await createEngine({ limits: { maxBundleBytes: MiB } })
    await expect(engine.load(big)).rejects.toThrow(/more than the limit of 1048576/)
  })

  it('the poller stops reading a response past its limit, with or without Content-Length', async () => {
    let served = 0
    let closedEarly = 0
    const server = await startServer((req, res) => {
      const declared = req.url === '/declared'
      res.writeHead(200, declared ? { 'content-length': String(256 * MiB) } : {})
      const chunk = Buffer.alloc(MiB, 7)
      let sent = 0
      res.on('close', () => {
        if (sent < 256) closedEarly++
      })
      const pump = () => {
        while (sent < 256 && !res.destroyed) {
          sent++
          served += MiB
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        if (!res.destroyed) res.end()
      }
      pump()
    })
    try {
      const engine = await createEngine()
      for (const path of ['/declared', '/chunked']) {
        const poller = createBundlePoller({
          engine,
          url: server.url + path,
          maxBytes: 2 * MiB,
          intervalMs: 60_000,
          backoff: { initialMs: 60_000 },
        })
        const result = await poller.ready
        poller.stop()
        expect(result, path).toMatchObject({
          status: 'error',
          error: expect.stringMatching(/larger than the limit of 2097152 bytes/),
        })
      }
      await new Promise((r) => setTimeout(r, 100))
      expect(closedEarly).toBe(2)
      expect(served).toBeLessThan(64 * MiB)
    } finally {
      await server.close()
    }
  })
})
