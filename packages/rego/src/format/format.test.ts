import { describe, expect, it } from 'vitest'
import { formatModule } from './index.js'

describe('formatModule', () => {
  it('lays out a module as opa fmt does: blank rows between parts (adjacent one-liners stay together), tabs, infix operators', () => {
    const src =
      'package a.b\nimport data.z\nimport data.y # why\np := 1\nq if {input.x==1\n}\nr contains x if {\nsome x in input.xs\nx>plus(1,2)\n}\n'
    expect(formatModule(src).formatted).toBe(
      'package a.b\n\nimport data.y # why\nimport data.z\n\np := 1\nq if input.x == 1\n\nr contains x if {\n\tsome x in input.xs\n\tx > 1 + 2\n}\n',
    )
  })

  it('keeps comments where they were and METADATA blocks on their rule', () => {
    const src = '# top\npackage x\n\n# METADATA\n# title: Allow\nallow if {\n\t# why\n\tinput.ok # yes\n}\n\n# end\n'
    expect(formatModule(src).formatted).toBe(src)
    expect(formatModule(src.replace('}\n\n# end', '}\n# end')).formatted).toBe(src)
  })

  it('reports a parse error with its location instead of formatting', () => {
    const r = formatModule('package x\n\np if {\n', { file: 'p.rego' })
    expect(r.formatted).toBeUndefined()
    expect(r.diagnostics[0]).toMatchObject({ code: 'rego_parse_error', location: { file: 'p.rego', row: 4 } })
  })

  it('reports a builtin written infix with the wrong arity', () => {
    const r = formatModule('package x\n\np if plus(1)\n')
    expect(r.diagnostics[0]).toMatchObject({ code: 'rego_type_error', message: 'plus: arity mismatch' })
  })

  it('writes a template string in a rule head key as a template string', () => {
    const src = 'package x\n\ntest_p[$"{a} {b}"] if {\n\tsome a in [1]\n\tsome b in [2]\n}\n'
    expect(formatModule(src).formatted).toBe(src)
  })
})
