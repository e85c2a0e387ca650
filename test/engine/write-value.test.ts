// PolicyInstance.evaluate lays plain JS input out in a Cordon module's
// memory as runtime values (ValueWriter) instead of JSON text. Every
// evaluation must be the one the JSON text path gives: same values, same
// lookups (the key hashes are the runtime's), same iteration order (the
// buckets and chains of the runtime's own inserts); input JSON treats
// specially goes through the text path.
import { hostBuiltinImpls } from '@cordon/builtins'
import { runtimeStringHash } from '@cordon/builtins/core'
import { InputNotJsonError, PolicyInstance } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../support/random.js'
import { compile } from './support/bundles.js'

const policy = `package wv

value := input.v

order := [[k, x] | some k, x in input.v]

looked_up := [input.v[k] | some k in input.ks]

kinds := [type_name(x) | some x in input.v]
`

const KEYS = [
  'a',
  'b',
  'Z',
  '10',
  '2',
  'é',
  '\uffff',
  '😀',
  'key with space',
  'k'.repeat(70),
  'user',
  'nationality',
  'x1',
  'x2',
  'x3',
  'x4',
  'x5',
  'x6',
  'x7',
  'x8',
  'x9',
  'x10',
  'x11',
  'x12',
  'x13',
  'x14',
  'x15',
  'x16',
  'x17',
]

function randomInput(rand: () => number, depth: number): unknown {
  const pick = rand()
  if (depth <= 0 || pick < 0.35) {
    const scalars: unknown[] = [
      null,
      true,
      false,
      0,
      -0,
      7,
      -1000,
      0.1,
      2.5e-8,
      1e21,
      1e20,
      2 ** 60,
      -(2 ** 63),
      2 ** 63,
      Number.MAX_SAFE_INTEGER + 2,
      NaN,
      Infinity,
      '',
      'ascii',
      'ümlaut',
      '日本',
      '😀',
      'x'.repeat(200),
      'ctl \n\t"\\',
      undefined,
    ]
    return scalars[Math.floor(rand() * scalars.length)]
  }
  if (pick < 0.6) return Array.from({ length: Math.floor(rand() * 6) }, () => randomInput(rand, depth - 1))
  const o: Record<string, unknown> = {}
  const n = rand() < 0.2 ? 9 + Math.floor(rand() * 20) : Math.floor(rand() * 8)
  for (let i = 0; i < n; i++) o[KEYS[Math.floor(rand() * KEYS.length)]!] = randomInput(rand, depth - 1)
  return o
}

describe('ValueWriter: input laid out as values decides as its JSON text does', () => {
  const inst = PolicyInstance.createSync(compile(policy, ['wv/value', 'wv/order', 'wv/looked_up', 'wv/kinds']), {
    hostBuiltins: hostBuiltinImpls,
  })
  inst.setData({})

  const same = (input: unknown) => {
    for (const ep of ['wv/value', 'wv/order', 'wv/looked_up', 'wv/kinds']) {
      const viaText = inst.evaluateJson(JSON.stringify(input), ep)
      const direct = inst.evaluate(input, ep)
      expect(JSON.stringify(direct), `${ep} ${JSON.stringify(input)}`).toBe(JSON.stringify(viaText))
    }
  }

  it('random inputs: values, lookups by every key, iteration order (objects of up to 28 keys)', () => {
    const rand = seededRandom(9)
    for (let i = 0; i < 2000; i++) same({ v: randomInput(rand, 4), ks: KEYS })
  })

  it('objects of many keys nested in one another (the writer reuses one stack of entries, grown mid-object)', () => {
    const wide = (n: number, prefix: string, inner?: (i: number) => unknown) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, inner ? inner(i) : i]))
    const v = wide(20, 'outer', (i) =>
      i % 7 === 3 ? wide(300, `mid${i}-`, (j) => (j === 5 ? wide(12, 'leaf') : j)) : i,
    )
    same({ v, ks: Object.keys(v) })
  })

  it('input JSON treats specially takes the text path, with the same result', () => {
    same({ v: new Date(0), ks: [] })
    same({ v: { toJSON: () => 'converted' }, ks: [] })
    same({ v: Object.assign(Object.create({ inherited: 1 }), { own: 2 }), ks: ['own', 'inherited'] })
    same({ v: ['lone \ud800 surrogate', 'ok'], ks: [] })
    same({ v: { f: () => 1, s: Symbol('s'), u: undefined, kept: 1 }, ks: ['kept'] })
    same({ v: [() => 1, undefined], ks: [] })
    let deep: unknown = 'bottom'
    for (let i = 0; i < 700; i++) deep = [deep]
    same({ v: deep, ks: [] })
  })

  // JSON.rawJSON exists from Node 22 on; on older runtimes there is no such value to write.
  it.skipIf(typeof (JSON as { rawJSON?: unknown }).rawJSON !== 'function')(
    'a JSON.rawJSON value takes the text path: its raw text, not an object',
    () => {
      const raw = (JSON as unknown as { rawJSON: (text: string) => unknown }).rawJSON
      same({ v: { n: raw('12345678901234567890'), s: raw('"text"') }, ks: ['n', 's'] })
    },
  )

  it('an enumerable key added to Object.prototype stays out, as JSON.stringify leaves it out', () => {
    const proto = Object.prototype as Record<string, unknown>
    proto.polluted = 'inherited'
    try {
      same({ v: { a: 1, nested: { b: 2 } }, ks: ['a', 'polluted'] })
      expect(JSON.stringify(inst.evaluate({ v: { a: 1 }, ks: [] }, 'wv/value'))).toBe('[{"result":{"a":1}}]')
    } finally {
      delete proto.polluted
    }
  })

  it('input that is not JSON is refused before evaluation', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(() => inst.evaluate({ v: 1n }, 'wv/value')).toThrow(InputNotJsonError)
    expect(() => inst.evaluate({ v: cyclic }, 'wv/value')).toThrow(InputNotJsonError)
    expect(() => inst.evaluate(() => 1, 'wv/value')).toThrow(InputNotJsonError)
  })

  it('input larger than the memory grows it', () => {
    same({ v: Array.from({ length: 30000 }, (_, i) => ({ [`k${i % 40}`]: 'y'.repeat(i % 30), n: i })), ks: ['k1'] })
    same({ v: { small: 'after' }, ks: ['small'] })
  })
})

describe('ValueWriter: the keys remembered per object site', () => {
  const inst = PolicyInstance.createSync(compile(policy, ['wv/value', 'wv/order', 'wv/looked_up']), {
    hostBuiltins: hostBuiltinImpls,
  })
  inst.setData({})
  const same = (v: unknown, ks: string[]) => {
    for (const ep of ['wv/value', 'wv/order', 'wv/looked_up']) {
      expect(JSON.stringify(inst.evaluate({ v, ks }, ep)), `${ep} ${JSON.stringify(v)}`).toBe(
        JSON.stringify(inst.evaluateJson(JSON.stringify({ v, ks }), ep)),
      )
    }
  }

  it('objects at one site whose keys change from one input to the next', () => {
    const ks = ['a', 'b', 'c', 'd', 'e', 'user', 'x1', 'x2', 'x3']
    const shapes: Record<string, unknown>[] = [
      { a: 1, b: 2, c: 3 },
      { a: 1, b: 2 },
      { a: 1, b: 2, c: 3, d: 4 },
      { b: 1, a: 2 },
      { a: 1, b: undefined, c: 3 },
      { c: 1 },
      {},
      { a: 1, b: 2, c: 3, d: 4, e: 5, x1: 6, x2: 7, x3: 8 },
      { a: 1, b: 2, c: 3, d: 4, e: 5, x1: 6, x2: 7, x3: 8, user: 9 },
      { user: { a: 1 }, a: [{ b: 1 }, { c: 2, b: 3 }] },
      { a: 1, b: 2, c: 3 },
    ]
    for (let round = 0; round < 3; round++)
      for (const v of shapes) same({ nested: v, list: [v, { ...v, e: 'more' }] }, ks)
  })
})

describe('ValueWriter: each value is written once', () => {
  const inst = PolicyInstance.createSync(compile('package once\n\nx := 1\n', ['once/x']), {
    hostBuiltins: hostBuiltinImpls,
  })
  inst.setData({})
  /** Objects of 9 keys nested `depth` deep, each inside its parent's first key. */
  const nested = (depth: number): unknown => {
    let v: unknown = 'leaf'
    for (let d = 0; d < depth; d++)
      v = Object.fromEntries([['first', v], ...Array.from({ length: 8 }, (_, i) => [`k${i}`, i])])
    return v
  }
  /** Strings the writer writes for `input` (keys and values), counted on the instance's writer. */
  const stringsWritten = (input: unknown) => {
    const writer = (inst as unknown as { valueWriter(): { string(s: string, h?: number): number } }).valueWriter()
    const write = writer.string
    let calls = 0
    writer.string = function (s: string, h?: number) {
      calls++
      return write.call(this, s, h)
    }
    try {
      inst.evaluate(input, 'once/x')
    } finally {
      writer.string = write
    }
    return calls
  }

  it('objects of more than 8 keys nested in one another are written once (work linear in their depth)', () => {
    // Writing a big object's first values as a small one's, then again as a
    // big one's, wrote an object nested d deep 2^d times.
    expect(stringsWritten(nested(12))).toBe(12 * 9 + 1)
  })
})

describe("ValueWriter: an input's strings and the runtime's hash", () => {
  const hashKey: [number, number] = [0x1234567, 0x89abcdef]
  const inst = PolicyInstance.createSync(compile('package h\n\nx := 1\n', ['h/x']), {
    hostBuiltins: hostBuiltinImpls,
    hashKey,
  })
  inst.setData({})
  const open = inst as unknown as {
    valueWriter(): { write(v: unknown, start: number): { addr: number } }
    dataHeapPtr: number
    memory: WebAssembly.Memory
  }

  it('an object key carries the hash the writer knows; a string value has room for the one the runtime computes', () => {
    const { addr } = open.valueWriter().write({ 'no static string has this text': 'a value' }, open.dataHeapPtr)
    const bytes = new Uint8Array(open.memory.buffer)
    const view = new DataView(open.memory.buffer)
    // The object's one node, in whichever bucket (VALUES.md: count, bucket count, buckets at 4, 8, 12).
    const buckets = view.getUint32(addr + 12, true)
    const heads = Array.from({ length: view.getUint32(addr + 8, true) }, (_, b) =>
      view.getUint32(buckets + 4 * b, true),
    )
    const node = heads.find((n) => n !== 0)!
    const [key, value] = [view.getUint32(node, true), view.getUint32(node + 4, true)]
    const utf8 = new TextEncoder().encode('no static string has this text')
    // The key: hash stored (byte 1), the runtime's hash of its bytes under the instance's key, bytes after a 16-byte header.
    expect([bytes[key], bytes[key + 1], view.getUint32(key + 8, true) - key]).toEqual([4, 1, 16])
    expect(view.getUint32(key + 12, true)).toBe(runtimeStringHash(utf8, 0, utf8.length, hashKey) >>> 0)
    // The value: no hash yet, room for it (byte 2, compare.ts keeps it there).
    expect([bytes[value], bytes[value + 1], bytes[value + 2], view.getUint32(value + 8, true) - value]).toEqual([
      4, 0, 1, 16,
    ])
  })

  it("a big object's keys past the writer's cache of keys carry their hash too", () => {
    const big = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`key number ${i}`, i]))
    const { addr } = open.valueWriter().write(big, open.dataHeapPtr)
    const bytes = new Uint8Array(open.memory.buffer)
    const view = new DataView(open.memory.buffer)
    const buckets = view.getUint32(addr + 12, true)
    let keys = 0
    for (let b = 0; b < view.getUint32(addr + 8, true); b++)
      for (let n = view.getUint32(buckets + 4 * b, true); n !== 0; n = view.getUint32(n + 8, true)) {
        const key = view.getUint32(n, true)
        const utf8 = bytes.slice(
          view.getUint32(key + 8, true),
          view.getUint32(key + 8, true) + view.getUint32(key + 4, true),
        )
        const hash = runtimeStringHash(utf8, 0, utf8.length, hashKey) >>> 0
        expect([bytes[key + 1], view.getUint32(key + 12, true), view.getUint32(n + 12, true)]).toEqual([1, hash, hash])
        keys++
      }
    expect(keys).toBe(300)
  })
})
