/**
 * Constant-key lookups along a path looked up once per call (dot-cache.ts):
 * the answers of bodies that read one path several times, after a failed
 * body, in loops, through function arguments, around `with`, and with the
 * path missing.
 */
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'

const POLICY = `package t
r contains "a" if {
  "x" in input.cfg.list
  input.never
}
r contains "b" if "y" in input.cfg.list
r contains "c" if {
  some v in input.items
  v == input.cfg.pick
}
r contains "d" if not input.cfg.missing.deeper

inner := input.cfg.pick

w := [a, b, d, c, inner] if {
  a := input.cfg.pick
  b := inner with input.cfg.pick as "z"
  d := input.cfg.pick with input.cfg.pick as "z"
  c := input.cfg.pick
}

f(o) := [o.a.b, o.a.b, o.a.c]

g := f(input.obj)

h := [f(input.obj), f(input.other)]
`

function instance(): PolicyInstance {
  const r = buildWasm([{ file: 'p.rego', text: POLICY }], { entrypoints: ['t/r', 't/w', 't/g', 't/h'] })
  if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  return PolicyInstance.createSync(r.wasm)
}

describe('constant-key lookups along a path, once per call', () => {
  test('give the answers of a lookup each time', () => {
    const inst = instance()
    const input = {
      cfg: { list: ['x', 'y'], pick: 'p' },
      items: ['q', 'p'],
      obj: { a: { b: 1, c: 2 } },
      other: { a: { b: 3 } },
    }
    expect(inst.evaluate(input, 't/r')).toEqual([{ result: ['b', 'c', 'd'] }])
    expect(inst.evaluate(input, 't/w')).toEqual([{ result: ['p', 'z', 'z', 'p', 'p'] }])
    expect(inst.evaluate(input, 't/g')).toEqual([{ result: [1, 1, 2] }])
    // f of input.other has no a.c: undefined, so h is too; each call looks its own argument up.
    expect(inst.evaluate(input, 't/h')).toEqual([])
    expect(inst.evaluate({ ...input, other: { a: { b: 3, c: 4 } } }, 't/h')).toEqual([
      {
        result: [
          [1, 1, 2],
          [3, 3, 4],
        ],
      },
    ])
    // The path missing, then present, decision after decision in one instance.
    expect(inst.evaluate({ cfg: {} }, 't/r')).toEqual([{ result: ['d'] }])
    expect(inst.evaluate({ cfg: { list: ['y'], missing: { deeper: true } } }, 't/r')).toEqual([{ result: ['b'] }])
    expect(inst.evaluate({ cfg: { pick: 'p' }, items: ['p'] }, 't/r')).toEqual([{ result: ['c', 'd'] }])
    expect(inst.evaluate({}, 't/w')).toEqual([])
  })
})
