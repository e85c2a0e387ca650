/**
 * Static strings carry the runtime's hash (byte 1 set, the hash at offset 12),
 * computed at build time by `runtimeStringHash`; the runtime returns it instead
 * of hashing. Both must be the runtime's own hash, or lookups of constant keys
 * miss.
 */
import { hostBuiltinImpls, runtimeStringHash } from '@cordon/builtins'
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { load } from '../../runtime/harness.js'
import { seededRandom } from '../../../../test/support/random.js'
import { readModule } from '../binary/index.js'
import { buildWasm } from './build.js'
import { FILLED_AT_START_MIN } from './strings.js'

describe('static strings and their stored hash', () => {
  test('runtimeStringHash is the runtime’s hash of a string', () => {
    const rt = load({ initialPages: 20 })
    const r = seededRandom(5)
    const alphabet = 'abcXYZ019 -_.ü日😀'
    const encoder = new TextEncoder()
    for (let i = 0; i < 3000; i++) {
      const s = Array.from({ length: Math.floor(r() * 40) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('')
      const bytes = encoder.encode(s)
      expect(rt.x.opa_value_hash(rt.str(s)) >>> 0, s).toBe(runtimeStringHash(bytes, 0, bytes.length))
    }
  })

  test('runtimeStringHash under a key is the seeded runtime’s hash, and the key changes it', () => {
    const rt = load({ initialPages: 20 })
    const key = [0x9e3779b9, 0x7f4a7c15] as const
    rt.x.cordon_reseed(key[0], key[1], 0, 0)
    const encoder = new TextEncoder()
    let changed = 0
    for (let i = 0; i < 300; i++) {
      const s = `key-${i}-${'x'.repeat(i % 9)}`
      const bytes = encoder.encode(s)
      const h = rt.x.opa_value_hash(rt.str(s)) >>> 0
      expect(h, s).toBe(runtimeStringHash(bytes, 0, bytes.length, key))
      if (h !== runtimeStringHash(bytes, 0, bytes.length)) changed++
    }
    expect(changed).toBeGreaterThan(295)
  })

  test('constant keys find dynamic ones and back', () => {
    const policy = `package ss

by_const := object.get(input, ["user", "nationality"], "none")

in_set if input.country in {"CU", "IR", "KP", "SY", "ü日"}

from_table := {"invalid_request": 1, "embargoed_region": 2, "ü日": 3}[input.code]

keys := {k | some k, _ in {"a": 1, "b": 2}}

same_key if {
	o := {input.k: 1}
	o.user == 1
}
`
    const built = buildWasm([{ file: 'ss.rego', text: policy }], {
      entrypoints: ['ss/by_const', 'ss/in_set', 'ss/from_table', 'ss/keys', 'ss/same_key'],
    })
    if (!built.wasm) throw new Error(built.diagnostics.map((d) => d.message).join('\n'))
    // Seeded with a random key (static strings and constant sets rehashed), and unseeded as the OPA SDK runs it.
    for (const hashKey of [undefined, [0, 0] as const]) {
      const inst = PolicyInstance.createSync(built.wasm, { hostBuiltins: hostBuiltinImpls, hashKey })
      inst.setData({})
      // Through values written by the engine and through JSON text parsed in the module.
      for (const evaluate of [
        (i: unknown, ep: string) => inst.evaluate(i, ep),
        (i: unknown, ep: string) => inst.evaluateJson(JSON.stringify(i), ep),
      ]) {
        expect(evaluate({ user: { nationality: 'DE' } }, 'ss/by_const')).toEqual([{ result: 'DE' }])
        expect(evaluate({ country: 'ü日' }, 'ss/in_set')).toEqual([{ result: true }])
        expect(evaluate({ country: 'FR' }, 'ss/in_set')).toEqual([])
        expect(evaluate({ code: 'embargoed_region' }, 'ss/from_table')).toEqual([{ result: 2 }])
        expect(evaluate({ code: 'ü日' }, 'ss/from_table')).toEqual([{ result: 3 }])
        expect(evaluate({}, 'ss/keys')).toEqual([{ result: ['a', 'b'] }])
        expect(evaluate({ k: 'user' }, 'ss/same_key')).toEqual([{ result: true }])
      }
    }
  })

  test('a static string is its 16-byte header and its bytes, no padding (StaticData.finish)', () => {
    // Fewer than FILLED_AT_START_MIN strings: headers in the data segment.
    const built = buildWasm([{ file: 'p.rego', text: 'package p\nx := [input.k10, input["ü日"]]' }], {
      entrypoints: ['p/x'],
    })
    expect(readModule(built.wasm!).start).toBeUndefined()
    const inst = PolicyInstance.createSync(built.wasm!)
    expect(inst.evaluate({ k10: 1, ü日: 2 }, 'p/x')).toEqual([{ result: [1, 2] }])
  })

  test('from FILLED_AT_START_MIN strings on, a static string is its bytes and its length in the file; the start function fills in the rest', () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `input.k${10 + i}`).join(', ')
    const data = (n: number) => {
      const built = buildWasm([{ file: 'p.rego', text: `package p\nx := [${keys(n)}]` }], { entrypoints: ['p/x'] })
      const m = readModule(built.wasm!)
      expect(m.start).toBeDefined()
      return m.data.reduce((sum, seg) => sum + seg.bytes.length, 0)
    }
    // 3 bytes of text and a 1-byte length each; 16 + 3 for the header and the bytes, and 4 in the table of
    // static strings (cordon_strings), when the data segment held them.
    expect(data(FILLED_AT_START_MIN + 40) - data(FILLED_AT_START_MIN)).toBe(40 * 4)
    const text = `package p\nx := [${keys(FILLED_AT_START_MIN)}, input["ü日"]]\ny := {"k10": "ü日", "k11": input.k11}`
    const wasm = buildWasm([{ file: 'p.rego', text }], { entrypoints: ['p/x', 'p/y'] }).wasm!
    const input = Object.fromEntries(Array.from({ length: FILLED_AT_START_MIN }, (_, i) => [`k${10 + i}`, i]))
    const want = [...Object.values(input), 'ü']
    for (const hashKey of [undefined, [0, 0] as const]) {
      const inst = PolicyInstance.createSync(wasm, { hashKey })
      expect(inst.evaluate({ ...input, ü日: 'ü' }, 'p/x')).toEqual([{ result: want }])
      // A result that is a static string, and keys the engine writes pointing at the static ones.
      expect(inst.evaluate({ k11: 'b' }, 'p/y')).toEqual([{ result: { k10: 'ü日', k11: 'b' } }])
      expect(inst.evaluateJson('{"k11": "k10"}', 'p/y')).toEqual([{ result: { k10: 'ü日', k11: 'k10' } }])
    }
  })
})
