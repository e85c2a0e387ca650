/**
 * Custom builtins of every shape, shared by the cross-package tests: 0 to 4
 * arguments and more (6, packed by the compiler), composite arguments and
 * results (sets, objects with non-string keys), a throwing one and a
 * nondeterministic one. `MODULE_TEXT` is the same set as an ES module file
 * for `cordon … --builtins` and the edge-runtime script (built dist).
 */
import { defineBuiltin, RegoObject, RegoSet } from '@cordon/builtins'

let ticks = 0

export const definitions = [
  defineBuiltin({ name: 'acme.zero', args: [], result: { type: 'string' }, impl: () => 'zero' }),
  defineBuiltin({
    name: 'acme.double',
    args: [{ type: 'number' }],
    result: { type: 'number' },
    impl: (x) => (typeof x === 'bigint' ? x * 2n : x * 2),
  }),
  defineBuiltin({
    name: 'acme.pair',
    args: [{ type: 'string' }, { type: 'number' }],
    result: { type: 'array' },
    impl: (s, n) => [s, n],
  }),
  defineBuiltin({
    name: 'acme.clamp',
    args: [{ type: 'number' }, { type: 'number' }, { type: 'number' }],
    result: { type: 'number' },
    impl: (x, lo, hi) => Math.min(Math.max(Number(x), Number(lo)), Number(hi)),
  }),
  defineBuiltin({
    name: 'acme.join4',
    args: [{ type: 'string' }, { type: 'string' }, { type: 'string' }, { type: 'string' }],
    result: { type: 'string' },
    impl: (a, b, c, d) => [a, b, c, d].join('-'),
  }),
  defineBuiltin({
    name: 'acme.join6',
    args: [
      { type: 'string' },
      { type: 'string' },
      { type: 'string' },
      { type: 'string' },
      { type: 'string' },
      { type: 'number' },
    ],
    result: { type: 'string' },
    impl: (a, b, c, d, e, n) => [a, b, c, d, e, String(n)].join('-'),
  }),
  // Composite: a set in, an object with number and array keys out.
  defineBuiltin({
    name: 'acme.index',
    args: [{ type: 'set', of: { type: 'string' } }],
    result: { type: 'object', dynamic: { key: { type: 'any' }, value: { type: 'any' } } },
    impl: (s) =>
      new RegoObject([
        [s.size, 'size'],
        [['sorted'], s.values()],
        ['set', new RegoSet(s.values().map((x) => String(x).toUpperCase()))],
      ]),
  }),
  defineBuiltin({
    name: 'acme.keys',
    args: [{ type: 'object' }],
    result: { type: 'set' },
    impl: (o) => new RegoSet(o.keys()),
  }),
  defineBuiltin({
    name: 'acme.boom',
    args: [{ type: 'any' }],
    result: { type: 'boolean' },
    impl: () => {
      throw new Error('kaboom')
    },
  }),
  defineBuiltin({
    name: 'acme.tick',
    args: [],
    result: { type: 'number' },
    nondeterministic: true,
    impl: () => ++ticks,
  }),
]

/** The policy using them; entrypoint `cb/out` collects every result. */
export const POLICY = `package cb

out := {
  "zero": acme.zero(),
  "double": acme.double(input.x),
  "pair": acme.pair("a", 1),
  "clamp": acme.clamp(input.x, 0, 10),
  "join4": acme.join4("a", "b", "c", "d"),
  "join6": acme.join6("a", "b", "c", "d", "e", 6),
  "index": acme.index({"b", "a"}),
  "keys": acme.keys({1: "one", [2]: "two", "3": 3}),
  "same_tick": same_tick,
}

same_tick if {
  a := acme.tick()
  b := acme.tick()
  a == b
}

boom := acme.boom(1)

default allow := false

allow if acme.double(input.x) > 10
`

/** What `cb/out` gives for input `{x: 21}`, as JSON (sets as arrays, non-string keys as strings). */
export const EXPECTED_OUT = {
  zero: 'zero',
  double: 42,
  pair: ['a', 1],
  clamp: 10,
  join4: 'a-b-c-d',
  join6: 'a-b-c-d-e-6',
  index: { '2': 'size', '["sorted"]': ['a', 'b'], set: ['A', 'B'] },
  keys: [1, '3', [2]],
  same_tick: true,
}

/** The same builtins as an ES module, importing the built `@cordon/builtins` from `builtinsUrl`. */
export function moduleText(builtinsUrl: string): string {
  return `import { defineBuiltin, RegoObject, RegoSet } from ${JSON.stringify(builtinsUrl)}
let ticks = 0
export default [
  defineBuiltin({ name: 'acme.zero', args: [], result: { type: 'string' }, impl: () => 'zero' }),
  defineBuiltin({ name: 'acme.double', args: [{ type: 'number' }], result: { type: 'number' }, impl: (x) => (typeof x === 'bigint' ? x * 2n : x * 2) }),
  defineBuiltin({ name: 'acme.pair', args: [{ type: 'string' }, { type: 'number' }], result: { type: 'array' }, impl: (s, n) => [s, n] }),
  defineBuiltin({ name: 'acme.clamp', args: [{ type: 'number' }, { type: 'number' }, { type: 'number' }], result: { type: 'number' }, impl: (x, lo, hi) => Math.min(Math.max(Number(x), Number(lo)), Number(hi)) }),
  defineBuiltin({ name: 'acme.join4', args: [{ type: 'string' }, { type: 'string' }, { type: 'string' }, { type: 'string' }], result: { type: 'string' }, impl: (a, b, c, d) => [a, b, c, d].join('-') }),
  defineBuiltin({ name: 'acme.join6', args: [{ type: 'string' }, { type: 'string' }, { type: 'string' }, { type: 'string' }, { type: 'string' }, { type: 'number' }], result: { type: 'string' }, impl: (a, b, c, d, e, n) => [a, b, c, d, e, String(n)].join('-') }),
  defineBuiltin({ name: 'acme.index', args: [{ type: 'set', of: { type: 'string' } }], result: { type: 'object' }, impl: (s) => new RegoObject([[s.size, 'size'], [['sorted'], s.values()], ['set', new RegoSet(s.values().map((x) => x.toUpperCase()))]]) }),
  defineBuiltin({ name: 'acme.keys', args: [{ type: 'object' }], result: { type: 'set' }, impl: (o) => new RegoSet(o.keys()) }),
  defineBuiltin({ name: 'acme.boom', args: [{ type: 'any' }], result: { type: 'boolean' }, impl: () => { throw new Error('kaboom') } }),
]
// A named export and a plain spec object (no defineBuiltin) are picked up too.
export const tick = defineBuiltin({ name: 'acme.tick', args: [], result: { type: 'number' }, nondeterministic: true, impl: () => ++ticks })
`
}
