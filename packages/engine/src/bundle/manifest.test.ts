import { describe, expect, it } from 'vitest'
import { checkManifest } from './manifest.js'

const files = (...names: string[]) => new Map(names.map((n) => [n, new Uint8Array()]))

describe('checkManifest', () => {
  it('accepts a manifest whose roots permit its data and entrypoints', () => {
    const m = checkManifest(
      { revision: 'r1', roots: ['app', 'limits/ai'], wasm: [{ entrypoint: 'app/allow', module: '/policy.wasm' }] },
      { app: { x: 1 }, limits: { ai: { max: 3 } } },
      files('policy.wasm'),
    )
    expect(m.revision).toBe('r1')
  })

  it('defaults to the root that contains everything', () => {
    expect(() => checkManifest({}, { any: { deep: 1 } }, files())).not.toThrow()
  })

  it.each([
    [[], 'must hold an object'],
    [{ revision: 7 }, 'revision must be a string, not 7'],
    [{ roots: 'app' }, 'roots must be a list of strings'],
    [{ roots: ['app', 'app/x'] }, "overlapped roots: 'app' and 'app/x'"],
    [{ roots: ['a/b', 'a'] }, "overlapped roots: 'a/b' and 'a'"],
    [{ wasm: [{ entrypoint: 'a' }] }, 'wasm must be a list of { entrypoint, module } strings'],
    [{ wasm: [{ entrypoint: 'a/b', module: '/gone.wasm' }] }, 'lists /gone.wasm, which is not in the bundle'],
    [
      { roots: ['app'], wasm: [{ entrypoint: 'other/allow', module: 'policy.wasm' }] },
      "do not permit the entrypoint 'other/allow'",
    ],
  ])('refuses %j: %s', (manifest, message) => {
    expect(() => checkManifest(manifest, {}, files('policy.wasm'))).toThrow(message)
  })

  it('refuses data outside the roots, naming its path', () => {
    expect(() => checkManifest({ roots: ['limits/ai'] }, { limits: { web: 1 } }, files())).toThrow(
      "data at path '/limits/web'",
    )
    expect(() => checkManifest({ roots: ['limits/ai'] }, { limits: 5 }, files())).toThrow("data at path '/limits'")
    expect(() => checkManifest({ roots: ['app'] }, { other: {} }, files())).toThrow("data at path '/other'")
  })

  it('roots compare by segment, not by prefix', () => {
    expect(() => checkManifest({ roots: ['app', 'apple'] }, {}, files())).not.toThrow()
    expect(() => checkManifest({ roots: ['app'] }, { apple: 1 }, files())).toThrow("data at path '/apple'")
  })
})
