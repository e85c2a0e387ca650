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
      properties: {
        name: { type: 'string' },
        age: { type: 'integer' },
        nationality: { $ref: '#/definitions/Country' },
      },
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
  return diagnostics.map((d) =>
    [`${d.location.row}:${d.location.col} ${d.code}: ${d.message}`, ...(d.details ?? [])].join('\n'),
  )
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
    const src =
      'package p\nallow if {\n\tinput.user.nationality == "DE"\n\tinput.labels.team == "x"\n\tinput.free.any.thing\n\tinput.roles[_].name == "admin"\n}'
    expect(check(src, { input: userSchema })).toEqual([])
  })

  it('array items are typed: a misspelled key below an index is reported', () => {
    expect(check('package p\nallow if input.roles[0].nme == "a"', { input: userSchema })[0]).toContain(
      'undefined ref: input.roles[0].nme',
    )
  })

  it('without a schema nothing is checked', () => {
    expect(check('package p\nallow if input.user.nationalty == "DE"')).toEqual([])
  })
})

describe('METADATA schemas: annotations', () => {
  it('a rule annotation binds a loaded schema by path', () => {
    const src =
      'package p\n\n# METADATA\n# schemas:\n#   - input: schema.users\nallow if input.usr.name == "x"\n\nother if input.usr.name == "x"'
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

describe('types flow through local variables', () => {
  const first = (src: string, schemas: SchemaSet = { input: userSchema }) =>
    check(src, schemas).map((e) => e.split('\n')[0])

  it('x := input.user types x: a misspelled key of x is reported with the name as written', () => {
    expect(check('package p\nallow if {\n\tx := input.user\n\tx.nationalty == "DE"\n}', { input: userSchema })).toEqual(
      [
        [
          '4:2 rego_type_error: undefined ref: x.nationalty',
          'x.nationalty',
          '  ^',
          '  have: "nationalty"',
          '  want (one of): ["age" "name" "nationality"]',
        ].join('\n'),
      ],
    )
  })

  it('through unification, chains of variables, some … in and every', () => {
    const src = [
      'package p',
      'a if { input.user = u; v := u; v.nam == "x" }',
      'b if { some r in input.roles; r.nme == "x" }',
      'c if { every r in input.roles { r.nmae == "x" } }',
      'd if { r := input.roles[_]; r.name == "x"; n := r.name; n == "y" }',
    ].join('\n')
    expect(first(src)).toEqual([
      '2:32 rego_type_error: undefined ref: v.nam',
      '3:31 rego_type_error: undefined ref: r.nme',
      '4:33 rego_type_error: undefined ref: r.nmae',
    ])
  })

  it('a variable of an open or unknown type is not checked', () => {
    expect(
      first('package p\nallow if { x := input.free; x.any.thing; y := input.labels; y.team; z := [1]; z.foo }'),
    ).toEqual([])
  })
})

describe('anyOf, oneOf, allOf', () => {
  const schema = (input: unknown): SchemaSet => ({ input })
  const user = { type: 'object', properties: { name: { type: 'string' } } }
  const bot = { type: 'object', properties: { token: { type: 'string' } } }

  it('anyOf and oneOf are unions: a key one branch has passes, a key none has is an error naming all keys', () => {
    for (const kind of ['anyOf', 'oneOf']) {
      const s = schema({ type: 'object', properties: { actor: { [kind]: [user, bot] } } })
      expect(check('package p\nallow if { input.actor.name; input.actor.token }', s)).toEqual([])
      const errors = check('package p\nallow if input.actor.nme', s)
      expect(errors).toHaveLength(1)
      expect(errors[0]).toContain('undefined ref: input.actor.nme')
      expect(errors[0]).toContain('want (one of): ["name" "token"]')
    }
  })

  it('a union with a branch of unknown type checks nothing below it', () => {
    const s = schema({ type: 'object', properties: { actor: { anyOf: [user, {}] } } })
    expect(check('package p\nallow if input.actor.nme', s)).toEqual([])
  })

  it('allOf is the intersection: objects merge their properties; different types cannot merge', () => {
    const s = schema({ type: 'object', properties: { actor: { allOf: [user, bot] } } })
    expect(check('package p\nallow if { input.actor.name; input.actor.token }', s)).toEqual([])
    expect(check('package p\nallow if input.actor.nme', s)[0]).toContain('want (one of): ["name" "token"]')
    const parsed = parseModule('package p\nallow := 1', { file: 'p.rego' })
    expect(() =>
      compileModules([parsed.module!], { schemas: schema({ allOf: [{ type: 'string' }, { type: 'object' }] }) }),
    ).toThrow('unable to merge these schemas: type mismatch: string and object')
  })
})

describe('$ref', () => {
  const defs = { $defs: { id: { type: 'object', properties: { value: { type: 'string' } } } } }
  const folder = (input: unknown, more: [string, unknown][] = []): SchemaSet => ({
    input,
    byPath: new Map([['input', input], ...more]),
  })

  it('to another file of the schema folder, relative to the file that refers, with a pointer into it', () => {
    const input = { type: 'object', properties: { user: { $ref: 'types/user.json' } } }
    const userFile = { type: 'object', properties: { id: { $ref: 'common.json#/$defs/id' } } }
    const s = folder(input, [
      ['types/user', userFile],
      ['types/common', defs],
    ])
    expect(check('package p\nallow if input.user.id.value', s)).toEqual([])
    expect(check('package p\nallow if input.user.id.valu', s)[0]).toContain('undefined ref: input.user.id.valu')
  })

  it('a file that is not in the folder, or a URL, is a clear error (nothing is fetched)', () => {
    const parsed = parseModule('package p\nallow := 1', { file: 'p.rego' })
    const run = (input: unknown) => () => compileModules([parsed.module!], { schemas: folder(input) })
    expect(run({ $ref: 'missing.json' })).toThrow(
      'schema $ref missing.json: no schema file missing.json in the schema folder',
    )
    expect(run({ $ref: 'https://example.com/s.json' })).toThrow('remote references are refused')
    expect(run({ $ref: '#/nope' })).toThrow('schema $ref #/nope does not resolve')
  })
})
