// PolicyInstance memoizes Cordon's own pure host builtins (sprintf,
// time.parse_*) by argument text: results must be those of a fresh instance,
// errors are not memoized, and a custom implementation is never memoized.
import { hostBuiltinImpls, type BuiltinImpl } from '@cordon/builtins'
import { PolicyEvalError, PolicyInstance } from '@cordon/engine'
import { buildWasm } from '@cordon/wasm'
import { describe, expect, it } from 'vitest'

const policy = `package m

ns := time.parse_rfc3339_ns(input.t)

msg := sprintf("%s at %d", [input.who, ns])

both := [ns, msg, time.parse_rfc3339_ns(data.from)]
`

function compile(): Uint8Array {
  const built = buildWasm([{ file: 'm.rego', text: policy }], { entrypoints: ['m/both', 'm/ns'] })
  if (!built.wasm) throw new Error(built.diagnostics.map((d) => d.message).join('; '))
  return built.wasm
}

describe('PolicyInstance memoizes pure host builtins', () => {
  const wasm = compile()
  const inputs = [
    { t: '2026-11-27T12:00:00Z', who: 'a' },
    { t: '2026-11-27T12:00:01Z', who: 'b' },
    { t: '2026-11-27T12:00:00Z', who: 'a' },
    { t: 'not a time', who: 'c' },
    { t: '2026-11-27T12:00:00+01:00', who: 'ü' },
    { t: '2026-11-27T12:00:00Z', who: 'a' },
  ]

  it('gives the results of a fresh instance, decision after decision', () => {
    const reused = PolicyInstance.createSync(wasm, { hostBuiltins: hostBuiltinImpls })
    reused.setData({ from: '2026-01-01T00:00:00Z' })
    for (let round = 0; round < 3; round++) {
      for (const input of inputs) {
        const fresh = PolicyInstance.createSync(wasm, { hostBuiltins: hostBuiltinImpls })
        fresh.setData({ from: '2026-01-01T00:00:00Z' })
        expect(reused.evaluateText(JSON.stringify(input), 'm/both'), JSON.stringify(input)).toBe(
          fresh.evaluateText(JSON.stringify(input), 'm/both'),
        )
      }
    }
  })

  it('does not memoize errors: strict evaluations still fail after lenient ones', () => {
    const p = PolicyInstance.createSync(wasm, { hostBuiltins: hostBuiltinImpls })
    p.setData({ from: '2026-01-01T00:00:00Z' })
    expect(p.evaluate({ t: 'nope' }, 'm/ns')).toEqual([])
    expect(() => p.evaluate({ t: 'nope' }, 'm/ns', { strict: true })).toThrow(PolicyEvalError)
  })

  it('never memoizes a custom implementation', () => {
    let calls = 0
    const custom: BuiltinImpl = (args, ctx) => {
      calls++
      return hostBuiltinImpls.get('sprintf')!(args, ctx)
    }
    const p = PolicyInstance.createSync(wasm, { hostBuiltins: new Map([...hostBuiltinImpls, ['sprintf', custom]]) })
    p.setData({ from: '2026-01-01T00:00:00Z' })
    // A float for %s: sprintf's native fast path leaves that call to the host.
    for (let i = 0; i < 3; i++) p.evaluate({ t: '2026-11-27T12:00:00Z', who: 1.5 }, 'm/both')
    expect(calls).toBe(3)
  })
})
