/**
 * Fuel (fuel.ts): one unit per scan step and per func call, whether the step
 * is spent by generated code or by the runtime's `cordon_scan_step`; the
 * abort message is FUEL_EXHAUSTED either way.
 */
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'
import { compileWasm } from './compile-policy.js'
import { FUEL_EXHAUSTED } from './fuel.js'

const policy = buildWasm([{ file: 'p.rego', text: 'package t\nn := count([x | some x in input.xs])\n' }], {
  entrypoints: ['t/n'],
}).policy!

/** Whether an evaluation over `length` elements finishes with `fuel`. */
function finishes(fuel: number, length: number): boolean {
  const inst = PolicyInstance.createSync(compileWasm(policy, { fuel }).wasm)
  try {
    inst.evaluate({ xs: Array.from({ length }, (_, i) => i) }, 't/n')
    return true
  } catch (err) {
    expect(String(err)).toContain(FUEL_EXHAUSTED)
    return false
  }
}

describe('fuel', () => {
  test('each scan step spends exactly one unit', () => {
    // The longest input fuel 100 finishes; 100 more fuel finishes exactly 100 more elements.
    let longest = 0
    while (finishes(100, longest + 1)) longest++
    expect(longest).toBeGreaterThan(90)
    expect(finishes(200, longest + 100)).toBe(true)
    expect(finishes(200, longest + 101)).toBe(false)
  })
})
