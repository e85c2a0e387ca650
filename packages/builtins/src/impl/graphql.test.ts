import { describe, expect, it } from 'vitest'
import { equal, parseTermText, RegoObject, toJson, toTermText, type Value } from '../value/index.js'
import { graphqlCases, hasConformance } from './conformance-vectors.js'
import { failure, run } from './security-test-util.js'

// OPA's graphql cases, read from ../shared/conformance (none without it).
const cases = graphqlCases()
const onlyText = (c: { texts: Record<string, string> }) => Object.values(c.texts)[0]!
const parseCases = cases
  .filter(
    (c) =>
      /^graphql_parse_(query|schema)\//.test(c.note) &&
      Object.keys(c.texts).length === 1 &&
      (c.ast !== undefined || c.error !== undefined),
  )
  .map((c) => ({
    note: c.note,
    fn: c.note.slice('graphql_'.length, c.note.indexOf('/')),
    gql: onlyText(c),
    ast: c.ast,
    error: c.error,
  }))
const validityCases = cases
  .filter(
    (c) =>
      /^graphql_(schema_is_valid|is_valid|parse_and_verify|parse)\//.test(c.note) && c.texts['schema'] !== undefined,
  )
  .map((c) => ({ note: c.note, schema: c.texts['schema']!, query: c.texts['query'], want: c.want, error: c.error }))

describe('graphql.parse_query / graphql.parse_schema (conformance ASTs)', () => {
  it.each(parseCases.filter((c) => c.ast !== undefined))('$note', ({ fn, gql, ast }) => {
    const got = run(`graphql.${fn}`, [gql])!
    const want = parseTermText(ast!)
    if (!equal(got, want)) expect(toTermText(got)).toBe(toTermText(want))
  })

  it.each(parseCases.filter((c) => c.error))('$note', ({ fn, gql, error }) => {
    const f = failure(`graphql.${fn}`, [gql])
    expect(f.code).toBe('eval_builtin_error')
    expect(f.message).toContain(error)
  })

  it.each([
    {
      note: 'unclosed brace',
      fn: 'parse_query',
      gql: '{',
      message: 'graphql.parse_query: Expected Name, found <EOF> in GraphQL string at location 1:2',
    },
    {
      note: 'lexer errors show as an invalid token',
      fn: 'parse_query',
      gql: '{ a(x: "abc) }',
      message: 'graphql.parse_query: Unexpected <Invalid> in GraphQL string at location 1:15',
    },
    {
      note: 'bad character',
      fn: 'parse_schema',
      gql: 'type A { a: Int }\n?',
      message: 'graphql.parse_schema: Unexpected <Invalid> in GraphQL string at location 2:1',
    },
    {
      note: 'number with a leading zero',
      fn: 'parse_query',
      gql: '{ a(x: 01) }',
      message: 'graphql.parse_query: Unexpected <Invalid> in GraphQL string at location 1:9',
    },
    {
      note: 'expected a name, found an invalid token',
      fn: 'parse_query',
      gql: '{ ? }',
      message: 'graphql.parse_query: Expected Name, found <Invalid> in GraphQL string at location 1:3',
    },
  ])('$note', ({ fn, gql, message }) => {
    expect(failure(`graphql.${fn}`, [gql])).toEqual({ code: 'eval_builtin_error', message })
  })

  it('block strings are dedented; values keep their kinds', () => {
    const ast = run('graphql.parse_schema', [
      '"""\n    Hello\n      world\n"""\ntype A { a(x: [Int] = [1, 2.5, "s", V, null, {k: true}]): Int }',
    ]) as RegoObject
    const def = (ast.get('Definitions') as Value[])[0] as RegoObject
    expect(def.get('Description')).toBe('Hello\n  world')
    const dv = toJson(
      ((((def.get('Fields') as Value[])[0] as RegoObject).get('Arguments') as Value[])[0] as RegoObject).get(
        'DefaultValue',
      )!,
    )
    expect(dv).toMatchObject({ Kind: 8, Raw: '' })
    expect((dv as { Children: { Name: string; Value: { Kind: number } }[] }).Children.map((c) => c.Value.Kind)).toEqual(
      [1, 2, 3, 7, 6, 9],
    )
  })

  it.each([
    {
      note: 'parse_query',
      fn: 'graphql.parse_query',
      args: [1] as Value[],
      message: 'graphql.parse_query: operand 1 must be string but got number',
    },
    {
      note: 'parse_schema',
      fn: 'graphql.parse_schema',
      args: [null] as Value[],
      message: 'graphql.parse_schema: operand 1 must be string but got null',
    },
    {
      note: 'parse (OPA counts from 0 here)',
      fn: 'graphql.parse',
      args: [1, ''] as Value[],
      message: 'graphql.parse: operand 0 must be one of {string, object} but got number',
    },
  ])('type error: $note', ({ fn, args, message }) => {
    expect(failure(fn, args)).toEqual({ code: 'eval_type_error', message })
  })
})

// Validity as OPA reports it for each conformance case (by builtin).
const expected: Record<string, boolean> = {
  'graphql_is_valid/success extending non-existent types': true,
  'graphql_is_valid/success validation rules are independent case 1': false,
  'graphql_is_valid/success validation rules are independent case 2': true,
  'graphql_is_valid/success deprecating types': true,
  'graphql_is_valid/success no unused variables': true,
  'graphql_is_valid/undefined argument': false,
  'graphql_parse_and_verify/success extending non-existent types': true,
  'graphql_parse_and_verify/success validation rules are independent case 1': false,
  'graphql_parse_and_verify/success validation rules are independent case 2': true,
  'graphql_parse_and_verify/success deprecating types': true,
  'graphql_parse_and_verify/success no unused variables': true,
}

describe.skipIf(!hasConformance)('graphql validation (conformance)', () => {
  it.each(validityCases.filter((c) => c.note.startsWith('graphql_schema_is_valid/')))('$note', ({ schema, want }) => {
    expect(run('graphql.schema_is_valid', [schema])).toBe(want)
  })

  it.each(validityCases.filter((c) => c.note.startsWith('graphql_is_valid/')))('$note', ({ note, schema, query }) => {
    expect(run('graphql.is_valid', [query!, schema])).toBe(expected[note])
  })

  it.each(validityCases.filter((c) => c.note.startsWith('graphql_parse_and_verify/')))(
    '$note',
    ({ note, schema, query }) => {
      const [ok, q, s] = run('graphql.parse_and_verify', [query!, schema]) as [boolean, Value, Value]
      expect(ok).toBe(expected[note])
      if (ok) {
        expect(q).toEqual(run('graphql.parse_query', [query!]))
        expect(s).toEqual(run('graphql.parse_schema', [schema]))
      } else expect(toJson([q, s])).toEqual([{}, {}])
    },
  )

  it.each(validityCases.filter((c) => c.note.startsWith('graphql_parse/')))('$note', ({ schema, query, error }) => {
    if (error) {
      expect(failure('graphql.parse', [query!, schema])).toEqual({ code: 'eval_builtin_error', message: error })
      return
    }
    const got = run('graphql.parse', [query!, schema]) as Value[]
    expect(got[0]).toEqual(run('graphql.parse_query', [query!]))
    expect(got[1]).toEqual(run('graphql.parse_schema', [schema]))
  })
})

describe('graphql validation of AST objects', () => {
  const schemaText = `
    type Employee { id: String! salary: Int! }
    schema { query: Query }
    type Query { employeeByID(id: String): Employee }
  `
  const schemaAst = () => run('graphql.parse_schema', [schemaText])!
  const queryAst = (q: string) => run('graphql.parse_query', [q])!
  it.each([
    {
      note: 'Employee example, both as ASTs',
      q: () => queryAst('query { employeeByID(id: "alice") { salary }}'),
      s: schemaAst,
      want: true,
    },
    {
      note: 'query AST, schema text',
      q: () => queryAst('{ employeeByID(id: "alice") { id } }'),
      s: () => schemaText,
      want: true,
    },
    { note: 'unknown field', q: () => queryAst('{ employeeByID(id: "alice") { name } }'), s: schemaAst, want: false },
    {
      note: 'undefined argument (schema AST without Mutation root in text)',
      q: () =>
        parseTermText(
          '{"Operations": [{"Name": "", "Operation": "mutation", "SelectionSet": [{"Alias": "x", "Arguments": [{"Name": "a", "Value": {"Kind": 7, "Raw": "b"}}], "Name": "x"}]}]}',
        ),
      s: () =>
        parseTermText(
          '{"Definitions": [{"BuiltIn": false, "Description": "", "Fields": [{"Description": "", "Name": "bar", "Type": {"NamedType": "String", "NonNull": true}}], "Kind": "OBJECT", "Name": "Query"}, {"BuiltIn": false, "Description": "", "Fields": [{"Description": "", "Name": "x", "Type": {"NamedType": "String", "NonNull": true}}], "Kind": "OBJECT", "Name": "Mutation"}]}',
        ),
      want: false,
    },
    {
      note: 'operation type the schema lacks',
      q: () => 'mutation { x }',
      s: () => 'type Query { a: Int }',
      want: false,
    },
    { note: 'wrong argument types are false, not errors', q: () => 1 as Value, s: () => schemaText, want: false },
  ])('$note', ({ q, s, want }) => {
    expect(run('graphql.is_valid', [q(), s()])).toBe(want)
  })

  it('schema_is_valid on an AST object and on a wrong type', () => {
    expect(run('graphql.schema_is_valid', [schemaAst()])).toBe(true)
    expect(run('graphql.schema_is_valid', [1])).toBe(false)
    expect(run('graphql.schema_is_valid', ['type Query { a: Int }\ntype Query { b: Int }'])).toBe(false)
  })

  it('graphql.parse reports the first validation error with its location', () => {
    expect(failure('graphql.parse', ['{\n  employeeByID(id: 1) { salary }\n}', schemaText])).toEqual({
      code: 'eval_builtin_error',
      message: 'graphql.parse: String cannot represent a non string value: 1 in GraphQL string at location 2:20',
    })
    expect(failure('graphql.parse', ['{ a }', 'type Query { a: Undefined }']).message).toBe(
      'graphql.parse: Error in gqlparser SchemaDocument to Schema conversion: input:1:17: Undefined type Undefined.',
    )
  })
})
