/**
 * `Switch` lowered on hand-written IR: the table lookup (with Rego's number
 * equality), undefined and missing keys, failure and `Break` inside a case,
 * the search
 * over many cases, and the table contract the search relies on.
 */
import { PolicyInstance } from '@cordon/engine'
import type { Block, ConstValue, Operand, Policy, Stmt } from '@cordon/rego'
import { describe, expect, test } from 'vitest'
import { compileWasm } from './compile-policy.js'

const L = (local: number): Operand => ({ kind: 'local', local })
const S = (index: number): Operand => ({ kind: 'string', index })
const B = (...stmts: Stmt[]): Block => ({ stmts })
const num = (n: number): ConstValue => ({ type: 'number', text: String(n) })
const append = (index: number): Stmt => ({ type: 'ArrayAppend', value: S(index), array: 2 })

/**
 * Plan `p`: out = []; key = input.k (left undefined when missing); the
 * statements of `body`; result = out. Strings: 1 "k", then `strings`.
 */
function policy(table: [ConstValue, ConstValue][], strings: string[], body: Stmt[]): Policy {
  return {
    strings: ['result', 'k', ...strings],
    values: [{ type: 'object', entries: table }],
    files: ['x.rego'],
    builtins: [],
    plans: [
      {
        name: 'p',
        blocks: [
          B(
            { type: 'MakeArray', capacity: 0, target: 2 },
            { type: 'Block', blocks: [B({ type: 'Dot', source: L(0), key: S(1), target: 3 })] },
            ...body,
            { type: 'MakeObject', target: 99 },
            { type: 'ObjectInsert', key: S(0), value: L(2), object: 99 },
            { type: 'ResultSetAdd', value: 99 },
          ),
        ],
      },
    ],
    funcs: [],
  }
}

const evalText = (p: Policy, input: string | undefined) =>
  JSON.parse(PolicyInstance.createSync(compileWasm(p).wasm).evaluateText(input, 'p'))

describe('Switch', () => {
  // "a" → case 0, 1 → case 1, null → case 2; after the switch "after" is appended.
  const p = policy(
    [
      [{ type: 'string', value: 'a' }, num(0)],
      [num(1), num(1)],
      [{ type: 'null' }, num(2)],
    ],
    ['case a', 'case 1', 'case null', 'after'],
    [{ type: 'Switch', key: 3, table: 0, cases: [B(append(2)), B(append(3)), B(append(4))] }, append(5)],
  )

  test('runs the case of the key’s value, and only that one', () => {
    expect(evalText(p, '{"k": "a"}')).toEqual([{ result: ['case a', 'after'] }])
    expect(evalText(p, '{"k": null}')).toEqual([{ result: ['case null', 'after'] }])
  })

  test('numbers match by value, whatever their spelling', () => {
    for (const k of ['1', '1.0', '1e0', '10e-1'])
      expect(evalText(p, `{"k": ${k}}`)).toEqual([{ result: ['case 1', 'after'] }])
  })

  test('an undefined key or one not in the table runs no case and does not fail', () => {
    for (const input of ['{}', '{"k": "b"}', '{"k": 2}', '{"k": "1"}', '{"k": ["a"]}', undefined])
      expect(evalText(p, input)).toEqual([{ result: ['after'] }])
  })

  test('a failing case leaves only its own block; Break leaves the blocks around the Switch', () => {
    const q = policy(
      [
        [{ type: 'string', value: 'fail' }, num(0)],
        [{ type: 'string', value: 'break' }, num(1)],
      ],
      ['in case', 'after', 'fail', 'break'],
      [
        {
          type: 'Block',
          blocks: [
            B(
              {
                type: 'Switch',
                key: 3,
                table: 0,
                cases: [
                  B(append(2), { type: 'Equal', a: S(1), b: S(2) }, append(2)),
                  B(append(2), { type: 'Break', index: 1 }, append(2)),
                ],
              },
              append(3),
            ),
          ],
        },
      ],
    )
    expect(evalText(q, '{"k": "fail"}')).toEqual([{ result: ['in case', 'after'] }])
    expect(evalText(q, '{"k": "break"}')).toEqual([{ result: ['in case'] }])
  })

  test('many cases: the search reaches each one', () => {
    const n = 100
    const names = Array.from({ length: n }, (_, i) => `c${i}`)
    // Key "c<i>" → case n-1-i, which appends "c<i>" (string index 2 + i).
    const table: [ConstValue, ConstValue][] = names.map((name, i) => [{ type: 'string', value: name }, num(n - 1 - i)])
    const cases = names.map((_, c) => B(append(2 + (n - 1 - c))))
    const q = policy(table, names, [{ type: 'Switch', key: 3, table: 0, cases }])
    const inst = PolicyInstance.createSync(compileWasm(q).wasm)
    for (const name of names)
      expect(JSON.parse(inst.evaluateText(JSON.stringify({ k: name }), 'p'))).toEqual([{ result: [name] }])
    expect(JSON.parse(inst.evaluateText('{"k": "c100"}', 'p'))).toEqual([{ result: [] }])
  })

  test('refuses a table whose values are not case numbers', () => {
    const bad = policy(
      [[{ type: 'string', value: 'a' }, num(1)]],
      [],
      [{ type: 'Switch', key: 3, table: 0, cases: [B()] }],
    )
    expect(() => compileWasm(bad)).toThrow(/Switch table const#0 must be an object of case numbers below 1/)
  })
})
