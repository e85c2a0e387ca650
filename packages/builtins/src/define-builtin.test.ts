import { describe, expect, expectTypeOf, it } from 'vitest'
import { defineBuiltin, isBuiltinDefinition, withCustomBuiltins } from './define-builtin.js'
import { BuiltinError, newBuiltinContext, type BuiltinContext, type BuiltinImpl } from './impl/types.js'
import type { BuiltinDecl } from './types.js'
import { DecimalNumber, RegoObject, RegoSet, type Value } from './value/index.js'

const ctx = () => newBuiltinContext()

describe('defineBuiltin', () => {
  it('is a declaration and an implementation at once', () => {
    const double = defineBuiltin({
      name: 'acme.double',
      args: [{ type: 'number' }],
      result: { type: 'number' },
      impl: (x) => (typeof x === 'bigint' ? x * 2n : x * 2),
    })
    const asDecl: BuiltinDecl = double
    const asImpl: BuiltinImpl = double
    expect(asDecl.name).toBe('acme.double')
    expect(asDecl.decl).toEqual({ type: 'function', args: [{ type: 'number' }], result: { type: 'number' } })
    expect(asImpl([21], ctx())).toBe(42)
    expect(double([2n ** 60n], ctx())).toBe(2n ** 61n)
    expect(isBuiltinDefinition(double)).toBe(true)
    expect(isBuiltinDefinition(() => 1)).toBe(false)
    expect(withCustomBuiltins([double]).get('acme.double')?.decl.args).toEqual([{ type: 'number' }])
    expect(withCustomBuiltins([double]).has('count')).toBe(true)
  })

  it('infers the implementation argument types from the declaration', () => {
    defineBuiltin({
      name: 'acme.types',
      args: [
        { type: 'string' },
        { type: 'number' },
        { type: 'boolean' },
        { type: 'array' },
        { type: 'object' },
        { type: 'set' },
        { type: 'any' },
        { type: 'null' },
      ],
      result: { type: 'string' },
      impl: (s, n, b, a, o, set, any, nul, c) => {
        expectTypeOf(s).toEqualTypeOf<string>()
        expectTypeOf(n).toEqualTypeOf<number | bigint>()
        expectTypeOf(b).toEqualTypeOf<boolean>()
        expectTypeOf(a).toEqualTypeOf<Value[]>()
        expectTypeOf(o).toEqualTypeOf<RegoObject>()
        expectTypeOf(set).toEqualTypeOf<RegoSet>()
        expectTypeOf(any).toEqualTypeOf<Value>()
        expectTypeOf(nul).toEqualTypeOf<null>()
        expectTypeOf(c).toEqualTypeOf<BuiltinContext>()
        return s
      },
    })
  })

  it('takes 0 to 4 arguments one by one and more packed in one array (as the compiler passes them)', () => {
    const join = (n: number) =>
      defineBuiltin({
        name: `acme.join${n}`,
        args: Array.from({ length: n }, () => ({ type: 'string' as const })),
        result: { type: 'string' },
        impl: (...a) => a.slice(0, n).join(''),
      })
    for (const n of [0, 1, 2, 3, 4, 5, 7]) {
      const args = Array.from({ length: n }, (_, i) => String.fromCharCode(97 + i))
      expect(join(n)(args, ctx())).toBe(args.join(''))
      if (n > 4) expect(join(n)([args], ctx())).toBe(args.join(''))
    }
    expect(() => join(2)(['a'], ctx())).toThrow(/acme.join2: expected 2 arguments, got 1/)
  })

  it('checks the declared argument types at run time (eval_type_error) and gives nearest doubles for DecimalNumber', () => {
    const inc = defineBuiltin({
      name: 'acme.inc',
      args: [{ type: 'number' }],
      result: { type: 'number' },
      impl: (x) => Number(x) + 1,
    })
    const err = (() => {
      try {
        inc(['x'], ctx())
      } catch (e) {
        return e
      }
    })() as BuiltinError
    expect(err).toBeInstanceOf(BuiltinError)
    expect([err.code, err.message]).toEqual(['eval_type_error', 'acme.inc: operand 1 must be number but got string'])
    expect(inc([new DecimalNumber('1.00000000000000000001')], ctx())).toBe(2)
    const either = defineBuiltin({
      name: 'acme.either',
      args: [{ type: 'any', of: [{ type: 'string' }, { type: 'set' }] }],
      result: { type: 'boolean' },
      impl: () => true,
    })
    expect(either(['s'], ctx())).toBe(true)
    expect(() => either([1], ctx())).toThrow(/operand 1 must be one of \{string, set\} but got number/)
  })

  it('converts plain JS results (objects, arrays, Sets, Maps with non-string keys) and checks the result type', () => {
    const shape = defineBuiltin({
      name: 'acme.shape',
      args: [{ type: 'set' }],
      result: { type: 'object' },
      impl: (s) =>
        new Map<Value, unknown>([
          [1, [...s.values()]],
          [['k'], new Set(['a'])],
          ['plain', { x: true }],
        ]) as never,
    })
    const out = shape([new RegoSet(['b', 'a'])], ctx()) as RegoObject
    expect(out).toBeInstanceOf(RegoObject)
    expect(out.get(1)).toEqual(['a', 'b'])
    expect(out.get(['k'])).toEqual(new RegoSet(['a']))
    expect((out.get('plain') as RegoObject).get('x')).toBe(true)
    const liar = defineBuiltin({ name: 'acme.liar', args: [], result: { type: 'string' }, impl: () => 1 as never })
    expect(() => liar([], ctx())).toThrow(/acme.liar: returned number, declared string/)
    const weird = defineBuiltin({ name: 'acme.weird', args: [], impl: () => new Date() as never })
    expect(() => weird([], ctx())).toThrow(/acme.weird: returned a Date, which is not a Rego value/)
  })

  it('turns any thrown error into an eval_builtin_error naming the builtin', () => {
    const boom = defineBuiltin({
      name: 'acme.boom',
      args: [],
      result: { type: 'boolean' },
      impl: () => {
        throw new Error('kaboom')
      },
    })
    expect(() => boom([], ctx())).toThrow(new BuiltinError('eval_builtin_error', 'acme.boom: kaboom'))
  })

  it('memoises nondeterministic builtins per evaluation (ctx.cache)', () => {
    let n = 0
    const tick = defineBuiltin({
      name: 'acme.tick',
      args: [{ type: 'string' }],
      result: { type: 'number' },
      nondeterministic: true,
      impl: () => ++n,
    })
    expect(tick.nondeterministic).toBe(true)
    const one = ctx()
    expect([tick(['a'], one), tick(['a'], one), tick(['b'], one)]).toEqual([1, 1, 2])
    expect(tick(['a'], ctx())).toBe(3)
  })

  it('refuses async implementations when defined, and Promises when called', () => {
    expect(() => defineBuiltin({ name: 'acme.later', args: [], impl: (async () => 1) as never })).toThrow(
      /acme.later: impl is async.*synchronous/,
    )
    const sneaky = defineBuiltin({ name: 'acme.sneaky', args: [], impl: () => Promise.resolve(1) as never })
    expect(() => sneaky([], ctx())).toThrow(
      new BuiltinError(
        'eval_builtin_error',
        'acme.sneaky: returned a Promise, but builtins must be synchronous (the decision path cannot await)',
      ),
    )
  })

  it("refuses bad names and OPA's names unless override: true", () => {
    expect(() => defineBuiltin({ name: 'count', args: [{ type: 'any' }], impl: () => 1 })).toThrow(
      /count is one of OPA's builtins/,
    )
    expect(defineBuiltin({ name: 'count', override: true, args: [{ type: 'any' }], impl: () => 1 }).name).toBe('count')
    expect(() => defineBuiltin({ name: 'acme..x', args: [], impl: () => 1 })).toThrow(/invalid builtin name/)
    expect(() => defineBuiltin({ name: 'acme-x', args: [], impl: () => 1 })).toThrow(/invalid builtin name/)
  })
})
