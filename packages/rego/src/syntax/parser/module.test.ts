import { describe, expect, it } from 'vitest'
import { parseModule } from '../parse.js'
import { printTerm } from '../print.js'

describe('package and imports', () => {
  const rows: { note: string; src: string; pkg: string; imports: string[] }[] = [
    { note: 'simple package', src: 'package x', pkg: 'data.x', imports: [] },
    { note: 'dotted package', src: 'package a.b.c', pkg: 'data.a.b.c', imports: [] },
    { note: 'package with keyword', src: 'package foo.as.bar', pkg: 'data.foo.as.bar', imports: [] },
    { note: 'package with string key', src: 'package a["b-c"]', pkg: 'data.a["b-c"]', imports: [] },
    { note: 'data import', src: 'package x\nimport data.lib.util', pkg: 'data.x', imports: ['data.lib.util'] },
    {
      note: 'input import with alias',
      src: 'package x\nimport input.user as u',
      pkg: 'data.x',
      imports: ['input.user as u'],
    },
    {
      note: 'import with keyword in path and alias',
      src: 'package x\nimport data.foo.as as my_if',
      pkg: 'data.x',
      imports: ['data.foo.as as my_if'],
    },
    { note: 'rego.v1', src: 'package x\nimport rego.v1', pkg: 'data.x', imports: ['rego.v1'] },
    {
      note: 'future keywords',
      src: 'package x\nimport future.keywords\nimport future.keywords.in\nimport future.keywords.every\nimport future.keywords.if\nimport future.keywords.contains',
      pkg: 'data.x',
      imports: [
        'future.keywords',
        'future.keywords.in',
        'future.keywords.every',
        'future.keywords.if',
        'future.keywords.contains',
      ],
    },
    { note: 'import after a rule', src: 'package x\np := 1\nimport data.y', pkg: 'data.x', imports: ['data.y'] },
  ]
  it.each(rows)('$note', ({ src, pkg, imports }) => {
    const r = parseModule(src)
    expect(r.diagnostics).toEqual([])
    expect(printTerm(r.module!.package.path)).toBe(pkg)
    expect(r.module!.imports.map((i) => printTerm(i.path) + (i.alias ? ` as ${i.alias}` : ''))).toEqual(imports)
  })

  it('rejects experimental imports unless enabled', () => {
    const src = 'package x\nimport future.keywords.and'
    expect(parseModule(src).diagnostics[0]!.message).toContain('experimental')
    expect(parseModule(src, { experimentalKeywords: true }).diagnostics).toEqual([])
  })

  it('keeps comments and the module file', () => {
    const r = parseModule('# top\npackage x # pkg\n\np := 1 # one', { file: 'c.rego' })
    expect(r.module!.comments.map((c) => c.text)).toEqual([' top', ' pkg', ' one'])
    expect(r.module!.comments[2]!.loc).toMatchObject({ file: 'c.rego', row: 4, col: 8 })
    expect(r.module!.file).toBe('c.rego')
  })

  it('accepts semicolon-separated statements', () => {
    const r = parseModule('package x; p := 1; q := 2')
    expect(r.diagnostics).toEqual([])
    expect(r.module!.rules).toHaveLength(2)
  })
})

describe('annotations', () => {
  it('attaches rule and package blocks', () => {
    const src = [
      '# METADATA',
      '# description: The Rego test suite',
      'package testing',
      '',
      '# METADATA',
      '# title: Testing annotations',
      '# authors:',
      '# - The OPA contributors',
      '# entrypoint: true',
      '# custom:',
      '#   severity: high',
      'p := x if {',
      '  x := 1',
      '}',
    ].join('\n')
    const r = parseModule(src, { file: 'a.rego' })
    expect(r.diagnostics).toEqual([])
    const m = r.module!
    expect(m.annotations).toMatchObject([{ type: 'annotation', scope: 'package', description: 'The Rego test suite' }])
    expect(m.rules[0]!.annotations).toMatchObject([
      {
        scope: 'rule',
        title: 'Testing annotations',
        entrypoint: true,
        fields: { authors: ['The OPA contributors'], custom: { severity: 'high' } },
        loc: { file: 'a.rego', row: 5, col: 1 },
      },
    ])
  })

  it('puts document and subpackages scopes on the module', () => {
    const src =
      '# METADATA\n# scope: subpackages\npackage x\n\n# METADATA\n# scope: document\n# title: P\np := 1\n\n# METADATA\n# title: second\np := 2'
    const m = parseModule(src).module!
    expect(m.annotations.map((a) => a.scope)).toEqual(['subpackages', 'document'])
    expect(m.rules[0]!.annotations).toEqual([])
    expect(m.rules[1]!.annotations.map((a) => a.title)).toEqual(['second'])
  })

  it('ends a block at the first non-comment line; it applies to the next statement', () => {
    const src = 'package x\n\n# METADATA\n# title: t\n\n# description: not yaml of the block\np := 1'
    const m = parseModule(src).module!
    expect(m.annotations).toEqual([])
    expect(m.rules[0]!.annotations.map((a) => a.fields)).toEqual([{ title: 't' }])
  })

  it('reads a null field (`# description:`) as absent, as OPA does', () => {
    const src = 'package x\n\n# METADATA\n# description:\n# title: t\n# scope:\n# entrypoint:\np := 1'
    const r = parseModule(src, { file: 'a.rego' })
    expect(r.diagnostics).toEqual([])
    expect(r.module!.rules[0]!.annotations).toMatchObject([{ scope: 'rule', title: 't', fields: { title: 't' } }])
    expect(r.module!.rules[0]!.annotations[0]!.description).toBeUndefined()
  })

  it('rejects a bad scope', () => {
    const r = parseModule('package x\n# METADATA\n# scope: everything\np := 1', { file: 'a.rego' })
    expect(r.diagnostics[0]).toMatchObject({
      message: expect.stringContaining("invalid annotation scope 'everything'"),
      location: { row: 2, col: 1 },
    })
  })
})
