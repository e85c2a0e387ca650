import { describe, expect, it } from 'vitest'
import { ignoreNames } from './ignore-globs.js'

describe('ignoreNames (Go filepath.Match on a name)', () => {
  it.each([
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'a.yml', false],
    ['*_test.rego', 'x_test.rego', true],
    ['*_test.rego', 'x.rego', false],
    ['vendor', 'vendor', true],
    ['vendor', 'vendors', false],
    ['?.rego', 'a.rego', true],
    ['?.rego', 'ab.rego', false],
    ['[ab].rego', 'b.rego', true],
    ['[^ab].rego', 'b.rego', false],
    ['[a-c]x', 'cx', true],
    ['a.b', 'aXb', false],
    ['\\*', '*', true],
    ['\\*', 'a', false],
  ])('%s matches %s: %s', (glob, name, matches) => {
    expect(ignoreNames([glob])(name)).toBe(matches)
  })
})
