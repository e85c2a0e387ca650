/** The IR printer: one line per statement, nested blocks indented, operands readable. */
import { describe, expect, it } from 'vitest'
import { printPolicy, printStmt } from '../ir/print.js'
import type { ConstValue, Stmt } from '../ir/ir.js'
import { mustPlan } from './testing/helpers.js'

const strings = ['result', 'a']
const values: ConstValue[] = [
  {
    type: 'array',
    items: [{ type: 'number', text: '1' }, { type: 'set', items: [{ type: 'string', value: 'x' }] }, { type: 'null' }],
  },
  { type: 'array', items: Array.from({ length: 30 }, (_, i) => ({ type: 'number', text: String(i) })) },
  {
    type: 'object',
    entries: [
      [
        { type: 'string', value: 'k' },
        { type: 'set', items: [] },
      ],
    ],
  },
]
const table: { note: string; stmt: Stmt; want: string[] }[] = [
  {
    note: 'call with a string operand',
    stmt: { type: 'Call', func: 'count', args: [{ kind: 'string', index: 1 }], result: 3 },
    want: ['%3 = Call count("a")'],
  },
  {
    note: 'fields that hold locals print as locals',
    stmt: { type: 'AssignVar', source: { kind: 'bool', value: true }, target: 4 },
    want: ['AssignVar source=true target=%4'],
  },
  {
    note: 'nested blocks are indented',
    stmt: { type: 'Not', block: { stmts: [{ type: 'IsDefined', source: 2 }] } },
    want: ['Not', '  block', '    IsDefined source=%2'],
  },
  {
    note: 'number literals show their text',
    stmt: { type: 'MakeNumberRef', index: 1, target: 5 },
    want: ['%5 = MakeNumberRef "a"'],
  },
  {
    note: 'constant values print in Rego syntax',
    stmt: { type: 'AssignVar', source: { kind: 'value', index: 0 }, target: 2 },
    want: ['AssignVar source=const#0[1, {"x"}, null] target=%2'],
  },
  {
    note: 'long constants are shortened',
    stmt: { type: 'Len', source: { kind: 'value', index: 1 }, target: 2 },
    want: [
      `Len source=const#1[${Array.from({ length: 30 }, (_, i) => i)
        .join(', ')
        .slice(0, 58)}… target=%2`,
    ],
  },
  {
    note: 'empty sets print as set()',
    stmt: { type: 'Equal', a: { kind: 'value', index: 2 }, b: { kind: 'local', local: 3 } },
    want: ['Equal a=const#2{"k": set()} b=%3'],
  },
]

describe('printStmt', () => {
  for (const row of table) it(row.note, () => expect(printStmt(row.stmt, { strings, values })).toEqual(row.want))
})

describe('printPolicy', () => {
  it('prints plans then funcs', () => {
    const text = printPolicy(mustPlan({ modules: ['package t\np := 1'], entrypoints: ['t/p'] }))
    expect(text).toMatch(/^plan t\/p\n/)
    expect(text).toContain('func g0.data.t.p(%0, %1) -> %2 memo')
    expect(text).toContain('AssignVarOnce source=%3 target=%2')
  })
})
