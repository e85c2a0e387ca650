import { describe, expect, it } from 'vitest'
import { parseModule, parseQuery } from '../parse.js'
import { printBody } from '../print.js'

/** Experimental `and` / `or` / `not { … }` (queries enable all three with experimentalKeywords). */
const rows: { note: string; src: string; want: string }[] = [
  { note: 'and', src: 'a and b', want: '(a and b)' },
  { note: 'or', src: 'a or b', want: '(a or b)' },
  { note: 'and binds tighter than or', src: 'a and b or c and d', want: '((a and b) or (c and d))' },
  { note: 'chains are left-associative', src: 'a or b or c', want: '((a or b) or c)' },
  { note: 'group', src: 'a and (b or c)', want: '(a and (b or c))' },
  { note: 'redundant groups', src: '(((a or b)))', want: '(a or b)' },
  {
    note: 'parenthesised term is not a group',
    src: '(a + 1) * 2 > c and d',
    want: '(gt(mul(plus(a, 1), 2), c) and d)',
  },
  { note: 'explicit bodies', src: '{ x := 1; x > 0 } and { y }', want: '({ assign(x, 1); gt(x, 0) } and y)' },
  { note: 'body after or', src: 'a or { b and { c or d } }', want: '(a or (b and (c or d)))' },
  { note: 'not binds to one operand', src: 'not a and not b or c', want: '((not a and not b) or c)' },
  { note: 'not body', src: 'not { a; b }', want: 'not { a; b }' },
  { note: 'not group', src: 'not (a or b)', want: 'not { (a or b) }' },
  {
    note: 'with applies to the whole chain',
    src: 'a > 0 and b > 0 with input as {}',
    want: '(gt(a, 0) and gt(b, 0)) with input as {}',
  },
  { note: 'with inside a group', src: '(a < 2 with input.a as 1) and b', want: '(lt(a, 2) with input.a as 1 and b)' },
  {
    note: 'with inside a block',
    src: '{ q with input.x as 1 } and input.x == 5',
    want: '(q with input.x as 1 and equal(input.x, 5))',
  },
  {
    note: 'some inside a block',
    src: '{ some n in xs; n > 0 } and true',
    want: '({ some n in xs; gt(n, 0) } and true)',
  },
  { note: 'set literal stays a term', src: 'x := {1, 2}', want: 'assign(x, {1, 2})' },
  { note: 'and as a function name', src: 'and(a, b)', want: 'and(a, b)' },
  { note: 'every body', src: 'every n in xs { n > 0 and n < 10 }', want: 'every n in xs { (gt(n, 0) and lt(n, 10)) }' },
]

describe('logic operators', () => {
  it.each(rows)('$note', ({ src, want }) => {
    const r = parseQuery(src, { experimentalKeywords: true })
    expect(r.diagnostics).toEqual([])
    expect(printBody(r.body!)).toBe(want)
  })

  it('builds LogicExpr and BlockExpr nodes', () => {
    const [e] = parseQuery('not { a } or b', { experimentalKeywords: true }).body!
    expect(e).toMatchObject({
      kind: 'logic',
      op: 'or',
      negated: false,
      left: [{ kind: 'block', negated: true, body: [{ kind: 'term' }] }],
    })
  })

  it('needs the import and the switch in a module', () => {
    const src = 'package x\nimport future.keywords.or\np if input.a or input.b'
    expect(parseModule(src, { experimentalKeywords: true }).diagnostics).toEqual([])
    expect(
      parseModule(src.replace('import future.keywords.or\n', ''), { experimentalKeywords: true }).diagnostics,
    ).not.toEqual([])
    expect(parseModule(src).diagnostics).not.toEqual([])
  })

  it('treats and / or as names when not enabled', () => {
    expect(printBody(parseQuery('x := or').body!)).toBe('assign(x, or)')
  })

  it('rejects with on a non-last operand', () => {
    const r = parseQuery('a with input as 1 and b', { experimentalKeywords: true })
    expect(r.diagnostics[0]!.message).toContain('"with" must follow the last operand')
  })
})
