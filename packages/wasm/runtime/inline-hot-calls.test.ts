import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { instantiate, toText, validate, wat } from '../src/binary/testing.js'
// @ts-expect-error: a plain .mjs build script, without types
import { inlineHotCalls } from './inline-hot-calls.mjs'

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..')

// A helper of ~17 expression nodes with a loop, called from two places: past -O3s's limits
// (6 nodes, no loops, for a function with more than one caller) but inside the round's.
const MODULE = `(module
  (import "env" "memory" (memory 1))
  (func $sum (param $p i32) (param $n i32) (result i32) (local $s i32)
    (loop $next
      (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))
  (func (export "a") (param i32) (result i32) (call $sum (local.get 0) (i32.const 4)))
  (func (export "b") (param i32) (result i32)
    (memory.fill (local.get 0) (i32.const 1) (i32.const 8))
    (call $sum (local.get 0) (i32.const 8))))`

describe('the inlining round after asc', () => {
  it('inlines a small helper with a loop into its callers, keeps bulk memory, and the module computes the same', async () => {
    const before = await wat(MODULE)
    const after = await inlineHotCalls(pkg, before)
    await validate(after)
    const text = await toText(after)
    expect(text).not.toMatch(/\bcall\b/)
    expect(text).toMatch(/memory\.fill/)
    const memory = new WebAssembly.Memory({ initial: 1 })
    new Uint8Array(memory.buffer).set([1, 2, 3, 4], 100)
    const x = await instantiate(after, { env: { memory } })
    expect(x.a(100)).toBe(10)
    expect(x.b(200)).toBe(8)
  })

  it('keeps the call of a function it is told not to inline (a placeholder the linker replaces), however small', async () => {
    const small = `(module
      (func $placeholder (export "eval") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func (export "caller") (param i32) (result i32) (call $placeholder (local.get 0))))`
    const inlined = await toText(await inlineHotCalls(pkg, await wat(small)))
    expect(inlined).not.toMatch(/\bcall\b/)
    const kept = await inlineHotCalls(pkg, await wat(small), ['eval'])
    expect(await toText(kept)).toMatch(/\bcall\b/)
    expect((await instantiate(kept, {})).caller(41)).toBe(42)
    await expect(inlineHotCalls(pkg, await wat(small), ['missing'])).rejects.toThrow(/no export missing/)
  })
})
