// regex.match and regex.find_n keep their results by pattern and text
// (regex.ts resultCache): a repeated call computes nothing, answers as the
// first did, and hands out an array of its own; errors are never kept.
import { describe, expect, it } from 'vitest'
import { regexImpls, regexResultsMade } from './regex.js'
import { BuiltinError, newBuiltinContext } from './types.js'

const call = (name: string, ...args: unknown[]) => regexImpls[name]!(args as never, newBuiltinContext())

describe('regex results are cached by pattern and text', () => {
  it('a repeated regex.match computes nothing and answers alike', () => {
    const made = regexResultsMade()
    for (let i = 0; i < 5; i++) {
      expect(call('regex.match', '^m_.+\\.tsv$', 'm_x.tsv')).toBe(true)
      expect(call('regex.match', '^m_.+\\.tsv$', 'm_x.txt')).toBe(false)
    }
    expect(regexResultsMade() - made).toBe(2)
  })

  it('pattern and text never run together into another key', () => {
    // The same characters split differently between pattern and text.
    expect(call('regex.match', 'ab', 'c')).toBe(false)
    expect(call('regex.match', 'a', 'bc')).toBe(false)
    expect(call('regex.match', 'abc', '')).toBe(false)
    expect(call('regex.match', '', 'abc')).toBe(true)
    expect(call('regex.match', 'b', 'abc')).toBe(true)
  })

  it('regex.find_n hands out its own array each time, keyed by n too', () => {
    const made = regexResultsMade()
    const first = call('regex.find_n', 'a.', 'paranormal', -1) as string[]
    first.push('changed')
    expect(call('regex.find_n', 'a.', 'paranormal', -1)).toEqual(['ar', 'an', 'al'])
    expect(call('regex.find_n', 'a.', 'paranormal', 2)).toEqual(['ar', 'an'])
    expect(regexResultsMade() - made).toBe(2)
  })

  it('a bad pattern fails every time', () => {
    for (let i = 0; i < 2; i++) expect(() => call('regex.match', '(', 'x')).toThrow(BuiltinError)
  })
})
