import { BuiltinError, newBuiltinContext, RegoObject, type Value } from '@cordon/builtins'
import { describe, expect, it } from 'vitest'
import { MAX_PARSE_MODULE_SOURCE, REGO_PARSE_MODULE, regoParserBuiltins } from './parse-module-builtin.js'

const parse = (...args: Value[]) => regoParserBuiltins.get(REGO_PARSE_MODULE)!(args, newBuiltinContext())

describe('rego.parse_module', () => {
  it("returns OPA's AST as a value: comments, no annotations, no locations on nodes", () => {
    const v = parse(
      'x.rego',
      '# METADATA\n# title: t\npackage foo.bar\n\nimport data.a\n\np if { a = true }\n',
    ) as RegoObject
    expect(v).toBeInstanceOf(RegoObject)
    const pkg = v.get('package') as RegoObject
    expect((pkg.get('path') as RegoObject[])[1]!.get('value')).toBe('foo')
    expect(pkg.get('location')).toBeUndefined()
    expect(v.get('annotations')).toBeUndefined()
    expect((v.get('comments') as RegoObject[]).length).toBe(2)
    const rule = (v.get('rules') as RegoObject[])[0]!
    expect((rule.get('body') as RegoObject[])[0]!.get('index')).toBe(0)
  })

  it("fails with OPA's error text, code and location on a parse error", () => {
    expect(() => parse('x.rego', 'package foo.')).toThrow(
      new BuiltinError(
        'eval_builtin_error',
        'rego.parse_module: 1 error occurred: x.rego:1: rego_parse_error: unexpected eof token: expected ident',
      ),
    )
  })

  it('refuses arguments that are not strings, and sources beyond the limit', () => {
    expect(() => parse(1, 'package p')).toThrow(/operand 1 must be string but got number/)
    expect(() => parse('x.rego', 'package p\n' + '#'.repeat(MAX_PARSE_MODULE_SOURCE))).toThrow(/exceeds the limit/)
  })
})
