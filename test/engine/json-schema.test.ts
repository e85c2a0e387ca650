// Issue 15: json.verify_schema / json.match_schema as OPA, compiled Rego → Wasm → engine.
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyInstance } from '@cordon/engine'
import { buildWasm } from '@cordon/wasm'
import { describe, expect, it } from 'vitest'

function rules(text: string): Record<string, unknown> {
  const built = buildWasm([{ file: 'p.rego', text: `package p\n${text}` }], { entrypoints: ['p'] })
  if (!built.wasm) throw new Error(built.diagnostics.map((d) => d.message).join('; '))
  const p = PolicyInstance.createSync(built.wasm, { hostBuiltins: hostBuiltinImpls })
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
    expect(r.matched).toEqual([false, [{ desc: 'Invalid type. Expected: string, given: integer', error: 'type: Invalid type. Expected: string, given: integer', field: 'type', type: 'invalid_type' }]])
    expect(r.missing).toEqual([false, [{ desc: 'type is required', error: '(Root): type is required', field: '(Root)', type: 'required' }]])
  })
})
