import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { runSchema } from './command.js'
import { compileValidator } from './compile-validator.js'

const schema = {
  type: 'object',
  required: ['user'],
  properties: {
    user: { type: 'string', minLength: 2, pattern: '^[a-z]+$' },
    tags: { type: 'array', uniqueItems: true },
    mode: { const: { a: 1 } },
  },
}

describe('cordon schema compile', () => {
  it('writes a standalone ES module that validates like ajv and imports nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cordon-schema-'))
    writeFileSync(path.join(dir, 'schema.json'), JSON.stringify(schema))
    const out = path.join(dir, 'validator.mjs')
    expect(runSchema(['compile', path.join(dir, 'schema.json'), '-o', out], () => {})).toBe(0)
    const code = readFileSync(out, 'utf8')
    expect(code).not.toMatch(/\brequire\(|\bimport\b/)
    const validate = (await import(pathToFileURL(out).href)).default
    expect(validate({ user: 'alice', tags: [1, 2], mode: { a: 1 } })).toBe(true)
    expect(validate({ user: 'A', tags: [1, 1], mode: { a: 2 } })).toBe(false)
    expect(validate.errors.map((e: { instancePath: string }) => e.instancePath).sort()).toEqual([
      '/mode',
      '/tags',
      '/user',
      '/user',
    ])
  })

  it('runs where code generation from strings is forbidden (as in workerd)', () => {
    const code = compileValidator(schema).replace(
      /export const validate = (\w+);export default \w+;/,
      'globalThis.validate = $1;',
    )
    const context = vm.createContext({}, { codeGeneration: { strings: false, wasm: false } })
    expect(() => vm.runInContext('new Function("return 1")', context)).toThrow()
    vm.runInContext(code, context)
    expect(vm.runInContext('validate({ user: "bob" })', context)).toBe(true)
    expect(vm.runInContext('validate({ user: 7 }) || validate.errors[0].instancePath', context)).toBe('/user')
  })

  it('reports usage errors and invalid schemas', () => {
    expect(() => runSchema(['compile'], () => {})).toThrow(/exactly one SCHEMA/)
    expect(() => runSchema(['frobnicate'], () => {})).toThrow(/unknown subcommand/)
    expect(() => compileValidator({ type: 'nonsense' })).toThrow()
    let printed = ''
    const dir = mkdtempSync(path.join(tmpdir(), 'cordon-schema-'))
    writeFileSync(path.join(dir, 's.json'), '{"type":"string"}')
    expect(runSchema(['compile', path.join(dir, 's.json')], (t) => (printed += t))).toBe(0)
    expect(printed).toContain('export default')
  })
})
