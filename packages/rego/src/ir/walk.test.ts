import { describe, expect, it } from 'vitest'
import type { Block, Policy, Stmt } from './ir.js'
import { forEachStmtLocal } from './stmt-locals.js'
import { everyStmt, walkPolicy, walkStmts } from './walk.js'

const local = (l: number) => ({ kind: 'local', local: l }) as const
const blocks: Block[] = [
  {
    stmts: [
      { type: 'MakeObject', target: 2 },
      {
        type: 'Scan',
        source: 1,
        key: 3,
        value: 4,
        block: { stmts: [{ type: 'Not', block: { stmts: [{ type: 'Break', index: 1 }] } }] },
      },
      {
        type: 'Switch',
        key: 0,
        table: 0,
        cases: [{ stmts: [{ type: 'Nop' }] }, { stmts: [{ type: 'ResultSetAdd', value: 2 }] }],
      },
      {
        type: 'With',
        local: 0,
        path: [],
        value: local(5),
        block: { stmts: [{ type: 'Block', blocks: [{ stmts: [{ type: 'ReturnLocal', source: 2 }] }] }] },
      },
    ],
  },
]

describe('IR visitor', () => {
  it('visits every statement parent first, in order, with its block depth', () => {
    const seen: string[] = []
    walkStmts(blocks, (s, depth) => void seen.push(`${s.type}@${depth}`))
    expect(seen).toEqual([
      'MakeObject@1',
      'Scan@1',
      'Not@2',
      'Break@3',
      'Switch@1',
      'Nop@2',
      'ResultSetAdd@2',
      'With@1',
      'Block@2',
      'ReturnLocal@3',
    ])
  })

  it('skips nested blocks when the visit returns false', () => {
    const seen: string[] = []
    walkStmts(blocks, (s) => {
      seen.push(s.type)
      return s.type !== 'Scan' && s.type !== 'With'
    })
    expect(seen).toEqual(['MakeObject', 'Scan', 'Switch', 'Nop', 'ResultSetAdd', 'With'])
  })

  it('everyStmt stops at the first statement that fails the test', () => {
    const seen: string[] = []
    const all = everyStmt(blocks, (s) => (seen.push(s.type), s.type !== 'Switch'))
    expect([all, seen.at(-1)]).toEqual([false, 'Switch'])
    expect(everyStmt(blocks, () => true)).toBe(true)
  })

  it('walkPolicy walks the plans, then the funcs', () => {
    const policy: Policy = {
      strings: [],
      files: [],
      builtins: [],
      plans: [{ name: 'p', blocks: [{ stmts: [{ type: 'Nop' }] }] }],
      funcs: [{ name: 'f', params: [0, 1], returnLocal: 2, blocks: [{ stmts: [{ type: 'ReturnLocal', source: 2 }] }] }],
    }
    const seen: string[] = []
    walkPolicy(policy, (s) => void seen.push(s.type))
    expect(seen).toEqual(['Nop', 'ReturnLocal'])
  })
})

describe('forEachStmtLocal', () => {
  it.each<[Stmt, [number, boolean][]]>([
    [
      { type: 'Call', func: 'f', args: [local(0), { kind: 'string', index: 0 }], result: 3 },
      [
        [0, false],
        [3, true],
      ],
    ],
    [
      { type: 'Dot', source: local(1), key: local(4), target: 5 },
      [
        [1, false],
        [4, false],
        [5, true],
      ],
    ],
    [
      { type: 'Scan', source: 1, key: 2, value: 3, block: { stmts: [{ type: 'ReturnLocal', source: 9 }] } },
      [
        [1, false],
        [2, true],
        [3, true],
      ],
    ],
    // What a statement adds to is a value in memory: the local itself is only read.
    [
      { type: 'ObjectInsert', key: local(6), value: { kind: 'bool', value: true }, object: 7 },
      [
        [6, false],
        [7, false],
      ],
    ],
    [
      { type: 'With', local: 0, path: [1], value: local(8), block: { stmts: [] } },
      [
        [0, false],
        [8, false],
      ],
    ],
    [{ type: 'Block', blocks: [{ stmts: [{ type: 'ReturnLocal', source: 9 }] }] }, []],
  ])('%o', (s, want) => {
    const got: [number, boolean][] = []
    forEachStmtLocal(s, (l, assigns) => got.push([l, assigns]))
    expect(got).toEqual(want)
  })
})
