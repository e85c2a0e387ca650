import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '@cordon/rego'
import { renderPretty } from './pretty.js'

const at = (row: number, col: number): Diagnostic => ({
  code: 'rego_type_error',
  message: 'conflicting rules data.gen.p found',
  location: { file: 'gen.rego', row, col, offset: 0, end: 0 },
})

describe('renderPretty', () => {
  it('shows a short line whole, with the caret under the column', () => {
    const out = renderPretty([at(2, 3)], new Map([['gen.rego', 'package gen\np := 1\n']]))
    expect(out).toContain('  2 | p := 1\n    |   ^')
  })

  it('cuts a 1 MB line to an excerpt around the column, caret still under it', () => {
    const long = 'x := [' + '1, '.repeat(350_000) + 'bad]'
    const col = long.indexOf('bad') + 1
    const out = renderPretty([at(2, col)], new Map([['gen.rego', `package gen\n${long}\n`]]))
    expect(out.length).toBeLessThan(1000)
    const [, source, caret] = out.split('\n')
    expect(source).toMatch(/^ {2}2 \| …[ ,1]+bad\]$/)
    expect(source!.indexOf('bad')).toBe(caret!.indexOf('^'))
  })
})
