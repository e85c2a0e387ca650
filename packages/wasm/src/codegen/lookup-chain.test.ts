/**
 * Chains of constant-key lookups (lookup-chain.ts) are nested calls with one
 * test at the end: same answers (undefined for a missing key or a non-object
 * on the way, whatever the depth), and half the bytes per key.
 */
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { readModule } from '../binary/index.js'
import { buildWasm } from './build.js'

function build(text: string) {
  const r = buildWasm([{ file: 'p.rego', text: `package t\n${text}\n` }], { entrypoints: ['t/p'] })
  if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  return r.wasm
}

describe('lookup chains', () => {
  test('answer as one lookup per key', () => {
    const inst = PolicyInstance.createSync(build('p := input.a.b.c.d.e'))
    const at = (input: unknown) => inst.evaluate(input, 't/p')
    expect(at({ a: { b: { c: { d: { e: 7 } } } } })).toEqual([{ result: 7 }])
    expect(at({ a: { b: { c: { d: { f: 7 } } } } })).toEqual([])
    expect(at({ a: { b: 5 } })).toEqual([])
    expect(at({ a: { b: [{ c: 1 }] } })).toEqual([])
    expect(at({ a: { b: { c: 'd' } } })).toEqual([])
    expect(at({ a: { b: { c: { d: null } } } })).toEqual([])
    expect(at({ a: { b: { c: { d: { e: false } } } } })).toEqual([{ result: false }])
    expect(at({})).toEqual([])
  })

  test('a link read elsewhere too is kept', () => {
    const inst = PolicyInstance.createSync(build('p := [x.c.d, x.e] if x := input.a.b'))
    expect(inst.evaluate({ a: { b: { c: { d: 1 }, e: 2 } } }, 't/p')).toEqual([{ result: [1, 2] }])
    expect(inst.evaluate({ a: { b: { c: 1, e: 2 } } }, 't/p')).toEqual([])
  })

  test('each further key costs at most 7 bytes of code', () => {
    // One lookup each: 14 bytes a key (a call, its result set and tested, the next lookup's source).
    const code = (text: string) => readModule(build(text)).codes.reduce((n, c) => n + c.length, 0)
    const perKey = (code('p := input.a.b.c.d.e.f.g.h.i') - code('p := input.a')) / 8
    expect(perKey).toBeLessThanOrEqual(7)
  })
})
