/**
 * Plans that differ only in the rule they call share one body (plan-shapes.ts):
 * each entrypoint must still reach its own rule, and entrypoints of other
 * shapes keep theirs.
 */
import { describe, expect, test } from 'vitest'
import { PolicyInstance } from '@cordon/engine'
import { hostBuiltinImpls } from '@cordon/builtins'
import { buildWasm } from './build.js'

const files = [0, 1, 2].map((i) => ({
  file: `c${i}.rego`,
  text: `package c${i}
import rego.v1

deny contains msg if {
	some c in input.items
	c > ${i}
	msg := sprintf("c${i}: %d", [c])
}

allow if input.items[${i}] == ${i}

both := [deny, allow]
`,
}))

function instance(entrypoints: string[]) {
  const r = buildWasm(files, { entrypoints })
  if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  return PolicyInstance.createSync(r.wasm, { hostBuiltins: hostBuiltinImpls })
}

describe('plans sharing one body', () => {
  const entrypoints = ['c0/deny', 'c1/deny', 'c2/deny', 'c0/allow', 'c2/allow', 'c1/both']
  const inst = instance(entrypoints)
  const input = { items: [0, 1, 3] }

  test('each entrypoint reaches its own rule', () => {
    expect(inst.evaluate(input, 'c0/deny')).toEqual([{ result: ['c0: 1', 'c0: 3'] }])
    expect(inst.evaluate(input, 'c1/deny')).toEqual([{ result: ['c1: 3'] }])
    expect(inst.evaluate(input, 'c2/deny')).toEqual([{ result: ['c2: 3'] }])
    expect(inst.evaluate(input, 'c0/allow')).toEqual([{ result: true }])
    expect(inst.evaluate(input, 'c2/allow')).toEqual([])
    expect(inst.evaluate(input, 'c1/both')).toEqual([{ result: [['c1: 3'], true] }])
  })
})
