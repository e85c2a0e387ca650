/**
 * never-false.ts: which funcs are never false, and that a body testing such
 * a func's call for `!= false` still fails when the call is undefined and
 * holds when it is defined, while a func that may be false still fails on false.
 */
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'
import { funcsNeverFalse } from './never-false.js'

const TEXT = `package t
# true or undefined
on if input.x > 1
# a string or undefined
name := "n" if input.x > 2
# may be false: a default
default flag := false
flag if input.x > 3
# may be false: a lookup
looked := input.v
# true or undefined, through a local
f(x) if { y := true; x > 0; y }
# may be false: a function of its argument
g(x) := x
uses contains "on" if on
uses contains "name" if name
uses contains "flag" if flag
uses contains "looked" if looked
uses contains "f" if f(input.x)
uses contains "g" if g(input.v)
`

const built = buildWasm([{ file: 'p.rego', text: TEXT }], { entrypoints: ['t/uses'] })

describe('funcs that are never false', () => {
  test('rules and functions whose every value is true, a string or undefined; not defaults, lookups or arguments', () => {
    const names = [...funcsNeverFalse(built.policy!)].map((n) => n.split('.').pop()).sort()
    // uses: a set.
    expect(names).toEqual(['f', 'name', 'on', 'uses'])
  })

  test('their tests in bodies still fail on undefined; the others still fail on false', () => {
    const inst = PolicyInstance.createSync(built.wasm!)
    const uses = (input: unknown) => (inst.evaluate(input, 't/uses')[0]!.result as string[]).sort()
    expect(uses({ x: 0, v: false })).toEqual([])
    expect(uses({ x: 2, v: false })).toEqual(['f', 'on'])
    expect(uses({ x: 4, v: true })).toEqual(['f', 'flag', 'g', 'looked', 'name', 'on'])
  })
})
