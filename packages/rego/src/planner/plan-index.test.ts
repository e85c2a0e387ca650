/**
 * Rule indexing in the planner: where a `Switch` is made and where it must
 * not be, and that the indexed plan gives what running every body gives
 * (checked with the reference interpreter against `indexRules: false`).
 */
import { describe, expect, it } from 'vitest'
import type { Block, Policy, Stmt } from '../ir/ir.js'
import { printFunc } from '../ir/print.js'
import { MIN_INDEXED_BODIES } from './rule-index.js'
import { mustPlan, rows, run } from './testing/helpers.js'

/** The Switch statements of func `name`, nested ones included. */
function switches(policy: Policy, name: string): Extract<Stmt, { type: 'Switch' }>[] {
  const func = policy.funcs.find((f) => f.name === name)
  if (!func) throw new Error(`no func ${name} in ${policy.funcs.map((f) => f.name).join(', ')}`)
  const out: Extract<Stmt, { type: 'Switch' }>[] = []
  const walk = (blocks: Block[]) => {
    for (const b of blocks)
      for (const s of b.stmts) {
        if (s.type === 'Switch') {
          out.push(s)
          walk(s.cases)
        } else if (s.type === 'Block') walk(s.blocks)
        else if (s.type === 'Scan' || s.type === 'Not' || s.type === 'With') walk([s.block])
      }
  }
  walk(func.blocks)
  return out
}

const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n')

/** Plans `module` with and without the index; the two must agree on every input. */
function both(module: string, entrypoint = 't/p') {
  const modules = [`package t\n${module}`]
  const indexed = mustPlan({ modules, entrypoints: [entrypoint] })
  const plain = mustPlan({ modules, entrypoints: [entrypoint], indexRules: false })
  const check = (input?: unknown, data?: unknown) => {
    const got = run(indexed, entrypoint, input, data)
    expect(got).toEqual(run(plain, entrypoint, input, data))
    return got
  }
  return { indexed, plain, check }
}

describe('rule indexing: where it applies', () => {
  it(`indexes a group when ${MIN_INDEXED_BODIES} bodies compare one ref with constants`, () => {
    const { indexed, plain } = both(lines(MIN_INDEXED_BODIES, (i) => `p contains ${i} if input.kind == "k${i}"`))
    expect(switches(indexed, 'g0.data.t.p')).toHaveLength(1)
    expect(switches(plain, 'g0.data.t.p')).toHaveLength(0)
  })

  it('leaves a group with fewer such bodies as it is', () => {
    const { indexed } = both(lines(MIN_INDEXED_BODIES - 1, (i) => `p contains ${i} if input.kind == "k${i}"`))
    expect(switches(indexed, 'g0.data.t.p')).toHaveLength(0)
  })

  it('accepts every way to write the comparison', () => {
    const { indexed } = both(
      [
        'p contains 1 if input.k == "a"',
        'p contains 2 if "b" == input.k',
        'p contains 3 if input.k = "c"',
        'p contains 4 if "d" = input.k',
      ].join('\n'),
    )
    const [s] = switches(indexed, 'g0.data.t.p')
    expect(s?.cases).toHaveLength(4)
  })

  const notIndexed: [string, (i: number) => string][] = [
    ['negated comparisons', (i) => `p contains ${i} if not input.k == "k${i}"`],
    ['comparisons under with', (i) => `p contains ${i} if input.k == "k${i}" with input.k as "k${i}"`],
    ['refs through body variables', (i) => `p contains ${i} if { x := input; x.k == "k${i}" }`],
    ['refs with a computed key', (i) => `p contains ${i} if { some j in [1]; input.k[j] == "k${i}" }`],
    ['comparisons with non-scalar constants', (i) => `p contains ${i} if input.k == ["k${i}"]`],
    ['numbers not written as canonical integers', (i) => `p contains ${i} if input.k == ${i}.0`],
    ['else chains', (i) => `p := ${i} if input.k == "k${i}" else := -1 if input.j == 2`],
  ]
  for (const [note, line] of notIndexed) {
    it(`does not index ${note}`, () => {
      const { indexed, check } = both(lines(MIN_INDEXED_BODIES + 1, line))
      expect(switches(indexed, 'g0.data.t.p')).toHaveLength(0)
      check({ k: 'k1' })
    })
  }

  it('indexes function arguments: constant patterns and comparisons of the argument variable', () => {
    const { indexed, check } = both(
      [
        'f("a") := 1',
        'f(x) := 2 if x == "b"',
        'f(y) := 3 if { "c" = y }',
        'f(z) := 4 if z.id == "d"',
        'f(w) := 5 if w == "b"',
        'p := f(input.v)',
      ].join('\n'),
    )
    const [s] = switches(indexed, 'g0.data.t.f')
    expect(s?.cases).toHaveLength(3)
    expect(check({ v: 'a' })).toEqual(rows({ result: 1 }))
    expect(check({ v: 'c' })).toEqual(rows({ result: 3 }))
    expect(check({ v: { id: 'd' } })).toEqual(rows({ result: 4 }))
    expect(check({ v: 'x' })).toEqual([])
    expect(() => check({ v: 'b' })).toThrow(
      /functions must not produce multiple outputs|complete rules must not produce multiple outputs/,
    )
  })

  it('picks the ref that most bodies compare', () => {
    const { indexed } = both(
      [
        ...Array.from({ length: 4 }, (_, i) => `p contains ${i} if { input.a == "x"; input.b == "b${i}" }`),
        'p contains 4 if input.b == "b4"',
      ].join('\n'),
    )
    const [s] = switches(indexed, 'g0.data.t.p')
    expect(s?.cases).toHaveLength(5)
    expect(
      printFunc(
        indexed.funcs.find((f) => f.name === 'g0.data.t.p')!,
        indexed,
      ),
    ).toMatch(/Dot source=%0 key="b" target=(%\d+)\n\s+AssignVar source=\1/)
  })

  it('keeps unindexed bodies in place and reads the ref just before the first switch', () => {
    const { indexed } = both(
      [
        'p contains "first" if input.on',
        ...Array.from({ length: 4 }, (_, i) => `p contains ${i} if input.k == ${i}`),
        'p contains "mid" if input.on',
        ...Array.from({ length: 2 }, (_, i) => `p contains ${i + 4} if input.k == ${i + 4}`),
        'p contains 9 if input.k == 9',
        'p contains "last" if input.on',
      ].join('\n'),
    )
    const func = indexed.funcs.find((f) => f.name === 'g0.data.t.p')!
    const kinds = func.blocks.map((b) =>
      b.stmts[0]?.type === 'Switch' ? 'switch' : b.stmts[0]?.type === 'ResetLocal' ? 'key' : 'body',
    )
    // make set, first, key, switch of 4, mid, switch of 3, last, return.
    expect(kinds).toEqual(['body', 'body', 'key', 'switch', 'body', 'switch', 'body', 'body'])
  })

  it('leaves a lone indexed body between unindexed ones as it is', () => {
    const { indexed } = both(lines(4, (i) => `p contains ${i} if input.k == ${i}\np contains "u${i}" if input.on`))
    expect(switches(indexed, 'g0.data.t.p')).toHaveLength(0)
  })

  it('does not index a comparison whose builtin a with replaced', () => {
    const { indexed, check } = both(
      `${lines(4, (i) => `r contains ${i} if input.k == ${i}`)}\nalways(_, _) := true\np := [r, s] if s := r with equal as always`,
    )
    expect(switches(indexed, 'g0.data.t.r')).toHaveLength(1)
    const mocked = indexed.funcs.find((f) => f.name.endsWith('.data.t.r') && f.name !== 'g0.data.t.r')!
    expect(switches(indexed, mocked.name)).toHaveLength(0)
    expect(check({ k: 2 })).toEqual(rows({ result: [[2], [0, 1, 2, 3]] }))
  })
})

describe('rule indexing: same results as running every body', () => {
  it('partial sets: matches, several bodies per constant, no match, undefined ref', () => {
    const { check } = both(
      [
        'p contains "u" if input.on',
        ...Array.from({ length: 6 }, (_, i) => `p contains ${i} if input.k == "k${i % 3}"`),
        'p contains "v" if input.k == null',
        'p contains "w" if input.k == false',
      ].join('\n'),
    )
    expect(check({ k: 'k0' })).toEqual(rows({ result: [0, 3] }))
    expect(check({ k: 'k1', on: true })).toEqual(rows({ result: [1, 4, 'u'] }))
    expect(check({ on: true })).toEqual(rows({ result: ['u'] }))
    expect(check({ k: null })).toEqual(rows({ result: ['v'] }))
    for (const input of [
      { k: 'k1', on: true },
      { k: 'zz' },
      { on: true },
      {},
      undefined,
      { k: null },
      { k: false },
      { k: 0 },
    ])
      check(input)
  })

  it('numbers compare by value: 1 matches 1.0 and 1e0', () => {
    const { check } = both(lines(5, (i) => `p contains ${i} if input.n == ${i - 2}`))
    for (const n of [-2, -1, 0, 1, 2, 3, '1']) check({ n })
    expect(check({ n: 1 })).toEqual(rows({ result: [3] }))
  })

  it('complete rules: conflicts between matching bodies are still found', () => {
    const { indexed, plain } = both(lines(4, (i) => `p := ${i} if input.k == "k${i % 2}"`))
    expect(switches(indexed, 'g0.data.t.p')).toHaveLength(1)
    // The second body comparing with "k0" (line 4) is where running every body finds the conflict too.
    const conflict = /m0\.rego:4:1: eval_conflict_error: complete rules must not produce multiple outputs/
    expect(() => run(plain, 't/p', { k: 'k0' })).toThrow(conflict)
    expect(() => run(indexed, 't/p', { k: 'k0' })).toThrow(conflict)
    expect(run(indexed, 't/p', { k: 'k2' })).toEqual([])
  })

  it('partial objects, and refs into base data and rules', () => {
    const { check } = both(
      [
        'mode := input.mode',
        ...Array.from({ length: 4 }, (_, i) => `p[k] := ${i} if { mode == "m${i}"; k := data.keys[${i}] }`),
      ].join('\n'),
    )
    expect(check({ mode: 'm1' }, { keys: ['a', 'b', 'c', 'd'] })).toEqual(rows({ result: { b: 1 } }))
    check({ mode: 'm9' }, { keys: ['a', 'b', 'c', 'd'] })
    const base = both(lines(4, (i) => `p contains ${i} if data.cfg.mode == "m${i}"`))
    expect(switches(base.indexed, 'g0.data.t.p')).toHaveLength(1)
    expect(base.check({}, { cfg: { mode: 'm2' } })).toEqual(rows({ result: [2] }))
    base.check({}, {})
  })

  it('with input.… as …: the indexed ref is read under the replaced input', () => {
    const { check } = both(
      [
        ...Array.from({ length: 4 }, (_, i) => `r contains ${i} if input.k == "k${i}"`),
        'p := [r, s] if s := r with input.k as "k3"',
      ].join('\n'),
    )
    expect(check({ k: 'k1' })).toEqual(rows({ result: [[1], [3]] }))
    expect(check({})).toEqual(rows({ result: [[], [3]] }))
  })
})
