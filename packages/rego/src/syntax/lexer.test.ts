import { describe, expect, it } from 'vitest'
import { lex } from './lexer.js'

const kinds = (src: string) => lex(src).tokens.map((t) => `${t.kind}:${t.text}`)

describe('lexer', () => {
  const rows: { note: string; src: string; want: string[] }[] = [
    { note: 'identifiers and keywords are idents', src: 'p if x', want: ['ident:p', 'ident:if', 'ident:x', 'eof:'] },
    {
      note: 'longest punctuation first',
      src: 'a:=b==c!=d<=e>=f',
      want: [
        'ident:a',
        'punct::=',
        'ident:b',
        'punct:==',
        'ident:c',
        'punct:!=',
        'ident:d',
        'punct:<=',
        'ident:e',
        'punct:>=',
        'ident:f',
        'eof:',
      ],
    },
    {
      note: 'numbers',
      src: '1 2.5 3e10 4E-2 5.0e+1',
      want: ['number:1', 'number:2.5', 'number:3e10', 'number:4E-2', 'number:5.0e+1', 'eof:'],
    },
    { note: 'minus is separate from the number', src: '-1', want: ['punct:-', 'number:1', 'eof:'] },
    {
      note: 'number then dot ref',
      src: 'x[1].y',
      want: ['ident:x', 'punct:[', 'number:1', 'punct:]', 'punct:.', 'ident:y', 'eof:'],
    },
    { note: 'strings', src: '"a" `b`', want: ['string:"a"', 'rawstring:`b`', 'eof:'] },
    { note: 'template', src: '$"a{x}"', want: ['template:$"a{x}"', 'eof:'] },
    { note: 'comments are skipped', src: 'a # c\nb', want: ['ident:a', 'ident:b', 'eof:'] },
  ]
  it.each(rows)('$note', ({ src, want }) => {
    expect(kinds(src)).toEqual(want)
    expect(lex(src).diagnostics).toEqual([])
  })

  it('tracks rows, columns, offsets, line breaks and spacing', () => {
    const { tokens } = lex('a b\n  c.d', 'f.rego')
    expect(tokens.map((t) => [t.text, t.row, t.col, t.offset, t.end, t.nl, t.ws])).toEqual([
      ['a', 1, 1, 0, 1, false, false],
      ['b', 1, 3, 2, 3, false, true],
      ['c', 2, 3, 6, 7, true, true],
      ['.', 2, 4, 7, 8, false, false],
      ['d', 2, 5, 8, 9, false, false],
      ['', 2, 6, 9, 9, false, false],
    ])
  })

  it('counts rows across raw strings and CRLF line ends', () => {
    const { tokens } = lex('`a\nb` x\r\ny')
    expect(tokens.map((t) => [t.text, t.row, t.col])).toEqual([
      ['`a\nb`', 1, 1],
      ['x', 2, 4],
      ['y', 3, 1],
      ['', 3, 2],
    ])
  })

  it('decodes string escapes', () => {
    const [t] = lex(String.raw`"\"\\\/\b\f\n\r\t\u0041\ud83d\ude00"`).tokens
    expect(t!.value).toBe('"\\/\b\f\n\r\tA😀')
  })

  it('splits template strings into text and expression tokens', () => {
    const [t] = lex('$"a\\{b{x + 1}c{"}"}"').tokens
    const parts = t!.parts!.map((p) => (p.kind === 'text' ? p.value : p.tokens.map((x) => x.text).join(' ')))
    expect(parts).toEqual(['a{b', 'x + 1 ', 'c', '"}" '])
    expect(t!.parts![1]).toMatchObject({ kind: 'expr', row: 1, col: 7, offset: 6 })
  })

  it('keeps backslashes in raw templates except before a brace', () => {
    const [t] = lex('$`a\\n\\{x}`').tokens
    expect(t!.parts).toMatchObject([{ kind: 'text', value: 'a\\n{x}' }])
  })

  it('records comments with locations', () => {
    const { comments } = lex('x # one\n# two')
    expect(comments).toEqual([
      { text: ' one', loc: { file: '', row: 1, col: 3, offset: 2, end: 7 } },
      { text: ' two', loc: { file: '', row: 2, col: 1, offset: 8, end: 13 } },
    ])
  })

  const errors: { note: string; src: string; want: string }[] = [
    { note: 'unterminated string', src: 'x := "abc', want: '1:6 unterminated string' },
    { note: 'string cut by a line break', src: 'x := "a\n"', want: '1:6 unterminated string' },
    { note: 'unterminated raw string', src: '\n  `abc', want: '2:3 unterminated raw string' },
    { note: 'bad escape', src: '"\\x"', want: '1:2 invalid escape sequence "\\\\x" in string' },
    { note: 'bad unicode escape', src: '"\\u12"', want: '1:2 invalid escape sequence "\\\\u" in string' },
    { note: 'unexpected character', src: 'a ^ b', want: '1:3 unexpected character "^"' },
    { note: 'non-ASCII identifier', src: 'é', want: '1:1 unexpected character "é"' },
    { note: 'unterminated template', src: '$"a{x}', want: '1:1 unterminated template string' },
    {
      note: 'unterminated template expression',
      src: '$"a{x',
      want: '1:6 unterminated template string expression: missing "}"',
    },
  ]
  it.each(errors)('error: $note', ({ src, want }) => {
    const d = lex(src).diagnostics[0]!
    expect(`${d.location.row}:${d.location.col} ${d.message}`).toBe(want)
    expect(d.code).toBe('rego_parse_error')
  })
})
