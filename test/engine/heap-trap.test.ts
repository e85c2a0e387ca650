// Issue 15: sprintf-built object keys trapped with "memory access out of
// bounds". The runtime's sprintf fast path wrote digits past the end of the
// string it returned; when that string reused a freed block (here the bucket
// array an object freed when it grew past 8 keys), the stray digits landed in
// the live value after it. Compiled Rego → Wasm, evaluated by the engine.
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { compile } from './support/bundles.js'

function evaluate(text: string, entrypoint: string): unknown {
  const p = PolicyInstance.createSync(compile(text, [entrypoint]), { hostBuiltins: hostBuiltinImpls })
  p.setData({})
  return p.evaluate({}, entrypoint)[0]?.result
}

const module = (s: (i: number) => string) => `package p
_v(id, s) := {sprintf("ignore-%s-%d", [s, id]): 1}
v1 := object.union_n([${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `_v(${i}, "${s(i)}")`).join(', ')}])
r := object.union(v1, _v(11, "${s(1)}"))
`
const letter = (i: number) => 'abcde'[Math.floor((i - 1) / 2)]!

describe('objects with sprintf-built keys (issue 15)', () => {
  it("the issue's module gives an object of 10 keys", () => {
    const r = evaluate(module(letter), 'p/r') as Record<string, number>
    expect(Object.keys(r).sort()).toEqual([
      'ignore-a-1',
      'ignore-a-11',
      'ignore-a-2',
      'ignore-b-3',
      'ignore-b-4',
      'ignore-c-5',
      'ignore-c-6',
      'ignore-d-7',
      'ignore-d-8',
      'ignore-e-9',
    ])
  })

  it('keys long enough to reuse the freed bucket array leave the object intact (trapped before)', () => {
    const r = evaluate(
      module((i) => letter(i).repeat(6)),
      'p/r',
    ) as Record<string, number>
    expect(Object.keys(r)).toHaveLength(10)
    expect(r['ignore-aaaaaa-11']).toBe(1)
    expect(Object.values(r).every((v) => v === 1)).toBe(true)
  })
})
