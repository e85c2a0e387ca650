/**
 * Fuel (fuel.ts): one unit per scan step and per func call, whether the step
 * is spent by generated code or by the runtime's `cordon_scan_step`; the
 * abort message is FUEL_EXHAUSTED either way.
 */
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'
import { compileWasm } from './compile-policy.js'
import { FUEL_EXHAUSTED, funcsWithoutEntryFuel } from './fuel.js'

const policy = buildWasm([{ file: 'p.rego', text: 'package t\nn := count([x | some x in input.xs])\n' }], {
  entrypoints: ['t/n'],
}).policy!

/** Whether an evaluation of `t/n` of `planned` over `length` elements finishes with `fuel`. */
function finishes(fuel: number, length: number, planned = policy): boolean {
  const inst = PolicyInstance.createSync(compileWasm(planned, { fuel }).wasm)
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

/** Fuel an evaluation of `t/n` over `length` elements spends: the least limit it finishes with. */
function fuelSpent(text: string, length: number): number {
  const built = buildWasm([{ file: 'p.rego', text }], { entrypoints: ['t/n'] }).policy!
  const runs = (fuel: number) => finishes(fuel, length, built)
  let lo = 1
  let hi = 1
  while (!runs(hi)) hi *= 2
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (runs(mid)) hi = mid
    else lo = mid + 1
  }
  return lo
}

describe('fuel at func entry', () => {
  // Per element: what 10 more elements cost, over 10.
  const perElement = (text: string) => (fuelSpent(text, 20) - fuelSpent(text, 10)) / 10

  test('a func without scans or calls spends nothing at entry: its calls are charged to the scan step', () => {
    expect(perElement('package t\nf(x) := x + 1\nn := count([y | some x in input.xs; y := f(x)])\n')).toBe(1)
  })

  test('a func calling only such a func spends nothing either', () => {
    const text = 'package t\nf(x) := x + 1\ng(x) := f(x) * 2\nn := count([y | some x in input.xs; y := g(x)])\n'
    expect(perElement(text)).toBe(1)
  })

  test('a chain of small funcs spends nothing at entry either', () => {
    const text =
      'package t\nf(x) := x + 1\ng(x) := f(x) * 2\nh(x) := g(x) - 1\nn := count([y | some x in input.xs; y := h(x)])\n'
    expect(perElement(text)).toBe(1)
  })

  test('a func whose uncharged calls would run more than MAX_UNCHARGED_STMTS statements pays at entry', () => {
    // f0 is a handful of statements; each level doubles them, so some level passes the bound and spends.
    const lines = ['package t', 'f0(x) := x + 1']
    const levels = 12
    for (let i = 1; i <= levels; i++) lines.push(`f${i}(x) := f${i - 1}(x) + f${i - 1}(x + 1)`)
    lines.push(`n := count([y | some x in input.xs; y := f${levels}(x)])`)
    const text = lines.join('\n')
    const policy = buildWasm([{ file: 'p.rego', text }], { entrypoints: ['t/n'] }).policy!
    const uncharged = funcsWithoutEntryFuel(policy)
    const level = (i: number) => policy.funcs.find((f) => f.name.endsWith(`.f${i}`))!.name
    const charged = Array.from({ length: levels + 1 }, (_, i) => i).filter((i) => !uncharged.has(level(i)))
    expect(uncharged.has(level(0))).toBe(true)
    // The level past the bound pays; the one above it is small again (its call of a paying func adds nothing).
    expect(charged.length).toBeGreaterThan(0)
    expect(charged.length).toBeLessThan(levels)
    // Per element, the scan step plus each charged call: more than one unit.
    expect(perElement(text)).toBeGreaterThan(1)
  })

  test('a func with a scan spends one unit per step, and nothing at entry when the rest of it is small', () => {
    const text = 'package t\nf(x) := count([z | some z in [x, x]])\nn := count([y | some x in input.xs; y := f(x)])\n'
    expect(perElement(text)).toBe(3)
  })

  test('funcs calling funcs twice, 24 deep (16 million calls), still run out of fuel', () => {
    const lines = ['package t', 'f0(x) := x + 1']
    for (let i = 1; i <= 24; i++) lines.push(`f${i}(x) := f${i - 1}(x) + f${i - 1}(x + 1)`)
    lines.push('n := f24(input.xs[0])')
    const built = buildWasm([{ file: 'p.rego', text: lines.join('\n') }], { entrypoints: ['t/n'] }).policy!
    const inst = PolicyInstance.createSync(compileWasm(built, { fuel: 100_000 }).wasm)
    expect(() => inst.evaluate({ xs: [1] }, 't/n')).toThrow(FUEL_EXHAUSTED)
  })
})
