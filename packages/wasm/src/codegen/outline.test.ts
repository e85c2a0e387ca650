/**
 * Outlined `Block` statements (outline.ts) mean what they meant inline: the
 * same policies compiled with every outlinable block outlined and with none
 * give the same answers; a big rule body no longer makes one big function.
 */
import { checkSources, planPolicy, type Policy } from '@cordon/rego'
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { compileWasm } from './compile-policy.js'
import { readModule } from '../binary/index.js'

function plan(text: string, entrypoints: string[]): Policy {
  const checked = checkSources([{ file: 'p.rego', text }], {})
  if (!checked.compiled) throw new Error(checked.diagnostics.map((d) => d.message).join('\n'))
  const planned = planPolicy(checked.compiled, { entrypoints })
  if (!planned.policy) throw new Error(planned.diagnostics.map((d) => d.message).join('\n'))
  return planned.policy
}

const POLICY = `package p
import rego.v1

default allow := false
allow if {
  some u in input.users
  u.role == "admin"
  not blocked[u.name]
}
blocked[name] := true if { some name in input.blocked }
names := [n | some u in input.users; n := u.name; startswith(n, "a")]
by_role := {r: count([u | some u in input.users; u.role == r]) | some r in {"admin", "dev"}}
f(x) := y if { y := [z | some z in x; z > 1] } else := []
g := f(input.nums) if { input.nums }
w := x if { x := names with input.users as [{"name": "ann", "role": "dev"}] }
`

const INPUTS = [
  {
    users: [
      { name: 'ann', role: 'admin' },
      { name: 'bob', role: 'dev' },
    ],
    blocked: [],
    nums: [0, 2, 3],
  },
  { users: [{ name: 'ann', role: 'admin' }], blocked: ['ann'] },
  {},
]

describe('outlined blocks', () => {
  test('every outlinable block outlined gives the answers of none', () => {
    const entrypoints = ['p/allow', 'p/names', 'p/by_role', 'p/g', 'p/w', 'p/blocked']
    const policy = plan(POLICY, entrypoints)
    const inline = PolicyInstance.createSync(compileWasm(policy, { outlineMinStmts: Infinity }).wasm)
    const outlinedWasm = compileWasm(policy, { outlineMinStmts: 2 }).wasm
    const outlined = PolicyInstance.createSync(outlinedWasm)
    expect(readModule(outlinedWasm).codes.length).toBeGreaterThan(
      readModule(compileWasm(policy, { outlineMinStmts: Infinity }).wasm).codes.length,
    )
    for (const input of INPUTS) {
      for (const ep of entrypoints)
        expect(outlined.evaluate(input, ep), `${ep} ${JSON.stringify(input)}`).toEqual(inline.evaluate(input, ep))
    }
    expect(outlined.evaluate(INPUTS[0], 'p/allow')).toEqual([{ result: true }])
    expect(outlined.evaluate(INPUTS[1], 'p/allow')).toEqual([{ result: false }])
  })

  test('a rule over 400 rules of other packages is no longer one giant function', () => {
    const n = 400
    const rules = Array.from(
      { length: n },
      (_, i) =>
        `package r${i}\nimport rego.v1\nreport contains {"n": ${i}, "x": x} if { some x in input.xs; x > ${i % 7}; startswith(sprintf("%d", [x]), "1") }\n`,
    )
    const text = `package agg\nimport rego.v1\nall contains v if { some name; v := data[name].report[_] }\n`
    const checked = checkSources(
      [{ file: 'agg.rego', text }, ...rules.map((t, i) => ({ file: `r${i}.rego`, text: t }))],
      {},
    )
    const policy = planPolicy(checked.compiled!, { entrypoints: ['agg/all'] }).policy!
    const biggest = (wasm: Uint8Array) => Math.max(...readModule(wasm).codes.map((c) => c.length))
    const inline = compileWasm(policy, { outlineMinStmts: Infinity }).wasm
    const outlined = compileWasm(policy).wasm
    expect(biggest(outlined)).toBeLessThan(biggest(inline) / 4)
    const input = { xs: [1, 12, 5] }
    const a = PolicyInstance.createSync(inline, { hostBuiltins: hostBuiltinImpls }).evaluate(input, 'agg/all')
    expect(PolicyInstance.createSync(outlined, { hostBuiltins: hostBuiltinImpls }).evaluate(input, 'agg/all')).toEqual(
      a,
    )
    // x = 12 passes every rule; x = 1 the rules with i % 7 == 0; x = 5 none (no leading 1).
    expect((a as { result: unknown[] }[])[0]!.result).toHaveLength(n + Math.floor((n - 1) / 7) + 1)
  }, 120_000)
})
