import { AssertionError } from 'node:assert'
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyInstance } from '@cordon/engine'
import { buildWasm } from '@cordon/wasm'
import { describe, expect, it } from 'vitest'
import { expectDecision } from './expect-decision.js'

const policy = `package app

decision := {"allow": count(reasons) == 0, "code": code, "reasons": reasons}

reasons contains "user is not an admin" if input.user != "alice"

code := "ok" if count(reasons) == 0
code := "not_admin" if count(reasons) > 0

allow if input.user == "alice"
`

function instance(): PolicyInstance {
  const built = buildWasm([{ file: 'app.rego', text: policy }], { entrypoints: ['app/decision', 'app/allow'] })
  if (!built.wasm) throw new Error(JSON.stringify(built.diagnostics))
  return PolicyInstance.createSync(built.wasm, { hostBuiltins: hostBuiltinImpls })
}

describe('expectDecision', () => {
  it('asserts allow, deny with a code, and reasons over a PolicyInstance', () => {
    const i = instance()
    expectDecision(i, { user: 'alice' }, 'app/decision').toAllow()
    expectDecision(i, { user: 'bob' }, 'app/decision').toDeny()
    expectDecision(i, { user: 'bob' }, 'app/decision').toDeny('not_admin')
    expectDecision(i, { user: 'bob' }, 'app/decision').toHaveReason('not an admin')
    // A boolean rule, and an undefined one, are decisions too.
    expectDecision(i, { user: 'alice' }, 'app/allow').toAllow()
    expectDecision(i, { user: 'bob' }, 'app/allow').toDeny()
  })

  it('throws AssertionErrors that name the entrypoint, the input and the decision', () => {
    const i = instance()
    const thrown = (fn: () => void) => {
      try {
        fn()
      } catch (err) {
        expect(err).toBeInstanceOf(AssertionError)
        return (err as Error).message
      }
      throw new Error('no assertion error')
    }
    expect(thrown(() => expectDecision(i, { user: 'bob' }, 'app/decision').toAllow())).toBe(
      'expected app/decision for input {"user":"bob"} to allow, but it denies with code "not_admin"\n' +
        '  decision: {"allow":false,"code":"not_admin","reasons":["user is not an admin"]}',
    )
    expect(thrown(() => expectDecision(i, { user: 'alice' }, 'app/decision').toDeny())).toMatch(
      /^expected app\/decision for input \{"user":"alice"\} to deny, but it allows/,
    )
    expect(thrown(() => expectDecision(i, { user: 'bob' }, 'app/decision').toDeny('expired'))).toMatch(
      /to deny with code "expired", but the code is "not_admin"/,
    )
    expect(thrown(() => expectDecision(i, { user: 'bob' }, 'app/decision').toHaveReason('quota'))).toMatch(
      /reason containing "quota"; reasons: \["user is not an admin"\]/,
    )
    expect(thrown(() => expectDecision(i, { user: 'bob' }, 'app/allow').toAllow())).toMatch(
      /to allow, but it does not\n {2}decision: undefined/,
    )
  })

  it('takes a function from input to decision, and needs the entrypoint when there are several', () => {
    const decide = (input: unknown) => ({
      allow: (input as { n: number }).n > 1,
      code: 'small',
      reason: 'n is too small',
    })
    expectDecision(decide, { n: 2 }).toAllow()
    expectDecision(decide, { n: 1 }).toDeny('small')
    expectDecision(decide, { n: 1 }).toHaveReason('too small')
    expect(() => expectDecision(instance(), {})).toThrow(
      /pass the entrypoint \(one of app\/(decision|allow), app\/(decision|allow)\)/,
    )
  })
})
