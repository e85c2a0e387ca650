import { describe, expect, it } from 'vitest'
import { BoundedCache } from './bounded-cache.js'
import { jsonImpls, schemaCompileCount } from './json.js'
import { newBuiltinContext } from './types.js'
import { RegoObject } from '../value/index.js'

describe('BoundedCache', () => {
  it('keeps at most max entries, dropping the least recently used', () => {
    const c = new BoundedCache<string, number>(2)
    c.set('a', 1)
    c.set('b', 2)
    expect(c.get('a')).toBe(1) // a is now newer than b
    c.set('c', 3)
    expect(c.size).toBe(2)
    expect(c.get('b')).toBeUndefined()
    expect(c.get('a')).toBe(1)
    expect(c.get('c')).toBe(3)
  })
})

describe('json.match_schema compiles a schema once per text or Value', () => {
  const ctx = newBuiltinContext()
  const match = jsonImpls['json.match_schema']!
  it('same text, same Value: one compile; an equal fresh Value: another', () => {
    const text = '{"type": "object", "required": ["a"]}'
    const start = schemaCompileCount()
    for (let i = 0; i < 5; i++) expect(match([RegoObject.fromRecord({ a: i }), text], ctx)).toEqual([true, []])
    expect(schemaCompileCount() - start).toBe(1)
    const schema = RegoObject.fromRecord({ type: 'object', required: ['b'] })
    for (let i = 0; i < 5; i++)
      expect((match([RegoObject.fromRecord({ b: i }), schema], ctx) as unknown[])[0]).toBe(true)
    expect(schemaCompileCount() - start).toBe(2)
    const fresh = RegoObject.fromRecord({ type: 'object', required: ['b'] })
    expect((match([RegoObject.fromRecord({}), fresh], ctx) as unknown[])[0]).toBe(false)
    expect(schemaCompileCount() - start).toBe(3)
  })
})
