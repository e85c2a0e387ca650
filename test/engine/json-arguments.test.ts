// Issue 18: json.match_schema and json.verify_schema take their arguments as
// plain JSON read straight out of the module's memory (read-json-argument.ts),
// not as Values converted to plain JSON. The answers must be the Value form's,
// error order included; what is not plain JSON (sets, keys that are not
// strings) goes to the Value form.
import { hostBuiltinImpls } from '@cordon/builtins'
import { jsonArgumentsFormOf, withJsonArgumentsForm, type BuiltinImpl } from '@cordon/builtins/core'
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { compile } from './support/bundles.js'

const policy = `package ja

import rego.v1

doc := json.match_schema(input.doc, data.schema)

root := json.match_schema(input, data.schema)

data_doc := json.match_schema(data.doc, data.schema)

text_doc := json.match_schema(json.marshal(input.doc), data.schema)

set_doc := json.match_schema({"a": "x", "n": 11, "s": {x | some x in input.list}}, data.schema)

keyed_doc := json.match_schema({1: "a", "b": input.doc}, data.schema)

input_schema := json.match_schema(input.doc, input.schema)

verify := json.verify_schema(input.schema)
`
const entrypoints = ['doc', 'root', 'data_doc', 'text_doc', 'set_doc', 'keyed_doc', 'input_schema', 'verify'].map(
  (e) => `ja/${e}`,
)
const wasm = compile(policy, entrypoints)

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['a', 'n'],
  properties: {
    a: { type: 'string', maxLength: 3 },
    n: { type: 'number', minimum: 10 },
    list: { type: 'array', items: { type: 'integer' }, uniqueItems: true },
    z: { type: 'object', properties: { y: { type: 'string' } }, additionalProperties: { type: 'boolean' } },
    é: { type: 'string' },
  },
}
// The data as text: numbers the JS writer cannot carry (beyond 2^53, long decimals) reach the runtime's parser.
const dataText = `{"schema": ${JSON.stringify(schema)}, "doc": {"n": 12345678901234567890, "a": "abcd", "f": 0.1000000000000000055511151231257827, "list": [1, 1.5, 1]}}`

const docs: unknown[] = [
  { a: 'ab', n: 11 },
  { n: 3, a: 'abcdef', x: 1, b: 2, list: [3, 1, 3, 2.5], z: { y: 1, x: 'no', w: true } },
  { __proto__: null, a: 'x', n: 12 },
  JSON.parse('{"__proto__": {"a": 1}, "a": "x", "n": 12}'),
  { é: 1, 日本: 'x', '\u{1F600}': 2, a: 'ü', n: 1e300 },
  [1, 2],
  'text',
  { a: 'x', n: -0, deep: [[[[{ k: [{}] }]]]] },
  // The runtime orders keys by UTF-8 bytes, JS by UTF-16 units: U+E000 and U+1F600 sort apart.
  { '\uE000': 1, '\u{1F600}': 2, a: 'x', n: 11 },
  { a: 'nul\u0000 "q" \\ <&> \u2028 \t', n: 2.5, m: 1e-7, big: 1e21, s: 'ü' },
  { a: 'x', n: 11, nested: JSON.parse('['.repeat(600) + ']'.repeat(600)) },
  // Keys in an order of their own, array indices among them: errors come out in the Value form's key order.
  { zz: 1, 10: 'a', b: 2, 9: 'b', '1a': 3, a: 'x', n: 11, '01': 4, 4294967295: 5, 4294967294: 6 },
  // What the writer leaves out or writes as null or 0: the JS value is not the document then.
  { a: 'x', n: 11, u: undefined, list: [1, undefined, 2], f: () => 1 },
  { a: 'x', n: Number.NaN, m: Infinity, z: { y: -0 } },
  // eslint-disable-next-line no-sparse-arrays -- a hole is what this case writes
  { a: 'x', n: 11, list: [1, , 3] },
]
const schemas: unknown[] = [
  schema,
  { type: 'array', minItems: 3 },
  '{"type": "string"}',
  { type: 12 },
  7,
  { $ref: '#/nope' },
]

/** The same builtin without its plain JSON form: the engine calls the Value form. */
const valueFormOnly =
  (impl: BuiltinImpl): BuiltinImpl =>
  (args, ctx) =>
    impl(args, ctx)

function instances() {
  const plain = PolicyInstance.createSync(wasm, { hostBuiltins: hostBuiltinImpls })
  const values = PolicyInstance.createSync(wasm, {
    hostBuiltins: new Map(
      [...hostBuiltinImpls].map(([name, impl]) => [name, name.startsWith('json.') ? valueFormOnly(impl) : impl]),
    ),
  })
  for (const inst of [plain, values]) inst.setData(dataText)
  return { plain, values }
}

describe('json.match_schema and json.verify_schema on plain JSON arguments', () => {
  it('answer as the Value form does, error order included', () => {
    const { plain, values } = instances()
    let compared = 0
    for (const d of docs)
      for (const s of schemas)
        for (const ep of entrypoints) {
          // `root` validates the input itself: the document's keys with these.
          const input = {
            ...(d !== null && typeof d === 'object' && !Array.isArray(d) ? d : {}),
            doc: d,
            schema: s,
            list: [3, 1, 2],
          }
          expect(plain.evaluate(input, ep), `${ep} ${JSON.stringify(input)}`).toEqual(values.evaluate(input, ep))
          compared++
        }
    expect(compared).toBe(docs.length * schemas.length * entrypoints.length)
  })

  it('a `__proto__` key is a property of the document like any other (the Value form dropped it)', () => {
    const { plain, values } = instances()
    const input = { doc: JSON.parse('{"__proto__": {"a": 1}, "a": "x", "n": 12}') }
    for (const inst of [plain, values]) {
      const [ok, errors] = inst.evaluate(input, 'ja/doc')[0]!.result as [boolean, { field: string }[]]
      expect(ok).toBe(false)
      expect(errors.map((e) => e.field)).toContain('(Root)')
      expect(JSON.stringify(errors)).toContain('__proto__')
    }
  })

  it('plain JSON arguments go to the plain form; sets and non-string keys to the Value form', () => {
    const impl = hostBuiltinImpls.get('json.match_schema')!
    const form = jsonArgumentsFormOf(impl)!
    const calls = { value: 0, json: 0 }
    const counted = withJsonArgumentsForm(
      (args, ctx) => {
        calls.value++
        return impl(args, ctx)
      },
      (args, ctx) => {
        calls.json++
        return form(args, ctx)
      },
    )
    const inst = PolicyInstance.createSync(wasm, {
      hostBuiltins: new Map([...hostBuiltinImpls, ['json.match_schema', counted]]),
    })
    inst.setData(dataText)
    const input = { doc: docs[1], list: [1, 2] }
    for (const ep of ['ja/doc', 'ja/data_doc', 'ja/text_doc']) inst.evaluate(input, ep)
    expect(calls).toEqual({ value: 0, json: 3 })
    inst.evaluate(input, 'ja/set_doc')
    inst.evaluate(input, 'ja/keyed_doc')
    expect(calls).toEqual({ value: 2, json: 3 })
  })

  it('the input, when written exactly from a JS value, is handed over as that value; otherwise read anew', () => {
    const impl = hostBuiltinImpls.get('json.match_schema')!
    const form = jsonArgumentsFormOf(impl)!
    const seen: unknown[] = []
    const recorded = withJsonArgumentsForm(
      (args, ctx) => impl(args, ctx),
      (args, ctx) => {
        seen.push(args[0])
        return form(args, ctx)
      },
    )
    const inst = PolicyInstance.createSync(wasm, {
      hostBuiltins: new Map([...hostBuiltinImpls, ['json.match_schema', recorded]]),
    })
    inst.setData(dataText)
    const exact = { n: 1, a: 'ab', list: [1, 2] }
    const inexact = { n: 1, a: 'ab', gone: undefined }
    const asText = JSON.stringify(exact)
    inst.evaluate(exact, 'ja/root')
    inst.evaluate(inexact, 'ja/root')
    // Text input at the same address: the last JS input must not stand for it.
    inst.evaluateJson(asText, 'ja/root')
    // A part of the input is read from memory.
    inst.evaluate({ doc: exact }, 'ja/doc')
    expect(seen[0]).toBe(exact)
    expect(seen[1]).not.toBe(inexact)
    expect(seen[1]).toEqual({ n: 1, a: 'ab' })
    expect(seen[2]).not.toBe(exact)
    expect(seen[2]).toEqual(exact)
    expect(seen[3]).not.toBe(exact)
    expect(seen[3]).toEqual(exact)
    expect(seen).toHaveLength(4)
  })
})
