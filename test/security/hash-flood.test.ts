/**
 * Issue 14.7, hash flooding: 40k object keys forged to share one hash under
 * the runtime's old, unseeded string hash (0.7 MB of JSON) put every key in
 * one bucket; a decision that looks each key up then walks a 40k-long chain
 * per key, and the module's JSON parser does the same on insert (5–9 s of a
 * blocked event loop). Each instance's hash is now keyed at random, so the
 * forged keys spread like any others. Timed against a control, not a clock:
 * the same decision over as many ordinary keys of the same length.
 */
import { hostBuiltinImpls } from '@cordon/builtins'
import { createEngine, PolicyInstance } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { compile } from '../engine/support/bundles.js'
import { collidingKeys, legacyStringHash } from './support/colliding-keys.js'

const KEYS = 40_000
const policy = `package flood

default allow := false

# Looks every key up: a lookup walks the key's bucket chain.
allow if {
	count(input.headers) > 0
	every k, v in input.headers { input.headers[k] == v }
}
`
const forged = collidingKeys(KEYS)
const ordinary = Array.from({ length: KEYS }, (_, i) => `h-${i.toString(36).padStart(10, '0')}`)
const headers = (keys: readonly string[]) => ({ headers: Object.fromEntries(keys.map((k, i) => [k, i])) })

/** Best of three runs of `run`, in ms. */
function best(run: () => void): number {
  let min = Infinity
  for (let i = 0; i < 3; i++) {
    const t = performance.now()
    run()
    min = Math.min(min, performance.now() - t)
  }
  return min
}

/** The forged input costs about what the ordinary one does (a flood costs 100× and more). */
function expectNoFlood(forgedMs: number, ordinaryMs: number): void {
  expect(forgedMs, `forged ${forgedMs.toFixed(0)} ms, ordinary ${ordinaryMs.toFixed(0)} ms`).toBeLessThan(
    4 * ordinaryMs + 100,
  )
}

describe('hash flooding (issue 14.7)', () => {
  it('the forged keys do collide under the old hash', () => {
    const encoder = new TextEncoder()
    expect(new Set(forged).size).toBe(KEYS)
    expect(new Set(forged.map((k) => legacyStringHash(encoder.encode(k)))).size).toBe(1)
    expect(JSON.stringify(headers(forged)).length).toBeGreaterThan(600_000)
  })

  it('a decision over 40k forged keys costs what one over ordinary keys does', async () => {
    const engine = await createEngine({ wasm: compile(policy, ['flood/allow']) })
    const decide = (input: unknown) => () => {
      expect(engine.decideSync(input, { entrypoint: 'flood/allow' })).toMatchObject({ allow: true })
    }
    expectNoFlood(best(decide(headers(forged))), best(decide(headers(ordinary))))
  }, 120_000)

  it('the module’s JSON parser stays linear on them', () => {
    const inst = PolicyInstance.createSync(compile(policy, ['flood/allow']), { hostBuiltins: hostBuiltinImpls })
    inst.setData({})
    const evaluate = (text: string) => () => {
      expect(inst.evaluateJson(text, 'flood/allow')).toEqual([{ result: true }])
    }
    expectNoFlood(best(evaluate(JSON.stringify(headers(forged)))), best(evaluate(JSON.stringify(headers(ordinary)))))
  }, 120_000)

  it('each instance has its own hash key', () => {
    const wasm = compile(policy, ['flood/allow'])
    // The module's static strings carry their hash (runtime/VALUES.md: byte 1 set, the hash
    // at offset 12), rehashed with the instance's key; the table is `cordon_strings()`.
    const hashOf = (inst: PolicyInstance) => {
      const x = (inst as unknown as { exports: Record<string, () => number> }).exports
      const view = new DataView((inst as unknown as { memory: WebAssembly.Memory }).memory.buffer)
      const table = x.cordon_strings!()
      const first = view.getUint32(view.getUint32(table + 12, true), true)
      expect(view.getUint8(first + 1)).toBe(1)
      return view.getUint32(first + 12, true)
    }
    const hashes = new Set(Array.from({ length: 4 }, () => hashOf(PolicyInstance.createSync(wasm))))
    expect(hashes.size).toBeGreaterThan(1)
  })
})
