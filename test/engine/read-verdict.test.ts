// The engine decides without a decision log by reading the entrypoint's
// result straight into its verdict (PolicyInstance.evaluateVerdict). That
// verdict must be the one verdictFromResultSet makes of the result set the
// JSON text path gives, field for field and key for key, for every shape an
// entrypoint can have, including those it hands back to the JSON dump.
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyInstance, verdictFromResultSet, type ResultSet } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../support/random.js'
import { compile } from './support/bundles.js'

const policy = `package vr

value := input.v

with_set := object.union(input.v, {"s": {x | some x in input.xs}})

solutions contains x if some x in input.xs

bool := input.b
`
const ENTRYPOINTS = ['vr/value', 'vr/with_set', 'vr/solutions', 'vr/bool']

function randomField(rand: () => number, depth: number): unknown {
  const pick = rand()
  if (depth <= 0 || pick < 0.5) {
    const scalars: unknown[] = [
      null,
      true,
      false,
      0,
      7,
      -1.5,
      2 ** 60,
      '',
      'ok',
      'nationality_restricted',
      'ümlaut',
      'x'.repeat(80),
    ]
    return scalars[Math.floor(rand() * scalars.length)]
  }
  if (pick < 0.75) return Array.from({ length: Math.floor(rand() * 4) }, () => randomField(rand, depth - 1))
  return randomDecision(rand, depth - 1)
}

/** Objects with the verdict's fields (of every type, or missing) among others. */
function randomDecision(rand: () => number, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = {}
  const keys = ['allow', 'code', 'reasons', 'alternatives', 'legal_basis', 'a', 'Z', '__proto__', 'é']
  for (let i = Math.floor(rand() * 7); i > 0; i--) o[keys[Math.floor(rand() * keys.length)]!] = randomField(rand, depth)
  if (rand() < 0.6) o.allow = rand() < 0.5
  return o
}

describe('PolicyInstance.evaluateVerdict: the verdict of the result set, read from memory', () => {
  const inst = PolicyInstance.createSync(compile(policy, ENTRYPOINTS), { hostBuiltins: hostBuiltinImpls })
  inst.setData({})

  const same = (input: Record<string, unknown>) => {
    for (const ep of ENTRYPOINTS) {
      const expected = verdictFromResultSet(inst.evaluateJson(JSON.stringify(input), ep) as ResultSet)
      const direct = inst.evaluateVerdict(input, ep)
      expect(direct, `${ep} ${JSON.stringify(input)}`).toEqual(expected)
      expect(JSON.stringify(direct), `${ep} ${JSON.stringify(input)}`).toBe(JSON.stringify(expected))
      expect(Object.getPrototypeOf(direct.result)).toBe(Object.prototype)
    }
  }

  it('random decisions: allow of any type or missing, code and reasons of any type, other fields in key order', () => {
    const rand = seededRandom(7)
    for (let i = 0; i < 1500; i++)
      same({ v: randomDecision(rand, 3), xs: ['a', 'b'].slice(0, Math.floor(rand() * 3)), b: rand() < 0.5 })
  })

  it('booleans, non-objects, undefined, several solutions and sets', () => {
    same({ v: true, xs: [], b: false })
    same({ v: 'allow', xs: [1], b: true })
    same({ v: [{ allow: true }], xs: [1, 2] })
    same({ v: { allow: 'yes' }, xs: [3] })
    same({ v: { code: 'c', reasons: ['r'] }, xs: [] })
    same({ xs: [] })
    same({
      v: { allow: false, code: { nested: ['x'] }, reasons: 'one reason', z: { __proto__: 1 } } as Record<
        string,
        unknown
      >,
      xs: ['p', 'q'],
    })
  })

  it('a result field named __proto__ is an own property of result', () => {
    const v = JSON.parse('{"allow": true, "__proto__": {"polluted": true}}') as Record<string, unknown>
    same({ v, xs: [] })
    const verdict = inst.evaluateVerdict({ v, xs: [] }, 'vr/value')
    expect(Object.keys(verdict.result)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
