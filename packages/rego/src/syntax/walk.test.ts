import { describe, expect, it } from 'vitest'
import type { AnyNode } from '../ast.js'
import { parseModule } from './parse.js'
import { children, walk } from './walk.js'

const src = `package x

# METADATA
# title: P
p := y if {
  some k, v in input.o
  every z in v { z > 0 }
  y := [a | a := $"{k}"][0] with input as {"o": {}}
} else := 1
`

describe('walk', () => {
  it('visits every node in source order', () => {
    const m = parseModule(src).module!
    const seen: string[] = []
    walk(m, (n) => {
      if (n.type === 'var') seen.push(n.name)
    })
    expect(seen).toEqual([
      'data',
      'p',
      'y',
      'k',
      'v',
      'input',
      'z',
      'v',
      'gt',
      'z',
      'assign',
      'y',
      'a',
      'assign',
      'a',
      'k',
      'input',
      'p',
    ])
  })

  it('skips children when enter returns false, and calls leave', () => {
    const m = parseModule(src).module!
    const types: string[] = []
    walk(m, {
      enter: (n) => n.type !== 'rule',
      leave: (n: AnyNode) => {
        types.push(n.type)
      },
    })
    expect(types).toEqual(['var', 'string', 'ref', 'package', 'module'])
  })

  it('lists the children of each kind of expression', () => {
    const rule = parseModule(src).module!.rules[0]!
    expect(children(rule.body[0]!).map((n) => n.type)).toEqual(['var', 'var', 'ref'])
    expect(children(rule.body[1]!).map((n) => n.type)).toEqual(['var', 'var', 'expr'])
    expect(children(rule).map((n) => n.type)).toEqual(['annotation', 'head', 'expr', 'expr', 'expr', 'rule'])
  })
})
