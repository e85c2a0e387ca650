/**
 * Type tests whose result is only tested for true, lowered as a check of the
 * type byte (type-tests.ts): the same answers as the builtin whose boolean is
 * kept (`v := is_T(x)`), for every kind of value and for an undefined one,
 * in a body and under `not`.
 */
import { PolicyInstance } from '@cordon/engine'
import { expect, test } from 'vitest'
import { buildWasm } from './build.js'

const TESTS = ['is_null', 'is_boolean', 'is_number', 'is_string', 'is_array', 'is_object', 'is_set']

const POLICY = [
  'package t',
  ...TESTS.flatMap((t) => [
    `${t}_body if ${t}(input.x)`,
    `${t}_not if not ${t}(input.x)`,
    `${t}_kept := v if v := ${t}(input.x)`,
  ]),
  // A set, which JSON input cannot carry.
  'set_body if is_set({x | some x in input.xs})',
  'set_not if not is_set(input.xs)',
].join('\n')

test('is_T(x) tested for true answers as the builtin does', () => {
  const eps = [...TESTS.flatMap((t) => [`${t}_body`, `${t}_not`, `${t}_kept`]), 'set_body', 'set_not']
  const r = buildWasm([{ file: 'p.rego', text: POLICY }], { entrypoints: eps.map((e) => `t/${e}`) })
  if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  const inst = PolicyInstance.createSync(r.wasm)
  const result = (ep: string, input: unknown) =>
    (inst.evaluate(input, `t/${ep}`)[0] as { result?: unknown } | undefined)?.result
  for (const x of [null, true, false, 0, 1.5, -7, '', 'a', [], [1], {}, { a: 1 }, undefined]) {
    const input = x === undefined ? {} : { x }
    for (const t of TESTS) {
      const kept = result(`${t}_kept`, input)
      const what = `${t}(${JSON.stringify(x)})`
      expect(result(`${t}_body`, input), what).toBe(kept === true ? true : undefined)
      // As in OPA, the operand is evaluated before the negation: undefined x fails `not` too.
      expect(result(`${t}_not`, input), what).toBe(kept === false ? true : undefined)
    }
  }
  expect(result('is_string_kept', { x: 'a' })).toBe(true)
  expect(result('is_string_kept', { x: 1 })).toBe(false)
  expect(result('set_body', { xs: [1, 2] })).toBe(true)
  expect(result('set_not', { xs: [1, 2] })).toBe(true)
})
