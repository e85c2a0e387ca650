/**
 * End to end (Rego → buildWasm → the engine's PolicyInstance): constructs
 * OPA accepts that real policy sets use (issue 15 §3), each with the result
 * OPA gives.
 */
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'

function instance(text: string, entrypoints: string[]): PolicyInstance {
  const r = buildWasm([{ file: 'policy.rego', text }], { entrypoints })
  if (!r.wasm) throw new Error(r.diagnostics.map((d) => `${d.location.row}:${d.location.col}: ${d.code}: ${d.message}`).join('\n'))
  return PolicyInstance.createSync(r.wasm)
}

/** The value of each entrypoint (undefined when the rule is undefined). */
function values(text: string, entrypoints: string[], input?: unknown): Record<string, unknown> {
  const inst = instance(text, entrypoints)
  return Object.fromEntries(entrypoints.map((e) => [e, inst.evaluate(input, e)[0]?.result]))
}

describe('constructs OPA accepts', () => {
  test('a function fact with no value and no body is true for its arguments', () => {
    const src = `package t
is_admin("alice")
is_admin("bob")
allow if is_admin(input.user)`
    expect(values(src, ['t/allow'], { user: 'bob' })).toEqual({ 't/allow': true })
    expect(values(src, ['t/allow'], { user: 'eve' })).toEqual({ 't/allow': undefined })
  })

  test('a variable repeated in function arguments must have one value', () => {
    const src = `package t
same([_, k], k) := true
yes if same(["a", "b"], "b")
no if same(["a", "b"], "c")
eq3(x, x, x) := x
three := eq3(input.a, input.b, input.c)`
    expect(values(src, ['t/yes', 't/no', 't/three'], { a: 1, b: 1, c: 1 })).toEqual({ 't/yes': true, 't/no': undefined, 't/three': 1 })
    expect(values(src, ['t/three'], { a: 1, b: 1, c: 2 })).toEqual({ 't/three': undefined })
  })
})
