/**
 * `check -s` and METADATA `schemas:`: references into input and data typed by
 * JSON Schemas, with OPA's message and detail lines.
 */
import { describe, expect, it } from 'vitest'
import { parseModule } from '../syntax/index.js'
import type { SchemaSet } from './check-schema-refs.js'
import { compileModules } from './index.js'

const userSchema = {
  type: 'object',
  properties: {
    user: {
      type: 'object',
      properties: { name: { type: 'string' }, age: { type: 'integer' }, nationality: { $ref: '#/definitions/Country' } },
    },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    roles: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
    free: { type: 'object' },
  },
  definitions: { Country: { type: 'string' } },
}

function check(src: string, schemas?: SchemaSet): string[] {
  const parsed = parseModule(src, { file: 'p.rego' })
  expect(parsed.diagnostics).toEqual([])
  const { diagnostics } = compileModules([parsed.module!], { schemas })
  return diagnostics.map((d) => [`${d.location.row}:${d.location.col} ${d.code}: ${d.message}`, ...(d.details ?? [])].join('\n'))
}

describe('input typed by a schema (check -s)', () => {
  it('a misspelled key of a closed object is an undefined ref, OPA lines and all', () => {
    expect(check('package p\nallow if input.user.nationalty == "DE"', { input: userSchema })).toEqual([
      [
        '2:10 rego_type_error: undefined ref: input.user.nationalty',
        'input.user.nationalty',
        '           ^',
        '           have: "nationalty"',
        '           want (one of): ["age" "name" "nationality"]',
      ].join('\n'),
    ])
  })

  it('keys the schema has, open objects, additionalProperties and array items pass', () => {
    const src = 'package p\nallow if {\n\tinput.user.nationality == "DE"\n\tinput.labels.team == "x"\n\tinput.free.any.thing\n\tinput.roles[_].name == "admin"\n}'
    expect(check(src, { input: userSchema })).toEqual([])
  })

  it('array items are typed: a misspelled key below an index is reported', () => {
    expect(check('package p\nallow if input.roles[0].nme == "a"', { input: userSchema })[0]).toContain('undefined ref: input.roles[0].nme')
  })

  it('without a schema nothing is checked', () => {
    expect(check('package p\nallow if input.user.nationalty == "DE"')).toEqual([])
  })
})

describe('METADATA schemas: annotations', () => {
  it('a rule annotation binds a loaded schema by path', () => {
    const src = 'package p\n\n# METADATA\n# schemas:\n#   - input: schema.users\nallow if input.usr.name == "x"\n\nother if input.usr.name == "x"'
    const errors = check(src, { byPath: new Map([['users', userSchema]]) })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^6:10 rego_type_error: undefined ref: input\.usr\.name/)
  })

  it('a package annotation types data, and an inline schema types a path below input', () => {
    const src = [
      '# METADATA',
      '# schemas:',
      '#   - data.acl: {"type": "object", "properties": {"admins": {"type": "array"}}}',
      '#   - input.user: {"type": "object", "properties": {"id": {"type": "string"}}}',
      'package p',
      '',
      'allow if input.user.id in data.acl.admins',
      'deny if data.acl.admin',
      'other if input.user.name',
    ].join('\n')
    const errors = check(src, {})
    expect(errors.map((e) => e.split('\n')[0])).toEqual([
      '8:9 rego_type_error: undefined ref: data.acl.admin',
      '9:10 rego_type_error: undefined ref: input.user.name',
    ])
  })

  it('a schema path that was not loaded is an error', () => {
    const src = '# METADATA\n# schemas:\n#   - input: schema.nope\npackage p\n\nallow := 1'
    expect(check(src, { byPath: new Map() })).toEqual(['1:1 rego_type_error: undefined schema: schema.nope'])
    // Without loaded schemas (no -s) there is nothing to look it up in; build, test and eval read no schemas at all.
    expect(check(src, {})).toEqual([])
    expect(check(src)).toEqual([])
  })
})
