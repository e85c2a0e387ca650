/**
 * unroll-scans.ts and object-get-path.ts: a scan of a small constant array,
 * emitted once per element, decides as the scan of the same array given in
 * the input does (a runtime loop); `object.get` with each constant path
 * answers as the builtin does, errors included.
 */
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'
import { compileWasm } from './compile-policy.js'
import { FUEL_EXHAUSTED } from './fuel.js'

const PATHS = '[["user", "nationality"], ["request", "country"], ["model", "id"], ["capability"], []]'

/** Rules over `xs`: the constant array in one module, input.xs (the same array) in the other. */
const rules = (xs: string) => `package t
missing contains concat(".", path) if {
	some path in ${xs}
	not is_string(object.get(input.doc, path, null))
}
got := [object.get(input.doc, path, "none") | some path in ${xs}]
first := x if {
	some i, x in ${xs}
	i > 0
	count(x) < 2
}
pairs contains [i, j] if {
	some i, _ in ${xs}
	some j, _ in ${xs}
	i < j
	j < 3
}
`

function instance(text: string, entrypoints: string[]) {
  const r = buildWasm([{ file: 'p.rego', text }], { entrypoints })
  if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  return PolicyInstance.createSync(r.wasm)
}

const outcome = (inst: PolicyInstance, input: unknown, ep: string) => {
  try {
    return inst.evaluate(input, ep)
  } catch (err) {
    return { error: String(err).replace(/p\.rego:\d+/, 'p.rego') }
  }
}

describe('scans of constant arrays, unrolled', () => {
  const eps = ['t/missing', 't/got', 't/first', 't/pairs']
  const unrolled = instance(rules(PATHS), eps)
  const looped = instance(rules('input.xs'), eps)
  const docs: unknown[] = [
    { user: { nationality: 'DE' }, request: { country: 'DE' }, model: { id: 'm' }, capability: 'chat' },
    { user: { nationality: 7 }, request: 'DE', model: { id: ['m'] } },
    { user: [], request: { country: null } },
    {},
    [],
    'not an object',
  ]

  test('the same results and errors as the loop over the same array', () => {
    for (const doc of docs)
      for (const ep of eps) {
        const input = { doc, xs: JSON.parse(PATHS) }
        expect(outcome(unrolled, input, ep), `${ep} ${JSON.stringify(doc)}`).toEqual(outcome(looped, input, ep))
      }
  })

  test('with the input document missing, every body fails as before', () => {
    for (const ep of eps)
      expect(outcome(unrolled, { xs: JSON.parse(PATHS) }, ep)).toEqual(outcome(looped, { xs: JSON.parse(PATHS) }, ep))
  })

  test('what the paths find', () => {
    expect(outcome(unrolled, { doc: docs[0] }, 't/got')).toEqual([{ result: ['DE', 'DE', 'm', 'chat', docs[0]] }])
    // The empty path finds the document itself, which is not a string.
    expect(outcome(unrolled, { doc: docs[1] }, 't/missing')).toEqual([
      { result: ['', 'capability', 'model.id', 'request.country', 'user.nationality'] },
    ])
  })

  test('unrolled, the five elements spend one unit of fuel; the loop one per step', () => {
    const least = (text: string) => {
      const planned = buildWasm([{ file: 'p.rego', text }], { entrypoints: ['t/got'] }).policy!
      for (let fuel = 1; fuel < 64; fuel++) {
        const inst = PolicyInstance.createSync(compileWasm(planned, { fuel }).wasm)
        try {
          inst.evaluate({ doc: {}, xs: JSON.parse(PATHS) }, 't/got')
          return fuel
        } catch (err) {
          expect(String(err)).toContain(FUEL_EXHAUSTED)
        }
      }
      return Infinity
    }
    expect(least(rules('input.xs')) - least(rules(PATHS))).toBe(4)
  })
})
