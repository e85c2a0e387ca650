// Threats (issues 14.10 and 14.17): a truncated tar, and a manifest that is
// not enforced. An uncompressed tar cut at an entry boundary loaded as
// complete (one data file short: a restriction gone); manifest `roots` were
// ignored and a non-string `revision` accepted. Defence: the tar must end
// with its end-of-archive marker; every module the manifest lists must be in
// the bundle; roots must not overlap and must permit every data path and
// entrypoint, as OPA checks them; the revision must be a string.
import { BundleLoadError, createEngine, readBundle } from '@cordon/engine'
import { writeTar } from '@cordon/wasm'
import { describe, expect, it } from 'vitest'
import { compile, gzip } from '../engine/support/bundles.js'

const wasm = compile('package app\nallow if not input.user in data.app.blocked\n', ['app/allow'])
const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v))
const manifest = (m: object) => ({ name: '/.manifest', data: enc(m) })
const entries = [
  manifest({ revision: 'r1', roots: ['app'], wasm: [{ entrypoint: 'app/allow', module: '/policy.wasm' }] }),
  { name: '/policy.wasm', data: wasm },
  { name: '/app/data.json', data: enc({ blocked: ['mallory'] }) },
]

/** Byte offset of the end of each entry (header and padded body) in a tar written by writeTar. */
function entryEnds(files: { data: Uint8Array }[]): number[] {
  let at = 0
  return files.map((f) => (at += 512 + Math.ceil(f.data.length / 512) * 512))
}

describe('truncated bundles', () => {
  it('refuses a tar cut at any entry boundary or inside its end-of-archive marker', async () => {
    const tar = writeTar(entries)
    expect((await readBundle(tar)).data).toEqual({ app: { blocked: ['mallory'] } })
    const ends = entryEnds(entries)
    for (const cut of [...ends, ends.at(-1)! + 512]) {
      await expect(readBundle(tar.subarray(0, cut)), `cut at ${cut}`).rejects.toThrow(
        /end-of-archive marker .*\(truncated\)/,
      )
      await expect(readBundle(await gzip(tar.subarray(0, cut))), `gzipped, cut at ${cut}`).rejects.toThrow(/truncated/)
    }
  })

  it('the engine keeps the complete policy live when a truncated one arrives', async () => {
    const engine = await createEngine({ bundle: writeTar(entries) })
    const short = writeTar([entries[1]!, entries[2]!, manifest({ revision: 'r2' })]).subarray(
      0,
      entryEnds([entries[1]!])[0],
    )
    await expect(engine.load(short)).rejects.toBeInstanceOf(BundleLoadError)
    expect(await engine.decide({ user: 'mallory' }, { entrypoint: 'app/allow' })).toMatchObject({
      allow: false,
      revision: 'r1',
    })
  })

  it('refuses a manifest that lists a module the bundle lacks', async () => {
    const listed = manifest({
      revision: 'r1',
      wasm: [
        { entrypoint: 'app/allow', module: '/policy.wasm' },
        { entrypoint: 'app/other', module: '/other.wasm' },
      ],
    })
    await expect(readBundle(writeTar([listed, entries[1]!]))).rejects.toThrow(
      'bundle: .manifest lists /other.wasm, which is not in the bundle (truncated?)',
    )
  })
})

describe('manifest roots and revision', () => {
  const bundleWith = (m: object, data: Record<string, unknown> = {}) =>
    writeTar([
      manifest(m),
      { name: '/policy.wasm', data: wasm },
      ...Object.entries(data).map(([name, v]) => ({ name: `/${name}`, data: enc(v) })),
    ])

  it('refuses data outside the roots, overlapping roots and entrypoints outside the roots, as OPA does', async () => {
    await expect(
      readBundle(bundleWith({ roots: ['app'] }, { 'data.json': { app: {}, other: { x: 1 } } })),
    ).rejects.toThrow(`bundle: .manifest roots ["app"] do not permit data at path '/other'`)
    await expect(
      readBundle(bundleWith({ roots: ['app/limits'] }, { 'app/data.json': { blocked: [] } })),
    ).rejects.toThrow(`do not permit data at path '/app/blocked'`)
    await expect(readBundle(bundleWith({ roots: ['app', 'app/x'] }))).rejects.toThrow(
      `bundle: .manifest has overlapped roots: 'app' and 'app/x'`,
    )
    await expect(
      readBundle(bundleWith({ roots: ['other'], wasm: [{ entrypoint: 'app/allow', module: '/policy.wasm' }] })),
    ).rejects.toThrow(`do not permit the entrypoint 'app/allow'`)
    await expect(readBundle(bundleWith({ roots: 'app' }))).rejects.toThrow('roots must be a list of strings')
    // within the roots: accepted (a root that is a prefix of a longer path, data on the way to a root, the empty root)
    expect(
      (await readBundle(bundleWith({ roots: ['app/limits', 'another'] }, { 'app/limits/data.json': { daily: 1 } })))
        .data,
    ).toEqual({ app: { limits: { daily: 1 } } })
    expect((await readBundle(bundleWith({ roots: ['a', 'another_root'] }))).manifest.roots).toEqual([
      'a',
      'another_root',
    ])
    expect((await readBundle(bundleWith({ roots: [''] }, { 'data.json': { anything: 1 } }))).data).toEqual({
      anything: 1,
    })
  })

  it('refuses a revision that is not a string, in a bundle or beside a module', async () => {
    for (const revision of [42, null, ['r1'], { r: 1 }, true]) {
      await expect(readBundle(bundleWith({ revision })), JSON.stringify(revision)).rejects.toThrow(
        /revision must be a string/,
      )
      await expect(createEngine({ wasm, revision: revision as never })).rejects.toThrow(/revision must be a string/)
    }
    await expect(readBundle(bundleWith([] as never))).rejects.toThrow('.manifest must hold an object')
  })
})
