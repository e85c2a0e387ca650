// Issue 18: json.match_schema with a schema from the data document compiles
// it once, not once per decision: the builtin caches compiled schemas by their
// text. A data change must never leave the old schema in use (that would be a
// wrong allow).
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { schemaCompileCount } from '../../packages/builtins/src/impl/json.js'
import { compile } from './support/bundles.js'

const policy = `package sc

ok := json.match_schema(input, data.schema)[0]

text_ok := json.match_schema(input, json.marshal(data.schema))[0]
`
const needsName = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } }
const needsAge = { type: 'object', required: ['age'] }

describe('compiled JSON schemas are cached', () => {
  const inst = PolicyInstance.createSync(compile(policy, ['sc/ok', 'sc/text_ok']), { hostBuiltins: hostBuiltinImpls })
  const ok = (input: unknown, ep = 'sc/ok') => inst.evaluate(input, ep)[0]!.result

  it('a schema in data compiles once across decisions, and again after the data changes', () => {
    inst.setData({ schema: needsName })
    const start = schemaCompileCount()
    expect(ok({ name: 'a' })).toBe(true)
    expect(ok({ name: 1 })).toBe(false)
    for (let i = 0; i < 20; i++) expect(ok({ other: i })).toBe(false)
    expect(schemaCompileCount() - start).toBe(1)

    inst.setData({ schema: needsAge })
    expect(ok({ name: 'a' })).toBe(false)
    expect(ok({ age: 3 })).toBe(true)
    expect(schemaCompileCount() - start).toBe(2)
  })

  it('a data patch in place is seen at once', () => {
    inst.setData({ schema: needsName })
    expect(ok({ name: 'a' })).toBe(true)
    const patched = inst.patchData(['schema'], needsAge)
    // Whether patched in place or not, the decision follows the new schema.
    if (!patched) inst.setData({ schema: needsAge })
    expect(ok({ name: 'a' })).toBe(false)
    expect(ok({ age: 1 })).toBe(true)
  })

  it('a schema in data is read from memory once per data document, not once per call', () => {
    // The engine keeps the value it read from the unchanged data document
    // (stable-arguments.ts) and the builtin finds its compiled schema by that
    // value. json.match_schema's arguments are read as plain JSON
    // (json-argument.ts), or as Values when they are not plain JSON.
    const terms = (inst as unknown as { terms: { read(addr: number): unknown } }).terms
    const self = inst as unknown as { readJsonArgument(addr: number): unknown }
    const read = terms.read
    const readJson = self.readJsonArgument
    let reads = 0
    terms.read = function (addr: number) {
      reads++
      return read.call(this, addr)
    }
    self.readJsonArgument = function (addr: number) {
      reads++
      return readJson.call(this, addr)
    }
    try {
      inst.setData({ schema: needsName })
      expect(ok({ name: 'a' })).toBe(true)
      // The input and the schema.
      expect(reads).toBe(2)
      for (let i = 0; i < 10; i++) expect(ok({ name: i })).toBe(false)
      // The input alone, each time.
      expect(reads).toBe(12)
      inst.setData({ schema: needsAge })
      expect(ok({ age: 1 })).toBe(true)
      expect(reads).toBe(14)
    } finally {
      terms.read = read
      delete (self as { readJsonArgument?: unknown }).readJsonArgument
    }
  })

  it('a schema given as text compiles once for the same text', () => {
    inst.setData({ schema: needsName })
    const start = schemaCompileCount()
    for (let i = 0; i < 10; i++) expect(ok({ name: 'x' }, 'sc/text_ok')).toBe(true)
    expect(schemaCompileCount() - start).toBe(1)
  })
})
