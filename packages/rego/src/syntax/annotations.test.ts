import { describe, expect, it } from 'vitest'
import { parseModule } from './parse.js'

describe('METADATA blocks', () => {
  it('ends a block where the next `# METADATA` starts, as OPA does', () => {
    const src = 'package test\n\n# METADATA\n# title: My rule\n# METADATA\n# title: My rule 2\np if input = "str"\n'
    const { module, diagnostics } = parseModule(src)
    expect(diagnostics).toEqual([])
    expect(module!.rules[0]!.annotations.map((a) => a.title)).toEqual(['My rule', 'My rule 2'])
  })
})
