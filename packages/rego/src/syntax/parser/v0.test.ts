import { describe, expect, it } from 'vitest'
import { checkSources } from '../../check-sources.js'
import { parseModule, parseQuery } from '../parse.js'
import { printRule } from '../print.js'
import { CONTAINS_REQUIRED, IF_REQUIRED } from './rule.js'

const mod = (body: string) => `package x\n\n${body}\n`
const v0 = (body: string) => parseModule(mod(body), { file: 'v0.rego', regoVersion: 'v0' })
const rules = (body: string) => {
  const { module, diagnostics } = v0(body)
  expect(diagnostics.map((d) => d.message)).toEqual([])
  return module!.rules.map(printRule)
}
const errors = (body: string) => v0(body).diagnostics.map((d) => `${d.location.row}:${d.location.col}: ${d.message}`)

/** Rego v0 rule forms, read as OPA's parser reads them with --v0-compatible. `*` marks an implicit value. */
const rows: { note: string; src: string; want: string[] }[] = [
  { note: 'body without if', src: 'p { input.x }', want: ['p = true* if { input.x }'] },
  {
    note: 'partial set deny[msg]',
    src: 'deny[msg] { msg := "no" }',
    want: ['deny contains msg if { assign(msg, "no") }'],
  },
  { note: 'partial set with a string key', src: 'p["a"] { true }', want: ['p contains "a" if { true }'] },
  { note: 'p.q { … } is p containing "q"', src: 'p.q { true }', want: ['p contains "q" if { true }'] },
  {
    note: 'longer ref head without value is true',
    src: 'a.b[x] { x := 1 }',
    want: ['a.b[x] = true* if { assign(x, 1) }'],
  },
  {
    note: 'partial object with =',
    src: 'p[k] = v { k := "a"; v := 1 }',
    want: ['p[k] = v if { assign(k, "a"); assign(v, 1) }'],
  },
  { note: '= value with body', src: 'p = x { x := 1 }', want: ['p = x if { assign(x, 1) }'] },
  { note: 'function with = and body', src: 'f(x) = y { y := x }', want: ['f(x) = y if { assign(y, x) }'] },
  { note: 'function implicit true', src: 'f(x) { x > 0 }', want: ['f(x) = true* if { gt(x, 0) }'] },
  {
    note: 'else = without if',
    src: 'p = 1 { input.a } else = 2 { input.b } else = 3',
    want: ['p = 1 if { input.a } else = 2 if { input.b } else = 3'],
  },
  { note: 'several bodies', src: 'p { a } { b }', want: ['p = true* if { a }', 'p = true* if { b }'] },
  { note: 'bodyless p[1] is a set fact', src: 'p[1]', want: ['p contains 1'] },
  { note: 'bodyless dotted ref is true', src: 'a.b.c', want: ['a.b.c = true*'] },
  {
    note: 'if, contains, in and every are names',
    src: 'p { if := 1; in := [if]; every := in[0]; contains(every, "1") }',
    want: ['p = true* if { assign(if, 1); assign(in, [if]); assign(every, in[0]); contains(every, "1") }'],
  },
]

describe('Rego v0 rules', () => {
  for (const row of rows) it(row.note, () => expect(rules(row.src)).toEqual(row.want))

  it("a bare name is no rule, with OPA's message", () => {
    expect(errors('p')).toEqual(['3:1: var cannot be used for rule name'])
  })

  it('has no v0 rules by default: the same text is a v1 error', () => {
    const { diagnostics } = parseModule(mod('deny[msg] { msg := "no" }'))
    expect(diagnostics.map((d) => d.message)).toEqual([IF_REQUIRED, CONTAINS_REQUIRED])
  })
})

describe('Rego v0 keywords', () => {
  it('in needs future.keywords.in', () => {
    expect(errors('p { 1 in [1] }')[0]).toMatch(/^3:7: unexpected identifier "in"/)
    expect(rules('import future.keywords.in\n\np { 1 in [1] }')).toEqual(['p = true* if { internal.member_2(1, [1]) }'])
  })

  it('future.keywords.every also brings in, as in OPA', () => {
    expect(rules('import future.keywords.every\n\np { every x in [1] { x > 0 } }')).toEqual([
      'p = true* if { every x in [1] { gt(x, 0) } }',
    ])
  })

  it('future.keywords.if and .contains allow v1 heads in a v0 file', () => {
    expect(rules('import future.keywords.if\nimport future.keywords.contains\n\np contains 1 if true')).toEqual([
      'p contains 1 if { true }',
    ])
    expect(rules('import future.keywords\n\np contains x if { some x in [1] }')).toEqual([
      'p contains x if { some x in [1] }',
    ])
  })

  it('if without the import is not a keyword: `p if` is a bare name, as OPA reads it', () => {
    expect(errors('p if { true }')[0]).toBe('3:1: var cannot be used for rule name')
  })

  it('import rego.v1 makes the file Rego v1', () => {
    const { module } = v0('import rego.v1\n\np if { 1 in [1] }')
    expect(module?.regoVersion).toBeUndefined()
    expect(v0('p { true }').module?.regoVersion).toBe('v0')
    expect(errors('import rego.v1\n\ndeny[msg] { msg := 1 }')).toEqual([
      `5:1: ${IF_REQUIRED}`,
      `5:1: ${CONTAINS_REQUIRED}`,
    ])
  })

  it('queries follow the version too', () => {
    expect(parseQuery('x := 1 in [1]', { regoVersion: 'v0' }).diagnostics).not.toEqual([])
    expect(parseQuery('x := 1 in [1]').diagnostics).toEqual([])
  })
})

describe('Rego v0 in a build', () => {
  it('v0 and v1 files mix in one policy, each read by its own version', () => {
    const files = [
      { file: 'old.rego', text: 'package a\n\ndeny[msg] { input.x; msg := "x" }\n', regoVersion: 'v0' as const },
      { file: 'new.rego', text: 'package b\n\nimport data.a\n\nallow if count(a.deny) == 0\n' },
    ]
    const { diagnostics, compiled } = checkSources(files)
    expect(diagnostics).toEqual([])
    expect(compiled).toBeDefined()
    // The default version applies to files that do not name their own.
    expect(
      checkSources(
        files.map((f) => ({ file: f.file, text: f.text })),
        { regoVersion: 'v0' },
      ).diagnostics[0]?.message,
    ).toBe('var cannot be used for rule name')
  })

  it('v1 strict checks do not apply to a v0 module (duplicate imports), but do after import rego.v1', () => {
    const src = 'package a\n\nimport data.x.y\nimport data.z.y\n\np { y == 1 }\n'
    expect(checkSources([{ file: 'a.rego', text: src }], { regoVersion: 'v0' }).diagnostics).toEqual([])
    const v1 = checkSources(
      [
        {
          file: 'a.rego',
          text: src.replace('import data.x.y', 'import rego.v1\nimport data.x.y').replace('p {', 'p if {'),
        },
      ],
      { regoVersion: 'v0' },
    )
    expect(v1.diagnostics.map((d) => d.message)).toEqual(['import must not shadow import data.x.y'])
  })
})
