import { describe, expect, it } from 'vitest'
import { parseDataPath, setIn } from './data-path.js'

describe('data paths', () => {
  it('parses slash, dotted and array paths', () => {
    expect(parseDataPath('a/b')).toEqual(['a', 'b'])
    expect(parseDataPath('/a/b/')).toEqual(['a', 'b'])
    expect(parseDataPath('data.a.b')).toEqual(['a', 'b'])
    expect(parseDataPath(['a.b', 'c'])).toEqual(['a.b', 'c'])
  })

  it('sets and removes by copying only the path', () => {
    const doc = { a: { b: 1, keep: { x: 1 } }, other: { y: 2 } }
    const next = setIn(doc, ['a', 'b'], 2)
    expect(next).toEqual({ a: { b: 2, keep: { x: 1 } }, other: { y: 2 } })
    expect(doc.a.b).toBe(1)
    expect(next.other).toBe(doc.other)
    expect(setIn(doc, ['a', 'b'], undefined)).toEqual({ a: { keep: { x: 1 } }, other: { y: 2 } })
    expect(setIn(doc, ['n', 'm'], 1)).toMatchObject({ n: { m: 1 } })
    expect(() => setIn(doc, ['a', 'b', 'c'], 1)).toThrow(/not an object/)
  })
})
