/**
 * union-in-place.ts: `object.union` of a fresh object literal merges into the
 * literal; the results, errors and any other value stay as the copying
 * builtin makes them.
 */
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'
import { inPlaceUnions } from './union-in-place.js'
import { forEachStmtLocal, walkStmts, type Local } from '@cordon/rego'

function instance(text: string, entrypoint = 't/p') {
  const r = buildWasm([{ file: 'p.rego', text: `package t\n${text}` }], { entrypoints: [entrypoint] })
  if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  return PolicyInstance.createSync(r.wasm)
}

const result = (inst: PolicyInstance, input: unknown) => inst.evaluate(input, 't/p')[0]?.result

describe('object.union into a fresh literal', () => {
  test('the merge of the copying builtin: b wins, nested objects merged, a key of b only added', () => {
    const inst = instance('p := object.union({"a": 1, "b": {"x": 1}, "k": 0}, input.o)')
    expect(result(inst, { o: { b: { y: 2 }, c: 3, k: { z: 1 } } })).toEqual({
      a: 1,
      b: { x: 1, y: 2 },
      c: 3,
      k: { z: 1 },
    })
    expect(result(inst, { o: {} })).toEqual({ a: 1, b: { x: 1 }, k: 0 })
  })

  test('a literal read again after the union is not changed', () => {
    const inst = instance('p := [object.union(o, input.o), o] if o := {"a": 1}')
    expect(result(inst, { o: { a: 2, b: 3 } })).toEqual([{ a: 2, b: 3 }, { a: 1 }])
  })

  test('in a loop, each literal is its own', () => {
    const inst = instance('p := [object.union({"x": x}, input.o) | some x in [1, 2]]')
    expect(result(inst, { o: { y: 0 } })).toEqual([
      { x: 1, y: 0 },
      { x: 2, y: 0 },
    ])
  })

  test('a second argument that is not an object fails as the builtin does', () => {
    const literal = instance('p := object.union({"a": 1}, input.s)')
    const copying = instance('p := object.union(input.o, input.s)')
    const error = (inst: PolicyInstance, input: unknown) => {
      try {
        return { value: result(inst, input) }
      } catch (err) {
        return { error: String(err).replace(/p\.rego:\d+/, 'p.rego') }
      }
    }
    expect(error(literal, { s: 'x' })).toEqual(error(copying, { o: { a: 1 }, s: 'x' }))
  })

  test('only a literal read by nothing else is merged into', () => {
    const unions = (text: string) => {
      const built = buildWasm([{ file: 'p.rego', text: `package t\n${text}` }], { entrypoints: ['t/p'] })
      const func = built.policy!.funcs.find((f) => f.name.endsWith('.p'))!
      const uses = new Map<Local, number>(func.params.map((l) => [l, 1]))
      walkStmts(func.blocks, (s) => forEachStmtLocal(s, (l) => void uses.set(l, (uses.get(l) ?? 0) + 1)))
      return inPlaceUnions(func.blocks, func.params, uses).size
    }
    expect(unions('p := object.union({"a": 1, "b": input.b}, input.o)')).toBe(1)
    expect(unions('p := [object.union(o, input.o), o] if o := {"a": 1}')).toBe(0)
    expect(unions('p := object.union(input.a, input.o)')).toBe(0)
  })
})
