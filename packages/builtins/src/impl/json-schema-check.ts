/**
 * The checks OPA's JSON Schema loader (its fork of gojsonschema,
 * internal/gojsonschema/schema.go parseSchema) makes while compiling a
 * schema, in the same order and with the same messages, so that
 * json.verify_schema returns OPA's `[false, "jsonschema: …"]` and
 * json.match_schema fails with OPA's error. Only keyword positions are
 * schemas: the names under `properties` (`type`, `required`, …) are
 * ordinary property names.
 */
import { RE2JS } from 're2js'

const PRIMITIVES = ['array', 'boolean', 'integer', 'number', 'null', 'object', 'string']

// gojsonschema's names in its messages
const VALID_SCHEMA = 'valid schema'
const ARRAY_OF_SCHEMAS = 'array of schemas'

type Schema = Record<string, unknown>

class ParseError extends Error {}

const isMap = (v: unknown): v is Schema => v !== null && typeof v === 'object' && !Array.isArray(v)
const isNumber = (v: unknown): v is number => typeof v === 'number'
const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v)
const has = (m: Schema, k: string): boolean => Object.prototype.hasOwnProperty.call(m, k)
const fail = (message: string): never => {
  throw new ParseError(message)
}
const invalidType = (expected: string, given: string): never =>
  fail(`Invalid type. Expected: ${expected}, given: ${given}`)
const mustBeOfA = (x: string, y: string): never => fail(`${x} must be of a ${y}`)
const mustBeOfAn = (x: string, y: string): never => fail(`${x} must be of an ${y}`)
const mustBeOfType = (key: string, type: string): never => fail(`${key} must be of type ${type}`)

/** OPA's message for the first problem of `schema`, or undefined when it compiles. */
export function schemaParseError(schema: unknown): string | undefined {
  try {
    parseSchema(schema)
    return undefined
  } catch (e) {
    if (e instanceof ParseError) return e.message
    throw e
  }
}

function getString(m: Schema, key: string): void {
  if (has(m, key) && typeof m[key] !== 'string') invalidType('string', key)
}

function getSlice(m: Schema, key: string): unknown[] {
  if (!has(m, key)) return []
  const v = m[key]
  return Array.isArray(v) ? v : mustBeOfAn(key, 'array')
}

/** A keyword whose value is a schema: an object or a boolean, else `message`. */
function subSchema(v: unknown, orElse: () => never): void {
  if (typeof v === 'boolean' || isMap(v)) parseSchema(v)
  else orElse()
}

function parseSchema(node: unknown): void {
  if (typeof node === 'boolean') return
  if (!isMap(node)) fail(`Expected: ${VALID_SCHEMA}, given: Invalid JSON`)
  const m = node as Schema
  getString(m, has(m, 'id') ? 'id' : '$id')
  if (has(m, 'definitions')) {
    const defs = m.definitions
    if (!isMap(defs)) invalidType(ARRAY_OF_SCHEMAS, 'definitions')
    for (const d of Object.values(defs as Schema)) subSchema(d, () => invalidType(ARRAY_OF_SCHEMAS, 'definitions'))
  }
  getString(m, 'title')
  getString(m, 'description')
  getString(m, '$ref')
  // gojsonschema parses a $ref'd schema instead of the rest of this one
  if (has(m, '$ref')) return
  if (has(m, 'type')) parseType(m.type)
  if (has(m, 'properties')) {
    const props = m.properties
    if (!isMap(props)) mustBeOfType('properties', 'object')
    for (const p of Object.values(props as Schema)) parseSchema(p)
  }
  if (has(m, 'additionalProperties'))
    subSchema(m.additionalProperties, () => invalidType(`boolean/${VALID_SCHEMA}`, 'additionalProperties'))
  if (has(m, 'patternProperties')) {
    const pp = m.patternProperties
    if (!isMap(pp)) invalidType(VALID_SCHEMA, 'patternProperties')
    for (const [k, p] of Object.entries(pp as Schema)) {
      if (!compiles(k)) fail(`Invalid regex pattern '${k}'`)
      parseSchema(p)
    }
  }
  if (has(m, 'propertyNames')) subSchema(m.propertyNames, () => invalidType(VALID_SCHEMA, 'patternProperties'))
  if (has(m, 'dependencies')) parseDependencies(m.dependencies)
  if (has(m, 'items')) {
    const items = m.items
    const orElse = () => invalidType(`${VALID_SCHEMA}/${ARRAY_OF_SCHEMAS}`, 'items')
    if (Array.isArray(items)) for (const i of items) subSchema(i, orElse)
    else subSchema(items, orElse)
  }
  if (has(m, 'additionalItems'))
    subSchema(m.additionalItems, () => invalidType(`boolean/${VALID_SCHEMA}`, 'additionalItems'))
  if (has(m, 'multipleOf')) {
    if (!isNumber(m.multipleOf)) invalidType('number', 'multipleOf')
    if ((m.multipleOf as number) <= 0) fail('multipleOf must be strictly greater than 0')
  }
  parseBound(m, 'minimum', 'exclusiveMinimum')
  parseBound(m, 'maximum', 'exclusiveMaximum')
  const minLength = parseCount(m, 'minLength')
  const maxLength = parseCount(m, 'maxLength')
  if (minLength !== undefined && maxLength !== undefined && minLength > maxLength)
    fail('minLength cannot be greater than maxLength')
  getString(m, 'pattern')
  if (typeof m.pattern === 'string' && !compiles(m.pattern)) fail('pattern must be a valid regex')
  getString(m, 'format')
  const minProperties = parseCount(m, 'minProperties')
  const maxProperties = parseCount(m, 'maxProperties')
  if (minProperties !== undefined && maxProperties !== undefined && minProperties > maxProperties)
    fail('minProperties cannot be greater than maxProperties')
  const required = new Set<string>()
  for (const r of getSlice(m, 'required')) {
    if (typeof r !== 'string') invalidType('string', 'required')
    if (required.has(r as string)) fail('required items must be unique')
    required.add(r as string)
  }
  parseCount(m, 'minItems')
  parseCount(m, 'maxItems')
  if (has(m, 'uniqueItems') && typeof m.uniqueItems !== 'boolean') mustBeOfA('uniqueItems', 'boolean')
  if (has(m, 'contains')) parseSchema(m.contains)
  const seen = new Set<string>()
  for (const e of getSlice(m, 'enum')) {
    const text = canonical(e)
    if (seen.has(text)) fail('enum items must be unique')
    seen.add(text)
  }
  for (const key of ['oneOf', 'anyOf', 'allOf']) for (const s of getSlice(m, key)) parseSchema(s)
  for (const key of ['not', 'if', 'then', 'else']) if (has(m, key)) subSchema(m[key], () => mustBeOfAn(key, 'object'))
}

function parseType(t: unknown): void {
  const seen = new Set<string>()
  const add = (x: string) => {
    if (!PRIMITIVES.includes(x))
      fail(
        `has a primitive type that is NOT VALID -- given: /${x}/ Expected valid values are:[${PRIMITIVES.join(' ')}]`,
      )
    if (seen.has(x)) fail(`${x} type is duplicated`)
    seen.add(x)
  }
  if (typeof t === 'string') return add(t)
  if (!Array.isArray(t)) invalidType('type', 'string/array of strings')
  for (const x of t as unknown[]) {
    if (typeof x !== 'string') invalidType('type', 'string/array of strings')
    add(x as string)
  }
}

function parseBound(m: Schema, bound: string, exclusive: string): void {
  if (has(m, bound) && !isNumber(m[bound])) mustBeOfA(bound, 'number')
  if (!has(m, exclusive)) return
  const x = m[exclusive]
  if (typeof x === 'boolean') {
    if (!has(m, bound)) fail(`${exclusive} cannot be used without ${bound}`)
  } else if (!isNumber(x)) invalidType('boolean/number', exclusive)
}

/** A non-negative integer keyword; its value when present. */
function parseCount(m: Schema, key: string): number | undefined {
  if (!has(m, key)) return undefined
  const v = m[key]
  if (!isInteger(v)) mustBeOfAn(key, 'integer')
  if ((v as number) < 0) fail(`${key} must be greater than or equal to 0`)
  return v as number
}

function parseDependencies(deps: unknown): void {
  if (!isMap(deps)) mustBeOfType('dependencies', 'object')
  const bad = () => mustBeOfType('dependency', 'schema or array of strings')
  for (const d of Object.values(deps as Schema)) {
    if (Array.isArray(d)) {
      for (const x of d) if (typeof x !== 'string') bad()
    } else subSchema(d, bad)
  }
}

/** Does Go's regexp (RE2) compile it? */
function compiles(pattern: string): boolean {
  try {
    RE2JS.compile(pattern)
    return true
  } catch {
    return false
  }
}

/** JSON text with sorted keys: enum values equal as JSON compare equal here. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (isMap(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`
  return JSON.stringify(v)
}
