import { describe, expect, it } from 'vitest'
import { parseQuery } from '../parse.js'
import { printBody } from '../print.js'

/** literal / expr / infix-term / some / every / with productions, through parseQuery. */
const rows: { note: string; src: string; want: string }[] = [
  { note: 'assign binds loosest', src: 'x := a + b * c', want: 'assign(x, plus(a, mul(b, c)))' },
  { note: 'unify', src: 'x = y', want: 'eq(x, y)' },
  { note: 'equality', src: 'a == b', want: 'equal(a, b)' },
  { note: 'relations chain left to right', src: 'a < b == c', want: 'equal(lt(a, b), c)' },
  { note: 'arithmetic is left-associative', src: 'x := 1 - 2 - 3', want: 'assign(x, minus(minus(1, 2), 3))' },
  { note: 'division and remainder', src: 'x := a / b % c', want: 'assign(x, rem(div(a, b), c))' },
  { note: '& binds tighter than |', src: 'x := a | b & c', want: 'assign(x, or(a, and(b, c)))' },
  { note: '| binds looser than +', src: 'x := a + b | c', want: 'assign(x, or(plus(a, b), c))' },
  { note: 'relation over |', src: 'a | b == c', want: 'equal(or(a, b), c)' },
  { note: 'in binds loosest of the term operators', src: 'x + 1 in xs', want: 'internal.member_2(plus(x, 1), xs)' },
  { note: 'in with a relation', src: 'a == b in xs', want: 'internal.member_2(equal(a, b), xs)' },
  { note: 'key-value membership', src: 'k, v in xs', want: 'internal.member_3(k, v, xs)' },
  { note: 'membership assigned', src: 'x := 1 in xs', want: 'assign(x, internal.member_2(1, xs))' },
  { note: 'binary minus vs negative literal', src: 'x := a -1', want: 'assign(x, minus(a, 1))' },
  { note: 'minus of a negative literal', src: 'x := a - -1', want: 'assign(x, minus(a, -1))' },
  { note: 'unary minus on a var', src: 'y := -x', want: 'assign(y, minus(0, x))' },
  { note: 'unary minus binds tighter than *', src: 'y := -x * 2', want: 'assign(y, mul(minus(0, x), 2))' },
  { note: 'call expression', src: 'startswith(x, "a")', want: 'startswith(x, "a")' },
  { note: 'term expression', src: 'input.allowed', want: 'input.allowed' },
  { note: 'not', src: 'not input.x', want: 'not input.x' },
  { note: 'not with comparison', src: 'not x == 1', want: 'not equal(x, 1)' },
  { note: 'some vars', src: 'some x, y', want: 'some x, y' },
  { note: 'some in', src: 'some x in xs', want: 'some x in xs' },
  { note: 'some key value in', src: 'some k, v in obj', want: 'some k, v in obj' },
  { note: 'some with pattern', src: 'some [a, b] in pairs', want: 'some [a, b] in pairs' },
  { note: 'every', src: 'every x in xs { x > 0 }', want: 'every x in xs { gt(x, 0) }' },
  { note: 'every key value', src: 'every k, v in o {\n  k == v\n  v\n}', want: 'every k, v in o { equal(k, v); v }' },
  { note: 'with', src: 'p with input as {"a": 1}', want: 'p with input as {"a": 1}' },
  { note: 'several withs', src: 'p with input.a as 1 with data.b as 2', want: 'p with input.a as 1 with data.b as 2' },
  { note: 'with a function target', src: 'f(1) with count as g', want: 'f(1) with count as g' },
  { note: 'with over lines', src: 'x := $"{a}"\n  with input.a as 42', want: 'assign(x, $(a)) with input.a as 42' },
  { note: 'semicolons', src: 'a; b;c', want: 'a; b; c' },
  { note: 'newlines', src: 'a\nb\n\nc', want: 'a; b; c' },
  { note: 'keyword ref in body', src: 'as.foo == 1', want: 'equal(as.foo, 1)' },
  { note: 'contains is a builtin name in bodies', src: 'contains("abc", "b")', want: 'contains("abc", "b")' },
  { note: 'comments are skipped', src: 'a # one\n# two\nb', want: 'a; b' },
]

describe('expressions', () => {
  it.each(rows)('$note', ({ src, want }) => {
    const r = parseQuery(src)
    expect(r.diagnostics).toEqual([])
    expect(printBody(r.body!)).toBe(want)
  })

  it('gives the operator the location of its token', () => {
    const e = parseQuery('x := a + b').body![0]!
    if (e.kind !== 'call') throw new Error('not a call')
    expect(e.operator.loc).toMatchObject({ row: 1, col: 3 })
    const plus = e.args[1]!
    if (plus.type !== 'call') throw new Error('not a call')
    expect(plus.operator.loc).toMatchObject({ col: 8 })
    expect(plus.loc).toMatchObject({ col: 6, offset: 5, end: 10 })
    expect(e.loc).toMatchObject({ col: 1, offset: 0, end: 10 })
  })

  it('builds the AST node kinds of ast.ts', () => {
    const [a, b, c, d] = parseQuery('some x in xs; every v in xs { v }; not f(x); x').body!
    expect(a).toMatchObject({ type: 'expr', kind: 'somein', negated: false, with: [] })
    expect(b).toMatchObject({ kind: 'every', value: { type: 'var', name: 'v' } })
    expect(c).toMatchObject({ kind: 'call', negated: true, operator: { type: 'ref' } })
    expect(d).toMatchObject({ kind: 'term', term: { type: 'var', name: 'x' } })
  })
})
