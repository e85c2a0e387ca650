import { describe, expect, it } from 'vitest'
import { applyMask, parsePointer } from './mask.js'

describe('applyMask', () => {
  it('erases and upserts by JSON pointer without touching the original', () => {
    const input = { user: { id: 'u', name: 'n', 'a/b': 1, 'c~d': 2 }, list: [{ s: 1 }, { s: 2 }] }
    const m = applyMask(input, [
      '/user/id',
      '/user/a~1b',
      '/user/c~0d',
      '/list/1/s',
      '/nope/x',
      { op: 'upsert', path: '/user/name', value: '***' },
      { op: 'upsert', path: '/new/deep', value: 0 },
    ])
    expect(m.input).toEqual({ user: { name: '***' }, list: [{ s: 1 }, {}], new: { deep: 0 } })
    expect(m.erased).toEqual(['/user/id', '/user/a~1b', '/user/c~0d', '/list/1/s'])
    expect(m.masked).toEqual(['/user/name', '/new/deep'])
    expect(input.user.id).toBe('u')
    expect(input.list[1]).toEqual({ s: 2 })
  })

  it('erases the whole input with the root pointer, and rejects non-pointers', () => {
    expect(applyMask({ a: 1 }, ['/'])).toEqual({ input: undefined, erased: ['/'], masked: [] })
    expect(applyMask('text', ['/a'])).toEqual({ input: 'text', erased: [], masked: [] })
    expect(() => parsePointer('user/id')).toThrow(/not a JSON pointer/)
  })
})
