/**
 * A scan whose body only adds its value to a set (`s contains x if some x in
 * src`) is one `cordon_set_add_all` call (lower-control.ts lowerSetCopy). It
 * must give what the scan's loop gives, for every kind of `src`, and spend
 * the same fuel. The loop form is the same rule with the key read too, which
 * keeps the loop.
 */
import { PolicyInstance } from '@cordon/engine'
import { printPolicy } from '@cordon/rego'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'
import { compileWasm } from './compile-policy.js'

const COPY = `package t
s contains x if some x in input.src
u contains x if some x in s
`
const LOOP = `package t
s contains x if { some k, x in input.src; k == k }
u contains x if { some k, x in s; k == k }
`

function plan(text: string) {
  const r = buildWasm([{ file: 'p.rego', text }], { entrypoints: ['t/s', 't/u'] })
  if (!r.policy) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  return r.policy
}

const instance = (text: string, fuel?: number) =>
  PolicyInstance.createSync(compileWasm(plan(text), fuel === undefined ? {} : { fuel }).wasm)

const SOURCES: unknown[] = [
  ['b', 'a', 'b', 1, 1.5, null, true, { k: [1] }, { k: [1] }, [2, 'x']],
  { x: 'a', y: 'a', z: { n: 1 }, w: [3], v: 'ü' },
  [],
  {},
  'scalar',
  7,
  null,
  Array.from({ length: 300 }, (_, i) => `e${i % 120}`),
]

describe('a scan that only adds its value to a set', () => {
  test('is planned as the pattern the lowering looks for', () => {
    const text = printPolicy(plan(COPY))
    expect(text).toMatch(/Scan %\d+ key=%\d+ value=(%\d+)\n\s+block\n\s+SetAdd value=\1 set=%\d+\n/)
  })

  test('gives what the loop gives, for arrays, objects, sets, scalars and no value', () => {
    const copy = instance(COPY)
    const loop = instance(LOOP)
    for (const src of [...SOURCES, undefined]) {
      const input = src === undefined ? {} : { src }
      for (const ep of ['t/s', 't/u']) {
        const want = loop.evaluateText(JSON.stringify(input), ep)
        expect(copy.evaluateText(JSON.stringify(input), ep), `${ep} of ${JSON.stringify(src)}`).toBe(want)
      }
    }
    // the set form of the source (u scans s): its elements come with their stored hashes
    expect(copy.evaluate({ src: ['b', 'a', 'b'] }, 't/u')).toEqual([{ result: ['a', 'b'] }])
  })

  test('spends one unit of fuel per element, as the loop does', () => {
    const input = JSON.stringify({ src: Array.from({ length: 40 }, (_, i) => i) })
    // The least fuel each form needs for t/u (two scans of 40 elements, and the calls).
    const least = (text: string): number => {
      let lo = 1
      let hi = 1000
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        let ok = true
        try {
          instance(text, mid).evaluateText(input, 't/u')
        } catch (err) {
          expect(String(err)).toMatch(/resource_exhausted/)
          ok = false
        }
        if (ok) hi = mid
        else lo = mid + 1
      }
      return lo
    }
    const need = least(COPY)
    expect(need).toBe(least(LOOP))
    expect(need).toBeGreaterThanOrEqual(80)
  })
})

describe('a union with an empty side', () => {
  // opa_set_union returns the other side itself: nothing built later may change it.
  const UNION = `package t
none := {x | some x in input.none}
some_of := {x | some x in input.xs}
left := some_of | none
right := none | some_of
both := none | none
more := (some_of | none) | {"extra"}
copied contains x if some x in left
copied contains "added"
all := [some_of, left, right, both, more, copied, some_of]
`
  test('is the other side, and stays as it was', () => {
    const r = buildWasm([{ file: 'p.rego', text: UNION }], { entrypoints: ['t/all'] })
    if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
    const inst = PolicyInstance.createSync(r.wasm)
    expect(inst.evaluate({ none: [], xs: ['b', 'a'] }, 't/all')).toEqual([
      {
        result: [['a', 'b'], ['a', 'b'], ['a', 'b'], [], ['a', 'b', 'extra'], ['a', 'added', 'b'], ['a', 'b']],
      },
    ])
    expect(inst.evaluate({ none: [], xs: [] }, 't/all')).toEqual([
      { result: [[], [], [], [], ['extra'], ['added'], []] },
    ])
  })
})
