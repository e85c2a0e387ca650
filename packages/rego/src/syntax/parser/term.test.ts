import { describe, expect, it } from 'vitest'
import { parseTerm } from '../parse.js'
import { printTerm } from '../print.js'

/** term production tests: each row is source → printed AST. */
const rows: { note: string; src: string; want: string }[] = [
  { note: 'null', src: 'null', want: 'null' },
  { note: 'booleans', src: '[true, false]', want: '[true, false]' },
  { note: 'integer kept exact', src: '12345678901234567890123', want: '12345678901234567890123' },
  { note: 'decimal and exponent', src: '[0.1, 1e400, 2.5E-3]', want: '[0.1, 1e400, 2.5E-3]' },
  { note: 'negative literal', src: '-3', want: '-3' },
  { note: 'negative literal with space', src: '- 3', want: '-3' },
  { note: 'leading-dot decimals become JSON numbers', src: '[.5, -.25, .1e3]', want: '[0.5, -0.25, 0.1e3]' },
  { note: 'unary minus on a ref', src: '-input.x', want: 'minus(0, input.x)' },
  { note: 'string escapes', src: String.raw`"a\"b\\c\/\n\t\u00e9"`, want: JSON.stringify('a"b\\c/\n\té') },
  { note: 'surrogate pair escape', src: String.raw`"\ud83d\ude00"`, want: JSON.stringify('😀') },
  { note: 'raw string keeps backslashes', src: '`a\\nb`', want: JSON.stringify('a\\nb') },
  { note: 'var', src: 'x', want: 'x' },
  { note: 'data is a ref', src: 'data', want: 'data' },
  { note: 'dotted ref', src: 'input.a.b', want: 'input.a.b' },
  { note: 'bracket ref', src: 'a[x]["y"][0]', want: 'a[x].y[0]' },
  { note: 'keyword after dot', src: 'input.if.every', want: 'input.if.every' },
  { note: 'keyword as ref head', src: 'as.foo', want: 'as.foo' },
  { note: 'call', src: 'count(xs)', want: 'count(xs)' },
  { note: 'dotted call', src: 'io.jwt.decode(t)', want: 'io.jwt.decode(t)' },
  { note: 'call on data', src: 'data.lib.f(1, 2)', want: 'data.lib.f(1, 2)' },
  { note: 'ref on call', src: 'f(x).y[0]', want: 'f(x).y[0]' },
  { note: 'ref on array', src: '[1, 2][0]', want: '[1, 2][0]' },
  { note: 'empty array', src: '[]', want: '[]' },
  { note: 'empty object', src: '{}', want: '{}' },
  { note: 'set()', src: 'set()', want: 'set()' },
  { note: 'set literal', src: '{1, "a"}', want: '{1, "a"}' },
  { note: 'trailing commas', src: '[{"a": {1, 2,},},]', want: '[{"a": {1, 2}}]' },
  { note: 'non-string keys', src: '{1: true, [1]: null}', want: '{1: true, [1]: null}' },
  { note: 'array comprehension', src: '[x | x := xs[_]]', want: '[x | assign(x, xs[_])]' },
  { note: 'set comprehension', src: '{x | some x in xs}', want: '{x | some x in xs}' },
  { note: 'object comprehension', src: '{k: v | some k, v in o}', want: '{k: v | some k, v in o}' },
  {
    note: 'object comprehension with an infix key (as OPA)',
    src: '{x in ys: 2 | x := xs[_]}',
    want: '{internal.member_2(x, ys): 2 | assign(x, xs[_])}',
  },
  { note: 'comprehension body over lines', src: '[x |\n  x := 1\n  x > 0\n]', want: '[x | assign(x, 1); gt(x, 0)]' },
  { note: 'infix in array item', src: '[a + 1, b]', want: '[plus(a, 1), b]' },
  { note: 'infix in object value and key', src: '{1 + 1: a * 2}', want: '{plus(1, 1): mul(a, 2)}' },
  { note: 'in inside a list is member_2', src: '[x in xs]', want: '[internal.member_2(x, xs)]' },
  { note: 'comma in a list separates items', src: 'f(k, v in xs)', want: 'f(k, internal.member_2(v, xs))' },
  { note: 'parenthesised term', src: '(1 + 2) * 3', want: 'mul(plus(1, 2), 3)' },
  { note: 'template string', src: '$"a{x}b{1 + 2}"', want: '$("a", x, "b", plus(1, 2))' },
  { note: 'template escapes', src: String.raw`$"\{{42}\n"`, want: '$("{", 42, "\\n")' },
  { note: 'raw template', src: '$`a\\n{x}`', want: '$("a\\\\n", x)' },
  { note: 'nested template', src: '$"{$"{a}"}"', want: '$($(a))' },
  { note: 'template with with', src: '$"{a with input as 1}"', want: '$(a with input as 1)' },
  { note: 'template with braces in strings', src: '$"{"}"}"', want: '$("}")' },
]

describe('parseTerm', () => {
  it.each(rows)('$note', ({ src, want }) => {
    const r = parseTerm(src)
    expect(r.diagnostics).toEqual([])
    expect(printTerm(r.term!)).toBe(want)
  })

  it('keeps exact locations', () => {
    const r = parseTerm('[1,\n  input.x]', { file: 'f.rego' })
    const arr = r.term!
    if (arr.type !== 'array') throw new Error('not an array')
    expect(arr.items[1]!.loc).toEqual({ file: 'f.rego', row: 2, col: 3, offset: 6, end: 13 })
    expect(arr.loc).toMatchObject({ row: 1, col: 1, offset: 0, end: 14 })
  })

  it('keeps with modifiers of template parts in partWith, and part locations', () => {
    const t = parseTerm('$"a{x with input as 1}{y}"').term!
    if (t.type !== 'template') throw new Error('not a template')
    expect(t.parts.map((p) => p.type)).toEqual(['string', 'var', 'var'])
    expect(t.partWith?.[1]).toMatchObject([{ type: 'with', target: { type: 'ref' }, value: { value: '1' } }])
    expect(t.partWith?.[2]).toBeUndefined()
    expect(t.parts[1]!.loc).toMatchObject({ col: 5, offset: 4 })
    expect(t.parts[0]!.loc).toMatchObject({ col: 3, offset: 2, end: 3 })
  })

  it('marks raw strings and keeps negative number text', () => {
    expect(parseTerm('`x`').term).toMatchObject({ type: 'string', value: 'x', raw: true })
    expect(parseTerm('-0.5e3').term).toMatchObject({ type: 'number', value: '-0.5e3' })
  })
})
