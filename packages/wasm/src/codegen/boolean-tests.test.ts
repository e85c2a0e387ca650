/**
 * A body's test of a native builtin's boolean (`startswith(x, "a")`,
 * `x > 1`, `x in s` as statements): read inline from the value
 * (FnEmitter.falsyTestBoolean). True holds, false and undefined fail, as
 * through `cordon_undefined_or_false`.
 */
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'

const TEXT = `package t
p contains "starts" if startswith(input.s, "a")
p contains "not starts" if not startswith(input.s, "a")
p contains "greater" if input.x > 1
p contains "member" if input.s in {"abc", "x"}
p contains "equal" if input.x == 2
`

describe('tests of native booleans', () => {
  test('true holds; false and undefined (a missing or mistyped operand) fail', () => {
    const built = buildWasm([{ file: 'p.rego', text: TEXT }], { entrypoints: ['t/p'] })
    const inst = PolicyInstance.createSync(built.wasm!)
    const p = (input: unknown) => (inst.evaluate(input, 't/p')[0]!.result as string[]).sort()
    expect(p({ s: 'abc', x: 2 })).toEqual(['equal', 'greater', 'member', 'starts'])
    expect(p({ s: 'bcd', x: 1 })).toEqual(['not starts'])
    // startswith of a number is an error, so undefined: its negation holds.
    expect(p({ s: 7 })).toEqual(['not starts'])
    // A missing operand fails the body before the negation, as in OPA.
    expect(p({})).toEqual([])
  })
})
