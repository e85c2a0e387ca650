import { gzipSync } from 'node:zlib'
import { writeTar } from '@cordon/wasm'
import { describe, expect, it } from 'vitest'
import { gunzipWithFflate } from '../../packages/engine/src/bundle/gunzip-fflate.js'
import { readBundle } from '../../packages/engine/src/create-engine.js'
import { readBundle as readBundleLean } from '../../packages/engine/src/create-engine-lean.js'
import { readBundleFiles, readBundleWith } from '../../packages/engine/src/bundle/read-bundle.js'

const encoder = new TextEncoder()
const wasm = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])

/** An uncompressed bundle tar with a policy.wasm and the given text files. */
function tar(files: Record<string, string>): Uint8Array {
  return writeTar([
    { name: '/policy.wasm', data: wasm },
    ...Object.entries(files).map(([name, text]) => ({ name: `/${name}`, data: encoder.encode(text) })),
  ])
}

const gzip = (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes))
const readWithoutDecompressionStream = (bytes: Uint8Array) => readBundleWith(bytes, gunzipWithFflate)

describe('readBundle: gzip', () => {
  const plain = tar({ 'data.json': '{"admins":["alice"]}', '.manifest': '{"revision":"r1"}' })

  it('reads a bundle.tar.gz the same with or without DecompressionStream, and an uncompressed tar', async () => {
    for (const bundle of [
      await readBundle(gzip(plain)),
      await readWithoutDecompressionStream(gzip(plain)),
      await readBundle(plain),
    ]) {
      expect(bundle).toMatchObject({ wasm, data: { admins: ['alice'] }, manifest: { revision: 'r1' } })
    }
  })

  it('refuses a truncated or damaged gzip with an Error, without DecompressionStream too', async () => {
    const gz = gzip(plain)
    for (const read of [readBundle, readWithoutDecompressionStream]) {
      await expect(read(gz.subarray(0, gz.length >> 1))).rejects.toThrow(/^bundle: not a valid gzip stream: /)
      await expect(read(gz.subarray(0, gz.length - 1))).rejects.toThrow(/^bundle: not a valid gzip stream: /)
      await expect(read(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]))).rejects.toThrow(
        /^bundle: not a valid gzip stream: /,
      )
      const damaged = gz.slice()
      damaged[gz.length >> 1] ^= 0xff
      await expect(read(damaged)).rejects.toThrow(/^bundle: not a valid gzip stream: /)
    }
  })
})

describe('readBundleFiles', () => {
  it("gives a bundle's files as they are, a bundle of Rego sources too, within the same size limits", async () => {
    const sources = writeTar([
      { name: '/app.rego', data: encoder.encode('package app') },
      { name: '/.manifest', data: encoder.encode('{"roots":["app"]}') },
    ])
    await expect(readBundle(gzip(sources))).rejects.toThrow(/no policy.wasm/)
    const files = await readBundleFiles(gzip(sources))
    expect([...files.keys()]).toEqual(['app.rego', '.manifest'])
    expect(new TextDecoder().decode(files.get('app.rego'))).toBe('package app')
    await expect(readBundleFiles(gzip(sources), { maxUncompressedBytes: 1024 })).rejects.toThrow(
      /limits.maxUncompressedBundleBytes/,
    )
    await expect(readBundleFiles(gzip(sources), { maxBytes: 10 })).rejects.toThrow(/limits.maxBundleBytes/)
  })
})

describe('readBundle: data files', () => {
  it('@cordon/engine/lean reads data.json but refuses a data.yaml, naming it and the fix', async () => {
    expect((await readBundleLean(tar({ 'data.json': '{"a":1}' }))).data).toEqual({ a: 1 })
    await expect(readBundleLean(tar({ 'data.json': '{}', 'app/data.yml': 'a: 1\n' }))).rejects.toThrow(
      /^bundle: app\/data\.yml: @cordon\/engine\/lean reads no YAML data files; write the data as data\.json, or use @cordon\/engine$/,
    )
  })

  it('merges data.json, data.yaml and data.yml under their folders', async () => {
    const { data } = await readBundle(
      tar({
        'data.json': '{"admins":["alice"]}',
        'app/data.yaml': 'limits:\n  daily: 10\nmodels: [m1, m2]\n',
        'app/data.json': '{"region":"eu"}',
        'app/extra/data.yml': 'enabled: true\n',
        'app/notes.yaml': 'ignored: true\n',
      }),
    )
    expect(data).toEqual({
      admins: ['alice'],
      app: { region: 'eu', limits: { daily: 10 }, models: ['m1', 'm2'], extra: { enabled: true } },
    })
  })

  it('reads YAML as OPA does (YAML 1.1, first document, merge keys)', async () => {
    const yaml = [
      'flags: [yes, no, on, off, true]',
      'octal: 010',
      'hex: 0x1f',
      'when: 2024-01-02',
      'base: &b {x: 1}',
      'merged: {<<: *b, z: 2}',
      'set: !!set {a, b}',
      '---',
      'second: ignored',
    ].join('\n')
    const { data } = await readBundle(tar({ 'data.yaml': yaml }))
    expect(data).toEqual({
      flags: [true, false, true, false, true],
      octal: 8,
      hex: 31,
      when: '2024-01-02',
      base: { x: 1 },
      merged: { x: 1, z: 2 },
      set: { a: null, b: null },
    })
  })

  it('gives big integers in YAML the value data.json gives them', async () => {
    const numbers = { big: '12345678901234567890', negative: '-9007199254740993', safe: '9007199254740991' }
    const json = await readBundle(
      tar({
        'data.json': `{${Object.entries(numbers)
          .map(([k, v]) => `"${k}":${v}`)
          .join(',')}}`,
      }),
    )
    const yaml = await readBundle(
      tar({
        'data.yaml': Object.entries(numbers)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
      }),
    )
    expect(yaml.data).toEqual(json.data)
    expect(JSON.stringify(yaml.data)).toBe(JSON.stringify(json.data))
  })

  it('names the file inside the bundle when a data file does not parse or conflicts', async () => {
    await expect(readBundle(tar({ 'app/data.yaml': 'a: b: c\n' }))).rejects.toThrow(
      /^bundle: app\/data\.yaml is not valid YAML: Nested mappings/,
    )
    await expect(readBundle(tar({ 'data.yml': 'a: [1\n' }))).rejects.toThrow(/^bundle: data\.yml is not valid YAML: /)
    await expect(readBundle(tar({ 'data.yaml': 'a: *missing\n' }))).rejects.toThrow(
      /^bundle: data\.yaml is not valid YAML: /,
    )
    await expect(readBundle(tar({ 'app/data.json': '{"a":' }))).rejects.toThrow(
      /^bundle: app\/data\.json is not valid JSON: /,
    )
    await expect(readBundle(tar({ 'app/data.json': '{"limit":1}', 'app/data.yaml': 'limit: 2\n' }))).rejects.toThrow(
      'bundle: app/data.yaml: conflicts with data at app/limit',
    )
    await expect(readBundle(tar({ 'data.yaml': 'app: 1\n', 'app/data.yml': 'x: 1\n' }))).rejects.toThrow(
      'bundle: data.yaml: conflicts with data at app',
    )
    await expect(readBundle(tar({ 'data.yaml': '- 1\n' }))).rejects.toThrow(
      'bundle: data.yaml: data files must hold an object',
    )
    await expect(readBundle(tar({ 'data.yaml': '# nothing yet\n' }))).rejects.toThrow(
      'bundle: data.yaml: data files must hold an object',
    )
    await expect(readBundle(tar({ 'data.yaml': 'x: .inf\n' }))).rejects.toThrow(
      /^bundle: data\.yaml: Infinity is not a JSON number/,
    )
  })

  it('keeps keys and folders named like Object.prototype members as data, never touching prototypes', async () => {
    const { data } = await readBundle(
      tar({
        'data.json': '{"__proto__":{"pollutedByJson":1},"constructor":{"prototype":{"pollutedByKey":1}}}',
        '__proto__/data.yaml': 'pollutedByFolder: 1\n',
        'toString/data.json': '{"x":1}',
      }),
    )
    const plain: Record<string, unknown> = {}
    expect([plain.pollutedByJson, plain.pollutedByKey, plain.pollutedByFolder]).toEqual([
      undefined,
      undefined,
      undefined,
    ])
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype)
    expect(JSON.parse(JSON.stringify(data))).toEqual(
      JSON.parse(
        '{"__proto__":{"pollutedByJson":1,"pollutedByFolder":1},"constructor":{"prototype":{"pollutedByKey":1}},"toString":{"x":1}}',
      ),
    )
  })
})
