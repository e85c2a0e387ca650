/**
 * data-paths.ts: constant paths into the data answer as lookups do, are
 * looked up once per data version, and are looked up every time inside
 * `with` and without the data cache.
 */
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'
import { addressOf, bytesOf } from './instance-memory.testing.js'

// `c` depends on data alone, so the module has a data cache (and `cordon_warm`).
const POLICY = `package t
c := count(data.cfg)
x := [data.cfg.one.v, input.n]
y := data.cfg.none.v
w := v if v := data.cfg.one.v with data.cfg.one as {"v": input.n}
`

function instance(data: unknown): PolicyInstance {
  const r = buildWasm([{ file: 'p.rego', text: POLICY }], { entrypoints: ['t/c', 't/x', 't/y', 't/w'] })
  if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  const inst = PolicyInstance.createSync(r.wasm)
  inst.setData(data)
  return inst
}

const result = (inst: PolicyInstance, ep: string, input: unknown = { n: 0 }) => inst.evaluate(input, ep)[0]?.result

/**
 * Points the `v` of data.cfg.one at another string of the data, behind the
 * module's back: a lookup of data.cfg.one.v from now on finds `to`; a path
 * kept from before still gives `from`.
 */
function repoint(inst: PolicyInstance, from: string, to: string): void {
  // Data strings are 16-byte headers followed by their bytes.
  const [a, b] = [addressOf(inst, from) - 16, addressOf(inst, to) - 16]
  const u32 = new Uint32Array(bytesOf(inst).buffer)
  // The node of data.cfg.one's key `v`: [key, value, next, hash].
  const node = u32.findIndex((word, i) => word === a && i > 0 && isKeyV(inst, u32[i - 1]!))
  expect(node).toBeGreaterThan(0)
  u32[node] = b
}

/** Whether the value at `v` is the string "v". */
function isKeyV(inst: PolicyInstance, v: number): boolean {
  const bytes = bytesOf(inst)
  const view = new DataView(bytes.buffer)
  if (v <= 0 || v + 12 > bytes.length || bytes[v] !== 4 || view.getUint32(v + 4, true) !== 1) return false
  return bytes[view.getUint32(v + 8, true)] === 'v'.charCodeAt(0)
}

describe('constant paths into the data', () => {
  test('answer as lookups do: found, not there, and after the data changes', () => {
    const inst = instance({ cfg: { one: { v: 'first' } } })
    for (let i = 0; i < 2; i++) expect(result(inst, 't/x')).toEqual(['first', 0])
    expect(inst.evaluate({}, 't/y')).toEqual([])
    inst.setData({ cfg: { one: { v: 'second' }, none: { v: 3 } } })
    expect(result(inst, 't/x')).toEqual(['second', 0])
    expect(result(inst, 't/y')).toEqual(3)
  })

  test('a path is looked up once per data version', () => {
    const inst = instance({ cfg: { one: { v: 'first-value' }, two: 'other-value' } })
    expect(result(inst, 't/x')).toEqual(['first-value', 0])
    repoint(inst, 'first-value', 'other-value')
    // The kept path answers: no lookup ran.
    expect(result(inst, 't/x')).toEqual(['first-value', 0])
    // Without the cache (as in OPA's SDK) the lookup runs and finds what the memory now says.
    ;(inst as unknown as { exports: { cordon_cache_clear(): void } }).exports.cordon_cache_clear()
    expect(result(inst, 't/x')).toEqual(['other-value', 0])
  })

  test('inside with, the data as with makes it', () => {
    const inst = instance({ cfg: { one: { v: 'first' } } })
    expect(result(inst, 't/x')).toEqual(['first', 0])
    expect(result(inst, 't/w', { n: 7 })).toEqual(7)
    expect(result(inst, 't/x')).toEqual(['first', 0])
  })
})
