import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../diagnostics.js'
import { parseModule, parseQuery, parseTerm } from './parse.js'
import { walk } from './walk.js'

const mod = (body: string) => `package x\n\n${body}`

/** Common mistakes: each row gives the exact `file:row:col: code: message` expected first. */
const rows: { note: string; src: string; want: string }[] = [
  {
    note: 'v1 requires if before a body',
    src: mod('p {\n  true\n}'),
    want: 'm.rego:3:1: rego_parse_error: `if` keyword is required before rule body',
  },
  {
    note: 'v1 requires contains for multi-value rules',
    src: mod('p[x] if {\n  x := 1\n}\nq[x] {\n  x := 1\n}'),
    want: 'm.rego:6:1: rego_parse_error: `contains` keyword is required for partial set rules',
  },
  {
    note: 'unterminated string at the opening quote',
    src: mod('p := "abc\nq := 1'),
    want: 'm.rego:3:6: rego_parse_error: unterminated string',
  },
  {
    note: 'unterminated raw string',
    src: mod('p := `abc'),
    want: 'm.rego:3:6: rego_parse_error: unterminated raw string',
  },
  {
    note: 'unterminated template string',
    src: mod('p := $"abc'),
    want: 'm.rego:3:6: rego_parse_error: unterminated template string',
  },
  {
    note: 'invalid escape',
    src: mod('p := "a\\qb"'),
    want: 'm.rego:3:8: rego_parse_error: invalid escape sequence "\\\\q" in string',
  },
  {
    note: 'missing closing bracket points at the opening one',
    src: mod('p := [1, 2'),
    want: 'm.rego:3:6: rego_parse_error: missing "]": the "[" at 3:6 is never closed',
  },
  {
    note: 'missing closing brace of a body',
    src: mod('p if {\n  x := 1\n'),
    want: 'm.rego:3:6: rego_parse_error: missing "}": the "{" at 3:6 is never closed',
  },
  {
    note: 'unexpected token says what was found and expected',
    src: mod('p := [1 2]'),
    want: 'm.rego:3:9: rego_parse_error: unexpected number 2, expected "]" or "," in an array',
  },
  {
    note: 'two expressions on one line',
    src: mod('p if {\n  x := 1 y := 2\n}'),
    want: 'm.rego:4:10: rego_parse_error: unexpected identifier "y", expected a new line, ";" or "}" after the expression',
  },
  {
    note: 'missing package',
    src: 'p := 1',
    want: 'm.rego:1:1: rego_parse_error: unexpected identifier "p", expected "package" declaration at the start of the module',
  },
  {
    note: 'empty body',
    src: mod('p if {}'),
    want: 'm.rego:3:7: rego_parse_error: found empty body',
  },
  {
    note: 'keyword used as a variable',
    src: mod('p if {\n  every := 1\n}'),
    want: 'm.rego:4:9: rego_parse_error: unexpected ":=", expected a variable after "every"',
  },
  {
    note: 'unexpected character',
    src: mod('p := 1 @ 2'),
    want: 'm.rego:3:8: rego_parse_error: unexpected character "@"',
  },
  {
    note: 'leading zero',
    src: mod('p := 007'),
    want: 'm.rego:3:6: rego_parse_error: expected number without leading zero',
  },
  {
    note: 'default rule with a body',
    src: mod('default p := 1 if { true }'),
    want: 'm.rego:3:16: rego_parse_error: default rules cannot have a body',
  },
  {
    note: 'scalar ref head',
    src: mod('p := "abc"[0]'),
    want: 'm.rego:3:11: rego_parse_error: illegal ref (head cannot be string)',
  },
  {
    note: 'default rule value must be constant',
    src: mod('default p := input.x'),
    want: 'm.rego:3:1: rego_parse_error: illegal default rule (value cannot contain ref)',
  },
  {
    note: 'default rule needs a value',
    src: mod('default p contains 1'),
    want: 'm.rego:3:1: rego_parse_error: illegal default rule (must have a value, e.g., default p := false)',
  },
  {
    note: 'default function arguments are distinct vars',
    src: mod('default f(x, x) := 1'),
    want: 'm.rego:3:1: rego_parse_error: illegal default rule (arguments cannot be repeated x)',
  },
  {
    note: 'else on a multi-value rule',
    src: mod('p contains 1 if { false } else := 2'),
    want: 'm.rego:3:27: rego_parse_error: else keyword cannot be used on multi-value rules',
  },
  {
    note: 'contains on a function',
    src: mod('f(x) contains 1'),
    want: 'm.rego:3:6: rego_parse_error: the contains keyword can only be used with multi-value rule definitions (e.g., f contains <VALUE> { ... })',
  },
  {
    note: 'bad import root',
    src: mod('import foo.bar'),
    want: 'm.rego:3:8: rego_parse_error: invalid import path "foo.bar": it must start with data, input, future or rego',
  },
  {
    note: 'invalid METADATA yaml',
    src: 'package x\n\n# METADATA\n# title: [unclosed\np := 1',
    want: 'm.rego:3:1: rego_parse_error: invalid METADATA block',
  },
  {
    note: 'annotation scope mismatch',
    src: 'package x\n\n# METADATA\n# scope: package\np := 1',
    want: "m.rego:3:1: rego_parse_error: annotation scope 'package' must be applied to package (have rule)",
  },
  {
    note: 'not on some',
    src: mod('p if {\n  not some x in xs\n}'),
    want: "m.rego:4:7: rego_parse_error: illegal negation of 'some'",
  },
  {
    note: 'assignment in a template',
    src: mod('p := $"{x := 1}"'),
    want: "m.rego:3:9: rego_parse_error: unexpected assignment (':=') in template-string expression",
  },
]

describe('error messages', () => {
  it.each(rows)('$note', ({ src, want }) => {
    const r = parseModule(src, { file: 'm.rego' })
    expect(r.module).toBeUndefined()
    expect(r.diagnostics.map(formatDiagnostic)).toContainEqual(expect.stringContaining(want))
  })

  it('recovers at the next rule and reports several errors', () => {
    const src = mod('a := [1 2]\nb := 1\nc := (\nd := 2\ne if {\n  x := }\n}\nf := 3')
    const r = parseModule(src, { file: 'm.rego' })
    expect(r.diagnostics.map((d) => `${d.location.row}:${d.location.col}`)).toEqual(['3:9', '6:3', '8:8'])
  })

  it('caps the diagnostics at 10', () => {
    const src = mod(Array.from({ length: 30 }, (_, i) => `p${i} := [1 2]`).join('\n'))
    expect(parseModule(src).diagnostics).toHaveLength(10)
  })

  it('reports errors from queries and terms with locations', () => {
    expect(parseQuery('x := [1,').diagnostics[0]).toMatchObject({
      code: 'rego_parse_error',
      location: { row: 1, col: 6 },
    })
    expect(parseTerm('{"a": 1').diagnostics[0]!.message).toBe('missing "}": the "{" at 1:1 is never closed')
    expect(parseTerm('1 2').diagnostics[0]!.message).toBe('unexpected number 2, expected end of input after the term')
    expect(parseTerm('').diagnostics[0]!.message).toBe('unexpected end of input, expected a term')
  })
})

describe('robustness', () => {
  it.each([
    { note: 'deep arrays', src: '['.repeat(10_000), at: '1:500' },
    { note: 'deep objects', src: '{"a":'.repeat(10_000), at: '1:2492' },
    { note: 'deep parentheses', src: '('.repeat(10_000) + '1' + ')'.repeat(10_000), at: '1:500' },
    { note: 'deep unary minus chains', src: 'x := ' + '-'.repeat(10_000) + '1', at: '1:7' },
    { note: 'deep templates', src: 'x := ' + '$"{'.repeat(5_000), at: '1:756' },
    { note: 'deep comprehensions', src: '[x | '.repeat(5_000), at: '1:1247' },
    { note: 'deep binary chains', src: 'x := 1' + ' + (1'.repeat(5_000), at: '1:1671' },
    { note: 'deep comprehensions with logic keywords', src: '[x | '.repeat(5_000), at: '1:831', logic: true },
    { note: 'deep blocks with logic keywords', src: 'a and { '.repeat(5_000), at: '1:1329', logic: true },
    { note: 'deep not blocks', src: 'not { '.repeat(5_000), at: '1:1201', logic: true },
    { note: 'deep groups', src: '('.repeat(5_000), at: '1:334', logic: true },
    { note: 'deep templates with logic keywords', src: 'x := ' + '$"{'.repeat(5_000), at: '1:606', logic: true },
  ])('$note: nesting too deep, no crash', ({ src, at, logic }) => {
    const r = parseQuery(src, { experimentalKeywords: logic === true })
    expect(r.diagnostics.length).toBeGreaterThan(0)
    const d = r.diagnostics.find((x) => x.message === 'nesting too deep') ?? r.diagnostics[0]!
    expect(`${d.location.row}:${d.location.col}`).toBe(at)
  })

  it('parses long left-associative chains in a loop (OPA accepts them)', () => {
    const r = parseQuery('x := 1' + ' + 1'.repeat(100_000) + ' in x'.repeat(10_000))
    expect(r.diagnostics).toEqual([])
    let calls = 0
    walk(r.body![0]!, (n) => {
      if (n.type === 'call') calls++
    })
    expect(calls).toBe(110_000)
  })

  it('long else chains and logic chains are nesting too', () => {
    const elses = `package x\np := 0 if { a }${' else := 1 if { a }'.repeat(5_000)}`
    expect(parseModule(elses).diagnostics.map((d) => d.message)).toEqual(['nesting too deep'])
    const ands = 'a' + ' and a'.repeat(5_000)
    expect(parseQuery(ands, { experimentalKeywords: true }).diagnostics.map((d) => d.message)).toEqual([
      'nesting too deep',
    ])
  })

  it('deep nesting in a module stops with one diagnostic', () => {
    const r = parseModule(`package x\np := ${'['.repeat(10_000)}`, { file: 'm.rego' })
    expect(r.diagnostics.map(formatDiagnostic)).toEqual(['m.rego:2:506: rego_parse_error: nesting too deep'])
  })

  it('recovers after a too-deep rule', () => {
    const src = `package x\np := ${'['.repeat(5_000)}\nq := 1\nr := [1 2]`
    const r = parseModule(src)
    expect(r.diagnostics.map((d) => `${d.location.row}:${d.location.col} ${d.message}`)).toEqual([
      '2:506 nesting too deep',
      '4:9 unexpected number 2, expected "]" or "," in an array',
    ])
  })

  it('nesting below the limit parses', () => {
    const src = '['.repeat(300) + ']'.repeat(300)
    expect(parseTerm(src).diagnostics).toEqual([])
  })

  it('is linear-ish on long inputs', () => {
    const rules = Array.from(
      { length: 5_000 },
      (_, i) => `r${i} := {"a": [${i}, ${i} + 1], "b": input.x[${i}]} if { some x in input.xs; x > ${i} }`,
    )
    const t0 = performance.now()
    const r = parseModule(`package big\n${rules.join('\n')}`)
    expect(r.diagnostics).toEqual([])
    expect(r.module!.rules).toHaveLength(5_000)
    // Generous: the machine may be loaded; quadratic behaviour would take minutes here.
    expect(performance.now() - t0).toBeLessThan(10_000)
  })

  it('never throws on garbage', () => {
    const samples = [
      'package',
      'package x\n{',
      'package x\np := $"{',
      'package x\np := $"{"',
      '"',
      '`',
      '$`{',
      'package x\n]]]',
      'package x\nimport',
      'package x\np if',
      'package x\np := {1:',
      'package x\nelse',
      'package x\ndefault',
      'package x\np[',
      'package x\nf(',
    ]
    for (const s of samples) {
      expect(() => parseModule(s)).not.toThrow()
      expect(() => parseQuery(s)).not.toThrow()
      expect(() => parseTerm(s)).not.toThrow()
    }
  })
})
