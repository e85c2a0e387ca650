import { describe } from 'vitest'
import { builtinErr, table, typeErr } from './core-test-table.js'

const s = (x: string) => JSON.stringify(x)

describe('json.marshal and json.marshal_with_options', () => {
  table([
    {
      note: 'marshal sets as arrays',
      fn: 'json.marshal',
      args: '[[{"foo": {1, 2, 3}}]]',
      want: s('[{"foo":[1,2,3]}]'),
    },
    {
      note: 'marshal large integers',
      fn: 'json.marshal',
      args: '[[1234567890, 2000000, 1000000000]]',
      want: s('[1234567890,2000000,1000000000]'),
    },
    {
      note: 'marshal bignum exactly',
      fn: 'json.marshal',
      args: '[18446744073709551617]',
      want: s('18446744073709551617'),
    },
    { note: 'marshal sorts keys', fn: 'json.marshal', args: '[{"b": 1, "a": null}]', want: s('{"a":null,"b":1}') },
    {
      note: 'marshal non-string keys as JSON text',
      fn: 'json.marshal',
      args: '[{1: "x", [1]: "y"}]',
      want: s('{"1":"x","[1]":"y"}'),
    },
    {
      note: 'marshal escapes HTML like Go',
      fn: 'json.marshal',
      args: '["<a&b>"]',
      want: s('"\\u003ca\\u0026b\\u003e"'),
    },
    { note: 'marshal control characters', fn: 'json.marshal', args: '["a\\nb\\u0001"]', want: s('"a\\nb\\u0001"') },
    { note: 'marshal float', fn: 'json.marshal', args: '[1.5]', want: s('1.5') },
    {
      note: 'with_options indent',
      fn: 'json.marshal_with_options',
      args: '[[1234567890, 2000000, 1000000000], {"indent": "  "}]',
      want: s('[\n  1234567890,\n  2000000,\n  1000000000\n]'),
    },
    { note: 'with_options empty options', fn: 'json.marshal_with_options', args: '[[1, 2], {}]', want: s('[1,2]') },
    {
      note: 'with_options pretty defaults to a tab',
      fn: 'json.marshal_with_options',
      args: '[[1, 2], {"pretty": true}]',
      want: s('[\n\t1,\n\t2\n]'),
    },
    {
      note: 'with_options explicit disable wins',
      fn: 'json.marshal_with_options',
      args: '[[1, 2], {"pretty": false, "prefix": "NO!", "indent": "BAD!"}]',
      want: s('[1,2]'),
    },
    {
      note: 'with_options prefix on every line',
      fn: 'json.marshal_with_options',
      args: '[{"foo": "bar", "bar": "baz"}, {"prefix": "JSON => "}]',
      want: s('JSON => {\nJSON => \t"bar": "baz",\nJSON => \t"foo": "bar"\nJSON => }'),
    },
    {
      note: 'with_options empty array',
      fn: 'json.marshal_with_options',
      args: '[[], {"indent": "    ", "prefix": "---"}]',
      want: s('---[]'),
    },
    {
      note: 'with_options deep array',
      fn: 'json.marshal_with_options',
      args: '[[[[]]], {"indent": " "}]',
      want: s('[\n [\n  []\n ]\n]'),
    },
    {
      note: 'with_options unknown key',
      fn: 'json.marshal_with_options',
      args: '[[], {"indent": "    ", "include_winning_lottery_numbers": true}]',
      error: typeErr(
        'json.marshal_with_options: operand 2 object contained unknown key "include_winning_lottery_numbers"',
      ),
    },
    {
      note: 'with_options pretty not boolean',
      fn: 'json.marshal_with_options',
      args: '[[], {"pretty": 1}]',
      error: typeErr('json.marshal_with_options: operand 2 key "pretty" failed cast to bool'),
    },
    {
      note: 'with_options options not object',
      fn: 'json.marshal_with_options',
      args: '[[], []]',
      error: typeErr('json.marshal_with_options: operand 2 must be object but got array'),
    },
  ])
})

describe('json.unmarshal and json.is_valid', () => {
  table([
    { note: 'unmarshal', fn: 'json.unmarshal', args: `[${s('[{"foo":[1,2,3]}]')}]`, want: '[{"foo": [1, 2, 3]}]' },
    {
      note: 'unmarshal keeps big integers exact',
      fn: 'json.unmarshal',
      args: `[${s('18446744073709551617')}]`,
      want: '18446744073709551617',
    },
    { note: 'unmarshal float', fn: 'json.unmarshal', args: `[${s(' 1.5e1 ')}]`, want: '15' },
    { note: 'unmarshal escapes', fn: 'json.unmarshal', args: `[${s('"a\\u00e9\\n"')}]`, want: s('aé\n') },
    {
      note: 'unmarshal duplicate keys: last wins',
      fn: 'json.unmarshal',
      args: `[${s('{"a":1,"a":2}')}]`,
      want: '{"a": 2}',
    },
    {
      note: 'unmarshal surrogate pair escape',
      fn: 'json.unmarshal',
      args: `[${s('"\\ud83d\\ude00"')}]`,
      want: s('😀'),
    },
    {
      note: 'unmarshal lone surrogate becomes U+FFFD',
      fn: 'json.unmarshal',
      args: `[${s('"\\ud83dx"')}]`,
      want: s('\ufffdx'),
    },
    {
      note: 'unmarshal bad start',
      fn: 'json.unmarshal',
      args: `[${s('x')}]`,
      error: builtinErr("json.unmarshal: invalid character 'x' looking for beginning of value"),
    },
    {
      note: 'unmarshal truncated',
      fn: 'json.unmarshal',
      args: `[${s('{"a": ')}]`,
      error: builtinErr('json.unmarshal: unexpected EOF'),
    },
    { note: 'unmarshal empty', fn: 'json.unmarshal', args: `[${s(' ')}]`, error: builtinErr('json.unmarshal: EOF') },
    {
      note: 'unmarshal trailing text',
      fn: 'json.unmarshal',
      args: `[${s('{} x')}]`,
      error: builtinErr("json.unmarshal: invalid character 'x' looking for beginning of value"),
    },
    {
      note: 'unmarshal trailing value',
      fn: 'json.unmarshal',
      args: `[${s('{} [1]')}]`,
      error: builtinErr("json.unmarshal: error: invalid character '[' after top-level value"),
    },
    {
      note: 'unmarshal trailing number',
      fn: 'json.unmarshal',
      args: `[${s('1 23')}]`,
      error: builtinErr("json.unmarshal: error: invalid character '23' after top-level value"),
    },
    {
      note: 'unmarshal trailing null is ignored (Go decoder)',
      fn: 'json.unmarshal',
      args: `[${s('{} null')}]`,
      want: '{}',
    },
    { note: 'is_valid rejects trailing null', fn: 'json.is_valid', args: `[${s('{} null')}]`, want: 'false' },
    {
      note: 'unmarshal bad array',
      fn: 'json.unmarshal',
      args: `[${s('[1 2]')}]`,
      error: builtinErr("json.unmarshal: invalid character '2' after array element"),
    },
    {
      note: 'unmarshal bad key',
      fn: 'json.unmarshal',
      args: `[${s('{1: 2}')}]`,
      error: builtinErr("json.unmarshal: invalid character '1' looking for beginning of object key string"),
    },
    {
      note: 'unmarshal non-string',
      fn: 'json.unmarshal',
      args: '[1]',
      error: typeErr('json.unmarshal: operand 1 must be string but got number'),
    },
    { note: 'is_valid plain string', fn: 'json.is_valid', args: `[${s('plainstring')}]`, want: 'false' },
    { note: 'is_valid broken', fn: 'json.is_valid', args: `[${s('{')}]`, want: 'false' },
    { note: 'is_valid object', fn: 'json.is_valid', args: `[${s('{"json": "ok"}')}]`, want: 'true' },
    { note: 'is_valid leading zero', fn: 'json.is_valid', args: `[${s('01')}]`, want: 'false' },
    { note: 'is_valid non-string is false', fn: 'json.is_valid', args: '[1]', want: 'false' },
  ])
})

describe('json.filter and json.remove', () => {
  const doc = '{"a": {"b": {"c": 7, "d": 8}}, "e": 9}'
  table([
    { note: 'filter base', fn: 'json.filter', args: `[${doc}, {"a/b/c"}]`, want: '{"a": {"b": {"c": 7}}}' },
    {
      note: 'filter multiple roots',
      fn: 'json.filter',
      args: `[${doc}, ["a/b/c", "e"]]`,
      want: '{"a": {"b": {"c": 7}}, "e": 9}',
    },
    {
      note: 'filter shared roots',
      fn: 'json.filter',
      args: '[{"a": {"b": {"c": 7, "d": 8}, "e": 9}}, {"a/b/c", "a/e"}]',
      want: '{"a": {"b": {"c": 7}, "e": 9}}',
    },
    {
      note: 'filter conflict keeps the shorter path',
      fn: 'json.filter',
      args: '[{"a": {"b": 7}}, {"a", "a/b"}]',
      want: '{"a": {"b": 7}}',
    },
    { note: 'filter nothing', fn: 'json.filter', args: '[{"a": 7}, set()]', want: '{}' },
    {
      note: 'filter arrays by index',
      fn: 'json.filter',
      args: '[{"a": [{"b": 7, "c": 8}, {"d": 9}]}, {"a/0/b", "a/1"}]',
      want: '{"a": [{"b": 7}, {"d": 9}]}',
    },
    {
      note: 'filter numeric object keys',
      fn: 'json.filter',
      args: '[{"a": [{"1": ["b", "c", "d"]}, {"x": "y"}]}, {"a/0/1/2"}]',
      want: '{"a": [{"1": ["d"]}]}',
    },
    {
      note: 'filter path arrays',
      fn: 'json.filter',
      args: `[${doc}, {["a", "b", "c"], ["e"]}]`,
      want: '{"a": {"b": {"c": 7}}, "e": 9}',
    },
    {
      note: 'filter escaped segments',
      fn: 'json.filter',
      args: '[{"a/b": 1, "c~d": 2, "x": 3}, ["a~1b", "c~0d"]]',
      want: '{"a/b": 1, "c~d": 2}',
    },
    { note: 'remove base', fn: 'json.remove', args: `[${doc}, {"a/b/c"}]`, want: '{"a": {"b": {"d": 8}}, "e": 9}' },
    {
      note: 'remove multiple roots',
      fn: 'json.remove',
      args: `[${doc}, ["a/b/c", "e"]]`,
      want: '{"a": {"b": {"d": 8}}}',
    },
    { note: 'remove conflict', fn: 'json.remove', args: '[{"a": {"b": 7}, "c": 1}, {"a", "a/b"}]', want: '{"c": 1}' },
    {
      note: 'remove last in object',
      fn: 'json.remove',
      args: '[{"a": {"b": 7}, "c": 1}, {"a/b", "c"}]',
      want: '{"a": {}}',
    },
    {
      note: 'remove from arrays shifts left',
      fn: 'json.remove',
      args: '[{"a": [{"b": 7, "c": 8}, {"d": 9}]}, {"a/0/b", "a/1"}]',
      want: '{"a": [{"c": 8}]}',
    },
    {
      note: 'remove mixed root types',
      fn: 'json.remove',
      args: '[{"a": {"b": {"c": 7, "d": 8, "x": 0}}, "e": 9}, {"a/b/d", ["a", "b", "c"]}]',
      want: '{"a": {"b": {"x": 0}}, "e": 9}',
    },
    { note: 'remove empty object', fn: 'json.remove', args: '[{}, {"a/b"}]', want: '{}' },
    {
      note: 'remove operand 1',
      fn: 'json.remove',
      args: '["foo", {"a/b/c"}]',
      error: typeErr('json.remove: operand 1 must be object but got string'),
    },
    {
      note: 'remove operand 2',
      fn: 'json.remove',
      args: '[{}, "foo"]',
      error: typeErr('json.remove: operand 2 must be one of {set, array} but got string'),
    },
    {
      note: 'remove bad path in a set',
      fn: 'json.remove',
      args: '[{}, {1, 2, 3, "a"}]',
      error: typeErr(
        'json.remove: operand 2 must be one of {set, array} containing string paths or array of path segments but got number',
      ),
    },
    {
      note: 'filter bad path in an array',
      fn: 'json.filter',
      args: '[{}, ["a", {"x": 1}]]',
      error: typeErr(
        'json.filter: operand 2 must be one of {set, array} containing string paths or array of path segments but got object',
      ),
    },
  ])
})

describe('json.patch', () => {
  const p = (note: string, doc: string, patch: string, want?: string) => ({
    note,
    fn: 'json.patch',
    args: `[${doc}, ${patch}]`,
    want,
  })
  table([
    p('add to object', '{"a": 1}', '[{"op": "add", "path": "/b", "value": 2}]', '{"a": 1, "b": 2}'),
    p('add replaces', '{"a": 1}', '[{"op": "add", "path": "/a", "value": 2}]', '{"a": 2}'),
    p('add into array', '{"a": [1, 3]}', '[{"op": "add", "path": "/a/1", "value": 2}]', '{"a": [1, 2, 3]}'),
    p('add append with -', '[1]', '[{"op": "add", "path": "/-", "value": 2}]', '[1, 2]'),
    p('add at array end index', '[1]', '[{"op": "add", "path": "/1", "value": 2}]', '[1, 2]'),
    p('add past array end fails', '[1]', '[{"op": "add", "path": "/2", "value": 2}]'),
    p('add to missing parent fails', '{}', '[{"op": "add", "path": "/a/b", "value": 2}]'),
    p('add whole document', '{"a": 1}', '[{"op": "add", "path": "", "value": [1]}]', '[1]'),
    p(
      'path as segments',
      '{"a": {"b": 1}}',
      '[{"op": "add", "path": ["a", "c"], "value": 2}]',
      '{"a": {"b": 1, "c": 2}}',
    ),
    p('remove', '{"a": 1, "b": 2}', '[{"op": "remove", "path": "/a"}]', '{"b": 2}'),
    p('remove missing fails', '{"a": 1}', '[{"op": "remove", "path": "/x"}]'),
    p('remove array element', '[1, 2, 3]', '[{"op": "remove", "path": "/1"}]', '[1, 3]'),
    p('leading zeros are not indexes', '["foo", "bar"]', '[{"op": "remove", "path": "/01"}]'),
    p('replace', '{"a": 1}', '[{"op": "replace", "path": "/a", "value": 3}]', '{"a": 3}'),
    p('replace missing fails', '{"a": 1}', '[{"op": "replace", "path": "/b", "value": 3}]'),
    p(
      'move',
      '{"a": {"b": 1}, "c": {}}',
      '[{"op": "move", "from": "/a/b", "path": "/c/d"}]',
      '{"a": {}, "c": {"d": 1}}',
    ),
    p('copy', '{"a": [1]}', '[{"op": "copy", "from": "/a", "path": "/b"}]', '{"a": [1], "b": [1]}'),
    p('test passes', '{"a": [1]}', '[{"op": "test", "path": "/a/0", "value": 1}]', '{"a": [1]}'),
    p('test fails', '{"a": [1]}', '[{"op": "test", "path": "/a/0", "value": 2}]'),
    p('sets: add a member', '{"s": {"a"}}', '[{"op": "add", "path": "/s/b", "value": "b"}]', '{"s": {"a", "b"}}'),
    p('sets: key and value must agree', '{"foo": {"a", "b", "c"}}', '[{"op": "add", "path": "foo/d", "value": "e"}]'),
    p(
      'sets: move a member',
      '{"foo": {"a", "b"}, "bar": {"c", "d"}}',
      '[{"op": "move", "from": "foo/a", "path": "bar/a"}]',
      '{"foo": {"b"}, "bar": {"a", "c", "d"}}',
    ),
    p('missing op', '{}', '[{"path": "/a"}]'),
    p('unknown op', '{}', '[{"op": "frob", "path": "/a"}]'),
    p('missing value', '{}', '[{"op": "add", "path": "/a"}]'),
    p('scalar document', '1', '[{"op": "replace", "path": "", "value": 2}]', '2'),
    {
      note: 'operations not an array',
      fn: 'json.patch',
      args: '[{}, {}]',
      error: typeErr('json.patch: operand 2 must be array but got object'),
    },
  ])
})

describe('json.match_schema and json.verify_schema', () => {
  const schema = '{"properties": {"id": {"type": "integer"}}, "required": ["id"]}'
  table([
    { note: 'match', fn: 'json.match_schema', args: `[{"id": 5}, ${schema}]`, want: '[true, []]' },
    {
      note: 'match string document',
      fn: 'json.match_schema',
      args: `[${s('{"id": 5}')}, ${schema}]`,
      want: '[true, []]',
    },
    {
      note: 'match string schema',
      fn: 'json.match_schema',
      args: `[{"id": 5}, ${s('{"properties": {"id": {"type": "integer"}}, "required": ["id"]}')}]`,
      want: '[true, []]',
    },
    {
      note: 'invalid type',
      fn: 'json.match_schema',
      args: `[{"id": "foo"}, ${schema}]`,
      want: '[false, [{"desc": "Invalid type. Expected: integer, given: string", "error": "id: Invalid type. Expected: integer, given: string", "field": "id", "type": "invalid_type"}]]',
    },
    {
      note: 'required',
      fn: 'json.match_schema',
      args: `[{}, ${schema}]`,
      want: '[false, [{"desc": "id is required", "error": "(Root): id is required", "field": "(Root)", "type": "required"}]]',
    },
    {
      note: 'additional property',
      fn: 'json.match_schema',
      args: '[{"x": 1}, {"additionalProperties": false}]',
      want: '[false, [{"desc": "Additional property x is not allowed", "error": "(Root): Additional property x is not allowed", "field": "(Root)", "type": "additional_property_not_allowed"}]]',
    },
    {
      note: 'minimum in an array item',
      fn: 'json.match_schema',
      args: '[[5, 1], {"items": {"minimum": 3}}]',
      want: '[false, [{"desc": "Must be greater than or equal to 3", "error": "1: Must be greater than or equal to 3", "field": "1", "type": "number_gte"}]]',
    },
    {
      note: 'invalid schema',
      fn: 'json.match_schema',
      args: '[{"id": "foo"}, {"properties": {"id": {"type": "unknown"}}, "required": ["id"]}]',
      error: builtinErr(
        'json.match_schema: has a primitive type that is NOT VALID -- given: /unknown/ Expected valid values are:[array boolean integer number null object string]',
      ),
    },
    {
      note: 'invalid JSON document',
      fn: 'json.match_schema',
      args: `[${s('{')}, ${schema}]`,
      error: builtinErr('json.match_schema: invalid JSON string'),
    },
    {
      note: 'verify valid string',
      fn: 'json.verify_schema',
      args: `[${s('{"type": "boolean"}')}]`,
      want: '[true, null]',
    },
    { note: 'verify valid object', fn: 'json.verify_schema', args: '[{"type": "boolean"}]', want: '[true, null]' },
    {
      note: 'verify invalid string',
      fn: 'json.verify_schema',
      args: `[${s('{"type": "unknown_type"}')}]`,
      want: `[false, ${s('jsonschema: has a primitive type that is NOT VALID -- given: /unknown_type/ Expected valid values are:[array boolean integer number null object string]')}]`,
    },
    {
      note: 'verify invalid object',
      fn: 'json.verify_schema',
      args: '[{"type": "unknown_type"}]',
      want: `[false, ${s('jsonschema: has a primitive type that is NOT VALID -- given: /unknown_type/ Expected valid values are:[array boolean integer number null object string]')}]`,
    },
    {
      note: 'verify invalid JSON',
      fn: 'json.verify_schema',
      args: `[${s('{')}]`,
      want: `[false, ${s('jsonschema: invalid JSON string')}]`,
    },
    {
      note: 'verify wrong type',
      fn: 'json.verify_schema',
      args: '[1]',
      want: `[false, ${s('jsonschema: wrong type, expected string or object')}]`,
    },
  ])
})

// Issue 15: OPA's gojsonschema (internal/gojsonschema/schema.go parseSchema) and its messages.
describe('json schemas as OPA compiles them', () => {
  const v = (note: string, schema: string, message: string | null) => ({
    note,
    fn: 'json.verify_schema',
    args: `[${schema}]`,
    want: message === null ? '[true, null]' : `[false, ${s(`jsonschema: ${message}`)}]`,
  })
  table([
    v(
      'a property named type is an ordinary property',
      '{"properties": {"type": {"type": "string"}, "required": {"type": "boolean"}}}',
      null,
    ),
    v(
      'definitions of properties named like keywords',
      '{"definitions": {"items": {"type": "integer"}}, "properties": {"enum": {}}}',
      null,
    ),
    v('true schema from JSON text', s('true'), null),
    v('a number is not a schema', s('5'), 'Expected: valid schema, given: Invalid JSON'),
    v('an array is not a schema', '["a"]', 'Expected: valid schema, given: Invalid JSON'),
    v(
      'a property schema that is not a schema',
      '{"properties": {"a": 5}}',
      'Expected: valid schema, given: Invalid JSON',
    ),
    v('properties not an object', '{"properties": 5}', 'properties must be of type object'),
    v('required not an array', '{"required": "x"}', 'required must be of an array'),
    v('required of a non-string', '{"required": [1]}', 'Invalid type. Expected: string, given: required'),
    v('required twice', '{"required": ["a", "a"]}', 'required items must be unique'),
    v(
      "type neither string nor array (OPA's argument order)",
      '{"type": 5}',
      'Invalid type. Expected: type, given: string/array of strings',
    ),
    v('type twice', '{"type": ["string", "string"]}', 'string type is duplicated'),
    v('minimum not a number', '{"minimum": "x"}', 'minimum must be of a number'),
    v('minLength not an integer', '{"minLength": 1.5}', 'minLength must be of an integer'),
    v('minLength negative', '{"minLength": -1}', 'minLength must be greater than or equal to 0'),
    v('minLength above maxLength', '{"minLength": 3, "maxLength": 2}', 'minLength cannot be greater than maxLength'),
    v(
      'exclusiveMinimum true without minimum',
      '{"exclusiveMinimum": true}',
      'exclusiveMinimum cannot be used without minimum',
    ),
    v('items not a schema', '{"items": 3}', 'Invalid type. Expected: valid schema/array of schemas, given: items'),
    v('anyOf not an array', '{"anyOf": 3}', 'anyOf must be of an array'),
    v('not not a schema', '{"not": 3}', 'not must be of an object'),
    v('enum twice', '{"enum": [{"a": 1, "b": 2}, {"b": 2, "a": 1}]}', 'enum items must be unique'),
    v('multipleOf zero', '{"multipleOf": 0}', 'multipleOf must be strictly greater than 0'),
    v('pattern Go cannot compile (lookahead)', '{"pattern": "^(?!x)"}', 'pattern must be a valid regex'),
    v('patternProperties key Go cannot compile', '{"patternProperties": {"(": {}}}', "Invalid regex pattern '('"),
    v(
      'dependencies of a number',
      '{"dependencies": {"a": 1}}',
      'dependency must be of type schema or array of strings',
    ),
    v(
      'a nested bad type under a property named type',
      '{"properties": {"type": {"type": "unknown"}}}',
      'has a primitive type that is NOT VALID -- given: /unknown/ Expected valid values are:[array boolean integer number null object string]',
    ),
    {
      note: 'match: a document property named type',
      fn: 'json.match_schema',
      args: '[{"type": 5}, {"properties": {"type": {"type": "string"}}}]',
      want: '[false, [{"desc": "Invalid type. Expected: string, given: integer", "error": "type: Invalid type. Expected: string, given: integer", "field": "type", "type": "invalid_type"}]]',
    },
    {
      note: 'match: the root is named (Root)',
      fn: 'json.match_schema',
      args: `[${s('5')}, {"type": "string"}]`,
      want: '[false, [{"desc": "Invalid type. Expected: string, given: integer", "error": "(Root): Invalid type. Expected: string, given: integer", "field": "(Root)", "type": "invalid_type"}]]',
    },
    {
      note: 'match: a non-schema is an error',
      fn: 'json.match_schema',
      args: '[{}, {"required": "x"}]',
      error: builtinErr('json.match_schema: required must be of an array'),
    },
  ])
})

// gojsonschema reports a failed anyOf / oneOf, then the errors of its best-scoring branch only
// (a check run scores +1, an error -2; a type mismatch stops a branch early; ties go to the first).
describe('json.match_schema: anyOf and oneOf report what OPA reports', () => {
  const e = (field: string, type: string, desc: string) =>
    `{"desc": ${s(desc)}, "error": ${s(`${field}: ${desc}`)}, "field": ${s(field)}, "type": ${s(type)}}`
  const m = (note: string, doc: string, schema: string, errors: string[]) => ({
    note,
    fn: 'json.match_schema',
    args: `[${doc}, ${schema}]`,
    want: `[false, [${errors.join(', ')}]]`,
  })
  const anyOf = e('a', 'number_any_of', 'Must validate at least one schema (anyOf)')
  const oneOf = e('(Root)', 'number_one_of', 'Must validate one and only one schema (oneOf)')
  table([
    m(
      'anyOf: two type mismatches, the first branch',
      '{"a": 5}',
      '{"properties": {"a": {"anyOf": [{"type": "string"}, {"type": "boolean", "enum": [true]}]}}}',
      [anyOf, e('a', 'invalid_type', 'Invalid type. Expected: string, given: integer')],
    ),
    m(
      'anyOf: the branch of the right type scores higher',
      '{"a": 5}',
      '{"properties": {"a": {"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 10}]}}}',
      [anyOf, e('a', 'number_gte', 'Must be greater than or equal to 10')],
    ),
    m(
      'anyOf: fewer errors score higher',
      '{"a": "x"}',
      '{"properties": {"a": {"anyOf": [{"minLength": 2, "pattern": "^[0-9]+$"}, {"maxLength": 0}]}}}',
      [anyOf, e('a', 'string_lte', 'String length must be less than or equal to 0')],
    ),
    m(
      'oneOf: no branch, the first of equal scores',
      s('5'),
      '{"oneOf": [{"minimum": 10}, {"maximum": 1}, {"type": "string"}]}',
      [oneOf, e('(Root)', 'number_gte', 'Must be greater than or equal to 10')],
    ),
    m(
      'string lengths count code points: a surrogate pair is one, a lone surrogate one',
      '["😀😀", "\\ud800x", "ab"]',
      '{"items": {"minLength": 3}}',
      [
        e('0', 'string_gte', 'String length must be greater than or equal to 3'),
        e('1', 'string_gte', 'String length must be greater than or equal to 3'),
        e('2', 'string_gte', 'String length must be greater than or equal to 3'),
      ],
    ),
    m(
      'three code points in six UTF-16 units pass maxLength 3, four do not',
      '["😀😀😀", "😀😀😀😀"]',
      '{"items": {"maxLength": 3, "minLength": 3}}',
      [e('1', 'string_lte', 'String length must be less than or equal to 3')],
    ),
    m(
      'multipleOf in exact decimals: 0.3 is a multiple of 0.1, 0.35 is not',
      `[0.3, 0.35]`,
      '{"items": {"multipleOf": 0.1}}',
      [e('1', 'multiple_of', 'Must be a multiple of 0.1')],
    ),
    m('oneOf: two branches valid, no branch errors', s('5'), '{"oneOf": [{"minimum": 1}, {"maximum": 10}]}', [oneOf]),
    m("allOf: every branch's errors, then allOf", s('5'), '{"allOf": [{"minimum": 10}, {"type": "string"}]}', [
      e('(Root)', 'number_gte', 'Must be greater than or equal to 10'),
      e('(Root)', 'invalid_type', 'Invalid type. Expected: string, given: integer'),
      e('(Root)', 'number_all_of', 'Must validate all the schemas (allOf)'),
    ]),
  ])
})
