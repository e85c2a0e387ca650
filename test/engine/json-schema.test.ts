// Issue 15: json.verify_schema / json.match_schema as OPA, compiled Rego → Wasm → engine.
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { compile } from './support/bundles.js'

function rules(text: string): Record<string, unknown> {
  const p = PolicyInstance.createSync(compile(`package p\n${text}`, ['p']), { hostBuiltins: hostBuiltinImpls })
  p.setData({})
  return p.evaluate({}, 'p')[0]!.result as Record<string, unknown>
}

describe('JSON Schema builtins end to end', () => {
  it('a property named type, a non-schema, and errors at the root', () => {
    const r = rules(`schema := {"properties": {"type": {"type": "string"}}, "required": ["type"]}
verified := json.verify_schema(schema)
not_a_schema := json.verify_schema({"properties": {"a": 5}})
matched := json.match_schema({"type": 5}, schema)
missing := json.match_schema({}, schema)`)
    expect(r.verified).toEqual([true, null])
    expect(r.not_a_schema).toEqual([false, 'jsonschema: Expected: valid schema, given: Invalid JSON'])
    expect(r.matched).toEqual([
      false,
      [
        {
          desc: 'Invalid type. Expected: string, given: integer',
          error: 'type: Invalid type. Expected: string, given: integer',
          field: 'type',
          type: 'invalid_type',
        },
      ],
    ])
    expect(r.missing).toEqual([
      false,
      [{ desc: 'type is required', error: '(Root): type is required', field: '(Root)', type: 'required' }],
    ])
  })
})
