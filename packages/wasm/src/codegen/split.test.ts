/**
 * Rules with thousands of definitions (issue 18): their funcs' blocks, a
 * Switch's cases (rule indexing) and a complete rule's value assigned by every
 * definition are split into functions of bounded size (outline.ts,
 * lower-switch.ts), and the split module answers exactly as the one with
 * nothing outlined: results, conflicts and located errors.
 */
import { checkSources, planPolicy } from '@cordon/rego'
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { compileWasm } from './compile-policy.js'
import { readModule } from '../binary/index.js'

const N = 2000
/** Bytes of a code entry no function of the split module exceeds. */
const BOUND = 16_000

function source(): string {
  const lines = ['package big', 'import rego.v1']
  for (let i = 0; i < N; i++) {
    // Indexed on input.kind (a Switch of N cases).
    lines.push(
      `deny contains msg if { input.kind == "K${i}"; some c in input.cs; c.n > ${i % 7}; msg := sprintf("rule ${i}: %v", [c.n]) }`,
    )
    // Not indexed: one func block per definition.
    lines.push(`warn contains ${i} if { some c in input.cs; c.n == ${i}; startswith(c.name, "a") }`)
    // Complete rule, indexed, two definitions per key with different values: a conflict.
    lines.push(`kind_id := ${i} if { input.kind == "K${i % (N / 2)}"; input.conflict }`)
    lines.push(`kind_one := ${i} if { input.kind == "K${i}"; not input.conflict }`)
    // Complete rule, not indexed; each definition with an else.
    lines.push(`grade := "top${i}" if { some c in input.cs; c.n == ${i} } else := "low" if { input.score < 0 }`)
    // A function of N definitions.
    lines.push(`f(x) := y if { x == ${i}; y := ${i * 2} }`)
  }
  lines.push('fv := f(input.x)')
  return lines.join('\n')
}

const ENTRYPOINTS = ['big/deny', 'big/warn', 'big/kind_id', 'big/kind_one', 'big/grade', 'big/fv']

const at = (i: number) => ({ name: `a${i}`, n: i })
const INPUTS = [
  { kind: 'K0', cs: [at(0), at(3)], x: 0 },
  { kind: `K${N / 2}`, cs: [at(N / 2), at(N / 2 + 1)], x: N / 2 },
  { kind: `K${N - 1}`, cs: [at(N - 1)], x: N - 1 },
  { kind: 'K5', conflict: true, cs: [at(5)] },
  { kind: `K${N - 1}`, conflict: true },
  { score: -1, cs: [{ name: 'b', n: N + 7 }] },
  { kind: 'nope', cs: [at(N + 5)], x: N + 5 },
]

function answers(wasm: Uint8Array): unknown[] {
  const p = PolicyInstance.createSync(wasm, { hostBuiltins: hostBuiltinImpls })
  return INPUTS.flatMap((input) =>
    ENTRYPOINTS.map((ep) => {
      try {
        return p.evaluate(input, ep)
      } catch (err) {
        return { error: (err as Error).message }
      }
    }),
  )
}

describe('rules of many definitions', () => {
  test(`${N} definitions make no function above ${BOUND} bytes and answer as inline`, () => {
    const checked = checkSources([{ file: 'big.rego', text: source() }], {})
    if (!checked.compiled) throw new Error(checked.diagnostics.map((d) => d.message).join('\n'))
    const planned = planPolicy(checked.compiled, { entrypoints: ENTRYPOINTS })
    if (!planned.policy) throw new Error(planned.diagnostics.map((d) => d.message).join('\n'))
    const biggest = (wasm: Uint8Array) => Math.max(...readModule(wasm).codes.map((c) => c.length))
    const split = compileWasm(planned.policy).wasm
    const inline = compileWasm(planned.policy, { outlineMinStmts: Infinity }).wasm
    expect(biggest(inline)).toBeGreaterThan(BOUND * 10)
    expect(biggest(split)).toBeLessThanOrEqual(BOUND)

    const got = answers(split)
    expect(got).toEqual(answers(inline))
    const byInput = (i: number, ep: string) => got[i * ENTRYPOINTS.length + ENTRYPOINTS.indexOf(ep)]
    // First, middle and last definitions are reached; conflicts are errors; else chains answer.
    expect(byInput(0, 'big/deny')).toEqual([{ result: ['rule 0: 3'] }])
    expect(byInput(1, 'big/warn')).toEqual([{ result: [N / 2, N / 2 + 1] }])
    expect(byInput(2, 'big/kind_one')).toEqual([{ result: N - 1 }])
    expect(byInput(2, 'big/fv')).toEqual([{ result: 2 * (N - 1) }])
    expect(byInput(2, 'big/grade')).toEqual([{ result: `top${N - 1}` }])
    expect(byInput(3, 'big/kind_id')).toMatchObject({
      error: expect.stringMatching(/^big\.rego:\d+: complete rules must not produce multiple outputs/),
    })
    expect(byInput(5, 'big/grade')).toEqual([{ result: 'low' }])
    expect(byInput(6, 'big/fv')).toEqual([])
  }, 300_000)
})
