/**
 * Hand-written IR → compileWasm → PolicyInstance: statement semantics the
 * planner does not (yet) exercise, pinned to the IR contract (ir.ts) and the
 * planner's reference interpreter.
 */
import { PolicyEvalError, PolicyInstance } from '@cordon/engine'
import type { Block, Func, Operand, Policy, Stmt } from '@cordon/rego'
import { describe, expect, test } from 'vitest'
import { compileWasm } from './compile-policy.js'

const L = (local: number): Operand => ({ kind: 'local', local })
const S = (index: number): Operand => ({ kind: 'string', index })
const B = (...stmts: Stmt[]): Block => ({ stmts })

/** A policy with one plan `p` whose body ends by reporting local `out` as `result`; `strings` follow 'result' (index 1 on). */
function plan(strings: string[], body: Stmt[], out: number, funcs: Func[] = []): Policy {
  const all = ['result', ...strings]
  return {
    strings: all,
    files: ['x.rego'],
    builtins: [],
    plans: [
      {
        name: 'p',
        blocks: [
          B(
            ...body,
            { type: 'MakeObject', target: 99 },
            { type: 'ObjectInsert', key: S(0), value: L(out), object: 99 },
            { type: 'ResultSetAdd', value: 99 },
          ),
        ],
      },
    ],
    funcs,
  }
}

const evalPlan = (policy: Policy, input?: unknown, data?: unknown) => {
  const inst = PolicyInstance.createSync(compileWasm(policy).wasm)
  if (data !== undefined) inst.setData(data)
  return inst.evaluate(input, 'p')
}

describe('IR lowering', () => {
  test('Break leaves enclosing IR blocks, not helper blocks', () => {
    // Block [ Block [ Break 1 ], AssignVar x ] : the Break leaves both inner blocks and the outer one's rest.
    const p = plan(
      ['a', 'b'],
      [
        { type: 'AssignVar', source: S(1), target: 2 },
        {
          type: 'Block',
          blocks: [
            B(
              { type: 'Block', blocks: [B({ type: 'Break', index: 1 })] },
              { type: 'AssignVar', source: S(2), target: 2 },
            ),
          ],
        },
      ],
      2,
    )
    expect(evalPlan(p)).toEqual([{ result: 'a' }])
  })

  test('Scan over an array, an object and a set; Not; Len fails on scalars', () => {
    const body: Stmt[] = [
      { type: 'MakeArray', capacity: 0, target: 2 },
      { type: 'Dot', source: L(0), key: S(1), target: 3 },
      {
        type: 'Scan',
        source: 3,
        key: 4,
        value: 5,
        block: B(
          { type: 'Not', block: B({ type: 'Equal', a: L(5), b: S(2) }) },
          { type: 'ArrayAppend', value: L(4), array: 2 },
        ),
      },
      {
        type: 'Block',
        blocks: [B({ type: 'Len', source: S(2), target: 6 }, { type: 'ArrayAppend', value: L(6), array: 2 })],
      },
      {
        type: 'Block',
        blocks: [
          B(
            { type: 'Len', source: { kind: 'bool', value: true }, target: 6 },
            { type: 'ArrayAppend', value: L(6), array: 2 },
          ),
        ],
      },
    ]
    const p = plan(['xs', 'skip'], body, 2)
    expect(evalPlan(p, { xs: ['a', 'skip', 'b'] })).toEqual([{ result: [0, 2, 4] }])
    expect(evalPlan(p, { xs: { k1: 'skip', k2: 'v' } })).toEqual([{ result: ['k2', 4] }])
    expect(evalPlan(p, { xs: 7 })).toEqual([{ result: [4] }])
  })

  test('With upserts a path in a copy and restores the local after', () => {
    const p = plan(
      ['a', 'b', 'v'],
      [
        { type: 'MakeArray', capacity: 2, target: 2 },
        { type: 'With', local: 0, path: [1, 2], value: S(3), block: B({ type: 'ArrayAppend', value: L(0), array: 2 }) },
        { type: 'ArrayAppend', value: L(0), array: 2 },
      ],
      2,
    )
    expect(evalPlan(p, { a: { c: 1 }, z: 2 })).toEqual([
      {
        result: [
          { a: { b: 'v', c: 1 }, z: 2 },
          { a: { c: 1 }, z: 2 },
        ],
      },
    ])
    expect(evalPlan(p, 'scalar')).toEqual([{ result: [{ a: { b: 'v' } }, 'scalar'] }])
  })

  test('a Break out of a With block restores the local', () => {
    const p = plan(
      ['w'],
      [
        { type: 'MakeArray', capacity: 1, target: 2 },
        {
          type: 'Block',
          blocks: [
            B({
              type: 'With',
              local: 0,
              path: [],
              value: S(1),
              block: B({ type: 'Block', blocks: [B({ type: 'Break', index: 2 })] }),
            }),
          ],
        },
        { type: 'ArrayAppend', value: L(0), array: 2 },
      ],
      2,
    )
    expect(evalPlan(p, 'orig')).toEqual([{ result: ['orig'] }])
  })

  test('ObjectMerge: both objects, the first (base document) wins on clashes', () => {
    const p = plan(
      ['base', 'virt'],
      [
        { type: 'Dot', source: L(0), key: S(1), target: 3 },
        { type: 'Dot', source: L(0), key: S(2), target: 4 },
        { type: 'ObjectMerge', a: L(3), b: L(4), target: 2 },
      ],
      2,
    )
    expect(evalPlan(p, { base: { x: 1, o: { a: 1 } }, virt: { x: 2, o: { b: 2 } } })).toEqual([
      { result: { x: 1, o: { a: 1, b: 2 } } },
    ])
    expect(evalPlan(p, { base: 1, virt: { x: 2 } })).toEqual([])
  })

  test('CallDynamic picks the func by rule path, fails on a miss', () => {
    const rule = (name: string, value: number): Func => ({
      name: `g0.data.pkg.${name}`,
      params: [0, 1],
      returnLocal: 2,
      path: ['g0', 'pkg', name],
      blocks: [B({ type: 'MakeNumberInt', value, target: 2 }), B({ type: 'ReturnLocal', source: 2 })],
    })
    const p = plan(
      ['which', 'g0', 'pkg'],
      [
        { type: 'Dot', source: L(0), key: S(1), target: 3 },
        { type: 'CallDynamic', args: [L(0), L(1)], path: [S(2), S(3), L(3)], result: 2 },
      ],
      2,
      [rule('a', 1), rule('b', 2)],
    )
    expect(evalPlan(p, { which: 'a' })).toEqual([{ result: 1 }])
    expect(evalPlan(p, { which: 'b' })).toEqual([{ result: 2 }])
    expect(evalPlan(p, { which: 'c' })).toEqual([])
  })

  test('AssignVarOnce: equal values are fine, different ones abort with the location', () => {
    const p = plan(
      ['a', 'b'],
      [
        { type: 'Dot', source: L(0), key: S(1), target: 3 },
        { type: 'Dot', source: L(0), key: S(2), target: 4 },
        { type: 'AssignVarOnce', source: L(3), target: 2 },
        { type: 'AssignVarOnce', source: L(4), target: 2, loc: { file: 0, row: 3, col: 1 } },
      ],
      2,
    )
    expect(evalPlan(p, { a: 1, b: 1.0 })).toEqual([{ result: 1 }])
    expect(() => evalPlan(p, { a: 1, b: 2 })).toThrow(PolicyEvalError)
    expect(() => evalPlan(p, { a: 1, b: 2 })).toThrow('x.rego:3: complete rules must not produce multiple outputs')
  })
})
