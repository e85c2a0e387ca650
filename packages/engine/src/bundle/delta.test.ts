import { describe, expect, it } from 'vitest'
import { applyPatchOperations, checkDeltaManifest, readDeltaBundle, type PatchOperation } from './delta.js'

const enc = new TextEncoder()
const files = (entries: Record<string, unknown>) =>
  new Map(Object.entries(entries).map(([k, v]) => [k, enc.encode(typeof v === 'string' ? v : JSON.stringify(v))]))
const op = (o: PatchOperation['op'], path: string[], value?: unknown): PatchOperation => ({
  op: o,
  path,
  ...(value === undefined ? {} : { value }),
})

describe('readDeltaBundle', () => {
  it('is undefined for a snapshot, and reads patch.json with its manifest (JSON pointers unescaped)', () => {
    expect(readDeltaBundle(files({ 'policy.wasm': 'x', 'data.json': {} }))).toBeUndefined()
    const d = readDeltaBundle(
      files({
        '.manifest': { revision: 'd1', roots: ['a'] },
        'patch.json': {
          data: [
            { op: 'upsert', path: '/a/b~1c~0d/', value: 1 },
            { op: 'remove', path: 'a/x' },
          ],
        },
      }),
    )
    expect(d).toEqual({
      manifest: { revision: 'd1', roots: ['a'] },
      operations: [op('upsert', ['a', 'b/c~d'], 1), { op: 'remove', path: ['a', 'x'], value: undefined }],
    })
  })

  it.each([
    [{ 'patch.json': { data: [] } }, /no operations/],
    [{ 'patch.json': { data: [{ op: 'add', path: '/a', value: 1 }] } }, /bad patch operation "add"/],
    [{ 'patch.json': { data: [{ op: 'upsert', path: '/a' }] } }, /upsert needs a value/],
    [{ 'patch.json': { data: [{ op: 'remove', path: 3 }] } }, /path must be a string/],
    [{ 'patch.json': { ops: [] } }, /must hold \{"data"/],
    [{ 'patch.json': '{not json' }, /patch.json is not valid JSON/],
    [
      { 'patch.json': { data: [{ op: 'remove', path: '/a' }] }, 'policy.wasm': 'x' },
      /holds policy.wasm; a delta bundle holds only/,
    ],
    [{ 'patch.json': { data: [{ op: 'remove', path: '/a' }] }, 'x/policy.rego': 'package x' }, /holds x\/policy.rego/],
    [{ 'patch.json': { data: [{ op: 'remove', path: '/a' }] }, 'a/data.json': {} }, /holds a\/data.json/],
    [
      { '.manifest': { roots: ['a/b'] }, 'patch.json': { data: [{ op: 'upsert', path: '/a', value: {} }] } },
      /operation 0 at '\/a' is outside the manifest roots \["a\/b"\]/,
    ],
    [
      { '.manifest': { roots: ['a'] }, 'patch.json': { data: [{ op: 'upsert', path: '/ab/c', value: 1 }] } },
      /outside the manifest roots/,
    ],
    [
      { '.manifest': { revision: 3 }, 'patch.json': { data: [{ op: 'remove', path: '/a' }] } },
      /revision must be a string/,
    ],
  ])('refuses %j', (f, message) => {
    expect(() => readDeltaBundle(files(f))).toThrow(message)
  })
})

describe('checkDeltaManifest', () => {
  it('accepts the same roots and wasm in any order, refuses others', () => {
    const live = { roots: ['a', 'b'], wasm: [{ entrypoint: 'a/allow', module: '/policy.wasm' }] }
    expect(() =>
      checkDeltaManifest(
        { roots: ['b', '/a/'], wasm: [{ entrypoint: 'a/allow', module: '/policy.wasm' }], revision: 'x' },
        live,
      ),
    ).not.toThrow()
    expect(() => checkDeltaManifest({}, {})).not.toThrow()
    expect(() => checkDeltaManifest({ roots: [''] }, {})).not.toThrow()
    expect(() => checkDeltaManifest({ roots: ['a'], wasm: live.wasm }, live)).toThrow(
      /differ from those of the live bundle/,
    )
    expect(() => checkDeltaManifest({ roots: ['a', 'b'] }, live)).toThrow(/wasm resolvers differ/)
  })
})

describe('applyPatchOperations (OPA store semantics)', () => {
  const data = { a: { b: 1, list: [1, 2, 3] }, keep: { x: true } }

  it('upserts (creating objects on the way), replaces, removes, in order, without changing the input', () => {
    const before = JSON.stringify(data)
    const out = applyPatchOperations(data, [
      op('upsert', ['a', 'c', 'd'], 'new'),
      op('replace', ['a', 'b'], 2),
      op('remove', ['keep', 'x']),
      op('upsert', ['a', 'b'], 3),
    ])
    expect(out).toEqual({ a: { b: 3, c: { d: 'new' }, list: [1, 2, 3] }, keep: {} })
    expect(JSON.stringify(data)).toBe(before)
    expect(out.keep).not.toBe(data.keep)
  })

  it('arrays: upsert inserts at the index or appends with -, replace and remove need the element', () => {
    expect(applyPatchOperations(data, [op('upsert', ['a', 'list', '1'], 9)]).a).toEqual({ b: 1, list: [1, 9, 2, 3] })
    expect(applyPatchOperations(data, [op('upsert', ['a', 'list', '3'], 9)]).a).toEqual({ b: 1, list: [1, 2, 3, 9] })
    expect(applyPatchOperations(data, [op('upsert', ['a', 'list', '-'], 9)]).a).toEqual({ b: 1, list: [1, 2, 3, 9] })
    expect(applyPatchOperations(data, [op('replace', ['a', 'list', '0'], 0)]).a).toEqual({ b: 1, list: [0, 2, 3] })
    expect(applyPatchOperations(data, [op('remove', ['a', 'list', '2'])]).a).toEqual({ b: 1, list: [1, 2] })
    expect(() => applyPatchOperations(data, [op('replace', ['a', 'list', '3'], 0)])).toThrow(
      /'3' is not an index of the array \(length 3\)/,
    )
    expect(() => applyPatchOperations(data, [op('upsert', ['a', 'list', '01'], 0)])).toThrow(/not an index/)
  })

  it('names the operation that does not apply', () => {
    expect(() => applyPatchOperations(data, [op('upsert', ['z'], 1), op('replace', ['a', 'missing'], 1)])).toThrow(
      /operation 1 \(replace '\/a\/missing'\): the value to replace does not exist/,
    )
    expect(() => applyPatchOperations(data, [op('remove', ['nope', 'x'])])).toThrow(
      /operation 0 \(remove '\/nope\/x'\): 'nope' does not exist/,
    )
    expect(() => applyPatchOperations(data, [op('remove', ['a', 'nope'])])).toThrow(
      /the value to remove does not exist/,
    )
    expect(() => applyPatchOperations(data, [op('upsert', ['a', 'b', 'c'], 1)])).toThrow(
      /the path goes through a number/,
    )
    expect(() => applyPatchOperations(data, [op('replace', [], [1])])).toThrow(/must stay an object/)
  })

  it('the root: replace sets the document, remove empties it; __proto__ is plain data', () => {
    expect(applyPatchOperations(data, [op('replace', [], { n: 1 })])).toEqual({ n: 1 })
    expect(applyPatchOperations(data, [op('remove', [])])).toEqual({})
    const out = applyPatchOperations({}, [op('upsert', ['__proto__', 'polluted'], true)])
    expect(Object.keys(out)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
