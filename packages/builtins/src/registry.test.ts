import { describe, expect, it } from 'vitest'
import { arity, builtinDecls, declsFromCapabilities, infixOperators } from './index.js'

describe('builtin registry', () => {
  it.each([
    { note: 'infix plus', name: 'plus', arity: 2, infix: '+' },
    { note: 'namespaced', name: 'io.jwt.decode', arity: 1, infix: undefined },
    { note: 'no args', name: 'time.now_ns', arity: 0, infix: undefined },
    { note: 'membership', name: 'internal.member_2', arity: 2, infix: 'in' },
  ])('$note', ({ name, arity: n, infix }) => {
    const b = builtinDecls.get(name)
    expect(b, name).toBeDefined()
    expect(arity(b!)).toBe(n)
    expect(b!.infix).toBe(infix)
  })

  it('holds all 206 of OPA’s declarations, each once', () => {
    expect(builtinDecls.size).toBe(206)
  })

  it('maps infix operators to builtins', () => {
    expect(infixOperators.get('==')?.name).toBe('equal')
    expect(infixOperators.get(':=')?.name).toBe('assign')
    expect(infixOperators.get('|')?.name).toBe('or')
  })

  it('reads a capabilities document and rejects a malformed one', () => {
    const m = declsFromCapabilities({ builtins: [{ name: 'x.y', decl: { type: 'function', args: [] } }] })
    expect([...m.keys()]).toEqual(['x.y'])
    expect(() => declsFromCapabilities({ builtins: [{ name: 1 }] })).toThrow('builtins[0]')
    expect(() => declsFromCapabilities({})).toThrow('"builtins" array')
  })
})
