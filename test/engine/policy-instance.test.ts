import { BuiltinError, builtinDecls, type BuiltinDecl, type BuiltinImpl } from '@cordon/builtins'
import { PolicyEvalError, PolicyInstance } from '@cordon/engine'
import { buildWasm } from '@cordon/wasm'
import { describe, expect, it } from 'vitest'

// A builtin the runtime does not have, so calls to it go to the host.
const shoutDecl: BuiltinDecl = {
  name: 'shout',
  decl: { type: 'function', args: [{ type: 'string' }], result: { type: 'string' } },
}
const builtins = new Map([...builtinDecls, ['shout', shoutDecl]])

function compile(text: string, entrypoints: string[]): Uint8Array {
  const built = buildWasm([{ file: 'policy.rego', text }], { entrypoints, builtins })
  if (!built.wasm) throw new Error(built.diagnostics.map((d) => d.message).join('; '))
  return built.wasm
}

const policy = `package app

allow if input.user in data.admins

greeting := shout(input.user)

conflict := 1 if input.a
conflict := 2 if input.b
`

describe('PolicyInstance', () => {
  it('evaluates entrypoints by name and by id over data and input', () => {
    const p = PolicyInstance.createSync(compile(policy, ['app/allow']))
    p.setData({ admins: ['alice'] })
    expect(p.evaluate({ user: 'alice' }, 'app/allow')).toEqual([{ result: true }])
    expect(p.evaluate({ user: 'eve' }, 0)).toEqual([])
    expect(p.evaluate(undefined, 'app/allow')).toEqual([])
    expect(() => p.evaluate({}, 'app/nope')).toThrow('entrypoint app/nope is not in this module')
  })

  it('refuses at load a module whose host builtins are missing, naming them', () => {
    const wasm = compile(policy, ['app/greeting'])
    expect(() => PolicyInstance.createSync(wasm)).toThrow('the module needs builtins the host does not provide: shout')
  })

  it('calls value-level and SDK-style host builtins', () => {
    const wasm = compile(policy, ['app/greeting'])
    const shout: BuiltinImpl = ([s]) => `${String(s).toUpperCase()}!`
    const p = PolicyInstance.createSync(wasm, { hostBuiltins: new Map([['shout', shout]]) })
    expect(p.evaluate({ user: 'bob' }, 'app/greeting')).toEqual([{ result: 'BOB!' }])
    const q = PolicyInstance.createSync(wasm, { builtins: { shout: (s) => `${s}?` } })
    expect(q.evaluate({ user: 'bob' }, 'app/greeting')).toEqual([{ result: 'bob?' }])
  })

  it('makes a failing builtin undefined, or an error in strict mode', () => {
    const fail: BuiltinImpl = () => {
      throw new BuiltinError('eval_builtin_error', 'shout: too quiet')
    }
    const p = PolicyInstance.createSync(compile(policy, ['app/greeting']), { hostBuiltins: new Map([['shout', fail]]) })
    expect(p.evaluate({ user: 'x' }, 'app/greeting')).toEqual([])
    const err = (() => {
      try {
        p.evaluate({ user: 'x' }, 'app/greeting', { strict: true })
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(PolicyEvalError)
    expect((err as PolicyEvalError).code).toBe('eval_builtin_error')
    // The message carries the call's location, as OPA's does.
    expect((err as PolicyEvalError).message).toBe('policy.rego:5: shout: too quiet')
    // The instance stays usable after an error.
    expect(p.evaluate({ user: 'x' }, 'app/greeting')).toEqual([])
  })

  it('reports conflicting complete rules as eval_conflict_error with the rule location', () => {
    const p = PolicyInstance.createSync(compile(policy, ['app/conflict']))
    expect(p.evaluate({ a: true }, 'app/conflict')).toEqual([{ result: 1 }])
    let err: unknown
    try {
      p.evaluate({ a: true, b: true }, 'app/conflict')
    } catch (e) {
      err = e
    }
    expect((err as PolicyEvalError).code).toBe('eval_conflict_error')
    expect((err as PolicyEvalError).message).toMatch(/^policy\.rego:\d+: .*multiple outputs/)
  })

  it('does not grow memory over 100,000 evaluations after the first few', () => {
    const p = PolicyInstance.createSync(compile(policy, ['app/allow']))
    p.setData({ admins: Array.from({ length: 50 }, (_, i) => `user-${i}`) })
    const input = JSON.stringify({ user: 'user-49', padding: 'x'.repeat(2000) })
    for (let i = 0; i < 100; i++) p.evaluateText(input, 'app/allow')
    const settled = p.memoryBytes
    for (let i = 0; i < 100_000; i++) p.evaluateText(input, 'app/allow')
    expect(p.memoryBytes).toBe(settled)
    expect(p.evaluateText(input, 'app/allow')).toBe('[{"result":true}]')
  })

  it('gives a module with more static data than the default memory the pages it declares', () => {
    const big = 'k'.repeat(400_000)
    const wasm = compile(`package big\n\nname := "${big}"\n\nn := count(name)\n`, ['big/n'])
    const p = PolicyInstance.createSync(wasm)
    expect(p.evaluate(undefined, 'big/n')).toEqual([{ result: 400_000 }])
  })
})
