/**
 * json.match_schema's validation as OPA's fork of gojsonschema does it
 * (internal/gojsonschema/validation.go): the same checks in the same order,
 * the same error types and messages, and the same scores, which pick the
 * branch whose errors a failed anyOf / oneOf / contains reports (the
 * best-scoring one, the first on a tie). The schema must have passed
 * schemaParseError (json-schema-check.ts) first. Regular expressions are
 * Go's (RE2), formats are @cfworker/json-schema's checkers.
 */
import { format as formats } from '@cfworker/json-schema'
import { RE2JS } from 're2js'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type Map = Record<string, unknown>

export interface SchemaError {
  type: string
  /** The dotted path of the value, "(Root)" for the document. */
  field: string
  desc: string
}

const ROOT = '(Root)'

interface Sub {
  pass?: boolean
  ref?: string
  types: string[]
  properties: [string, Sub][]
  additionalProperties: boolean | Sub
  patternProperties: [RE2JS, Sub][]
  propertyNames?: Sub
  dependencies: [string, string[] | Sub][]
  items: Sub[]
  itemsSingle: boolean
  additionalItems?: boolean | Sub
  multipleOf?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minLength?: number
  maxLength?: number
  pattern?: RE2JS
  patternText?: string
  format?: string
  minProperties?: number
  maxProperties?: number
  required: string[]
  minItems?: number
  maxItems?: number
  uniqueItems: boolean
  contains?: Sub
  constText?: string
  enumTexts?: string[]
  oneOf: Sub[]
  anyOf: Sub[]
  allOf: Sub[]
  not?: Sub
  if?: Sub
  then?: Sub
  else?: Sub
}

const isMap = (v: unknown): v is Map => v !== null && typeof v === 'object' && !Array.isArray(v)

/** `k` as an array index (which JS lists first among an object's keys, in numeric order), else -1. */
function arrayIndex(k: string): number {
  const c = k.charCodeAt(0)
  if (c < 48 || c > 57 || !/^(?:0|[1-9]\d{0,9})$/.test(k)) return -1
  const n = Number(k)
  return n <= 4294967294 ? n : -1
}

/** The order of keys of a document converted from a Rego object: array indices in numeric order, then the rest in Rego's. */
function compareKeys(a: string, b: string): number {
  const ia = arrayIndex(a)
  const ib = arrayIndex(b)
  if (ia >= 0 || ib >= 0) return ia < 0 ? 1 : ib < 0 ? -1 : ia - ib
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * The keys of `node` in the order of a document converted from a Rego object
 * (errors come out in key order), whatever the order the object was built in:
 * a host may hand its caller's own input (json-arguments.ts).
 */
function keysInOrder(node: object): string[] {
  const keys = Object.keys(node)
  for (let i = 1; i < keys.length; i++) if (compareKeys(keys[i - 1]!, keys[i]!) > 0) return keys.sort(compareKeys)
  return keys
}

/** A compiled schema: validate(document) → errors in OPA's order ([] when valid). */
export class GoJsonSchema {
  private readonly root: Sub
  private readonly refs: globalThis.Map<string, Sub>

  /** Compiles `doc`; a $ref that does not resolve throws, as OPA's loader does. */
  constructor(private readonly doc: unknown) {
    this.refs = new globalThis.Map()
    this.root = this.compile(doc, '#')
  }

  validate(document: unknown): SchemaError[] {
    const r = new Result()
    this.visit(this.root, document as Json, r, [])
    return r.errors
  }

  // ---- compile (shapes already checked by schemaParseError)

  private compile(node: unknown, pointer: string): Sub {
    const s: Sub = {
      types: [],
      properties: [],
      additionalProperties: true,
      patternProperties: [],
      dependencies: [],
      items: [],
      itemsSingle: false,
      required: [],
      uniqueItems: false,
      oneOf: [],
      anyOf: [],
      allOf: [],
    }
    if (typeof node === 'boolean') {
      s.pass = node
      return s
    }
    const m = node as Map
    if (typeof m.$ref === 'string') {
      s.ref = m.$ref
      this.deref(m.$ref)
      return s
    }
    const sub = (k: string, v: unknown) => this.compile(v, `${pointer}/${k}`)
    if (typeof m.type === 'string') s.types = [m.type]
    else if (Array.isArray(m.type)) s.types = m.type as string[]
    if (isMap(m.properties))
      for (const [k, v] of Object.entries(m.properties)) s.properties.push([k, sub(`properties/${k}`, v)])
    if (typeof m.additionalProperties === 'boolean') s.additionalProperties = m.additionalProperties
    else if (isMap(m.additionalProperties)) s.additionalProperties = sub('additionalProperties', m.additionalProperties)
    if (isMap(m.patternProperties))
      for (const [k, v] of Object.entries(m.patternProperties))
        s.patternProperties.push([RE2JS.compile(k), sub(`patternProperties/${k}`, v)])
    if (m.propertyNames !== undefined) s.propertyNames = sub('propertyNames', m.propertyNames)
    if (isMap(m.dependencies))
      for (const [k, v] of Object.entries(m.dependencies))
        s.dependencies.push([k, Array.isArray(v) ? (v as string[]) : sub(`dependencies/${k}`, v)])
    if (Array.isArray(m.items)) s.items = m.items.map((v, i) => sub(`items/${i}`, v))
    else if (m.items !== undefined) {
      s.items = [sub('items', m.items)]
      s.itemsSingle = true
    }
    if (typeof m.additionalItems === 'boolean') s.additionalItems = m.additionalItems
    else if (isMap(m.additionalItems)) s.additionalItems = sub('additionalItems', m.additionalItems)
    for (const k of [
      'multipleOf',
      'minimum',
      'maximum',
      'minLength',
      'maxLength',
      'minProperties',
      'maxProperties',
      'minItems',
      'maxItems',
    ] as const) {
      if (typeof m[k] === 'number') s[k] = m[k] as number
    }
    // draft 4's boolean exclusive bounds move the bound (hybrid mode, as OPA loads schemas)
    if (typeof m.exclusiveMinimum === 'number') s.exclusiveMinimum = m.exclusiveMinimum
    else if (m.exclusiveMinimum === true) [s.exclusiveMinimum, s.minimum] = [s.minimum, undefined]
    if (typeof m.exclusiveMaximum === 'number') s.exclusiveMaximum = m.exclusiveMaximum
    else if (m.exclusiveMaximum === true) [s.exclusiveMaximum, s.maximum] = [s.maximum, undefined]
    if (typeof m.pattern === 'string') {
      s.pattern = RE2JS.compile(m.pattern)
      s.patternText = m.pattern
    }
    if (typeof m.format === 'string') s.format = m.format
    if (Array.isArray(m.required)) s.required = m.required as string[]
    if (m.uniqueItems === true) s.uniqueItems = true
    if (m.contains !== undefined) s.contains = sub('contains', m.contains)
    if ('const' in m) s.constText = marshal(m.const)
    if (Array.isArray(m.enum)) s.enumTexts = m.enum.map(marshal)
    for (const k of ['oneOf', 'anyOf', 'allOf'] as const)
      if (Array.isArray(m[k])) s[k] = (m[k] as unknown[]).map((v, i) => sub(`${k}/${i}`, v))
    for (const k of ['not', 'if', 'then', 'else'] as const) if (m[k] !== undefined) s[k] = sub(k, m[k])
    return s
  }

  /** The schema a local $ref names ("#", "#/definitions/x", …); compiled once. */
  private deref(ref: string): Sub {
    const hit = this.refs.get(ref)
    if (hit) return hit
    if (!ref.startsWith('#')) throw new Error(`unsupported $ref ${ref}`)
    let cur = this.doc
    for (const raw of ref
      .slice(1)
      .split('/')
      .filter((p) => p !== '')) {
      const k = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~')
      if (!isMap(cur) && !Array.isArray(cur)) throw new Error(`Object has no key '${k}'`)
      const next: unknown = (cur as Map)[k]
      if (next === undefined) throw new Error(`Object has no key '${k}'`)
      cur = next
    }
    const placeholder = this.compile(true, ref) // a cycle back to this ref validates as it will once filled in
    this.refs.set(ref, placeholder)
    Object.assign(placeholder, this.compile(cur, ref), { pass: typeof cur === 'boolean' ? cur : undefined })
    return placeholder
  }

  // ---- validate (validateRecursive and friends)

  private visit(s: Sub, node: Json, r: Result, path: string[]): void {
    if (s.pass !== undefined) {
      if (!s.pass) r.add('false', path, 'False always fails validation')
      return
    }
    if (s.ref !== undefined) return this.visit(this.deref(s.ref), node, r, path)
    const given = jsonType(node)
    if (s.types.length > 0) {
      const ok = s.types.includes(given) || (given === 'integer' && s.types.includes('number'))
      if (!ok) {
        r.add(
          'invalid_type',
          path,
          `Invalid type. Expected: ${s.types.length === 1 ? s.types[0] : `[${s.types.join(',')}]`}, given: ${given}`,
        )
        return
      }
    }
    this.schema(s, node, r, path)
    if (given === 'integer' || given === 'number') {
      this.number(s, node as number, r, path)
      this.common(s, node, r, path)
    } else if (given === 'array') {
      this.array(s, node as Json[], r, path)
      this.common(s, node, r, path)
    } else if (given === 'object') {
      this.object(s, node as Record<string, Json>, r, path)
      this.common(s, node, r, path)
      for (const [k, p] of s.properties)
        if (Object.prototype.hasOwnProperty.call(node, k))
          this.visit(p, (node as Record<string, Json>)[k]!, r, [...path, k])
    } else if (given === 'null') {
      this.common(s, node, r, path)
    } else {
      this.common(s, node, r, path)
      if (given === 'string') this.string(s, node as string, r, path)
    }
    r.score++
  }

  private sub(s: Sub, node: Json, path: string[]): Result {
    const r = new Result()
    this.visit(s, node, r, path)
    return r
  }

  private schema(s: Sub, node: Json, r: Result, path: string[]): void {
    if (s.anyOf.length > 0) {
      let best: Result | undefined
      let ok = false
      for (const b of s.anyOf) {
        const br = this.sub(b, node, path)
        ok = br.valid
        if (ok) break
        if (!best || br.score > best.score) best = br
      }
      if (!ok) {
        r.add('number_any_of', path, 'Must validate at least one schema (anyOf)')
        if (best) r.merge(best)
      }
    }
    if (s.oneOf.length > 0) {
      let valid = 0
      let best: Result | undefined
      for (const b of s.oneOf) {
        const br = this.sub(b, node, path)
        if (br.valid) valid++
        else if (valid === 0 && (!best || br.score > best.score)) best = br
      }
      if (valid !== 1) {
        r.add('number_one_of', path, 'Must validate one and only one schema (oneOf)')
        if (valid === 0 && best) r.merge(best)
      }
    }
    if (s.allOf.length > 0) {
      let valid = 0
      for (const b of s.allOf) {
        const br = this.sub(b, node, path)
        if (br.valid) valid++
        r.merge(br)
      }
      if (valid !== s.allOf.length) r.add('number_all_of', path, 'Must validate all the schemas (allOf)')
    }
    if (s.not && this.sub(s.not, node, path).valid) r.add('number_not', path, 'Must not validate the schema (not)')
    if (s.dependencies.length > 0 && isMap(node)) {
      for (const [key, dep] of s.dependencies) {
        if (!(key in node)) continue
        if (Array.isArray(dep)) {
          for (const d of dep) if (!(d in node)) r.add('missing_dependency', path, `Has a dependency on ${d}`)
        } else this.visit(dep, node, r, path)
      }
    }
    if (s.if) {
      const cond = this.sub(s.if, node, path).valid
      const branch = cond ? s.then : s.else
      if (branch) {
        const br = this.sub(branch, node, path)
        if (!br.valid) {
          r.add(
            cond ? 'condition_then' : 'condition_else',
            path,
            cond ? 'Must validate "then" as "if" was valid' : 'Must validate "else" as "if" was not valid',
          )
          r.merge(br)
        }
      }
    }
    r.score++
  }

  private common(s: Sub, node: Json, r: Result, path: string[]): void {
    // The field's name is made only for an error: most nodes pass.
    if (s.constText !== undefined && marshal(node) !== s.constText)
      r.add('const', path, `${fieldOf(path)} does not match: ${s.constText}`)
    if (s.enumTexts !== undefined && !s.enumTexts.includes(marshal(node))) {
      r.add(
        'enum',
        path,
        `${fieldOf(path)} must be one of the following: ${s.enumTexts.length ? s.enumTexts.join(', ') : '(none)'}`,
      )
    }
    if (s.format !== undefined && typeof node === 'string' && formats[s.format] && !formats[s.format]!(node)) {
      r.add('format', path, `Does not match format '${s.format}'`)
    }
    r.score++
  }

  // Items and properties are visited into the caller's result: the same
  // errors in the same order and the same score as a result of their own
  // merged in, without one per node.
  private array(s: Sub, node: Json[], r: Result, path: string[]): void {
    if (s.itemsSingle) for (let i = 0; i < node.length; i++) this.visit(s.items[0]!, node[i]!, r, [...path, String(i)])
    else if (s.items.length > 0) {
      for (let i = 0; i < s.items.length && i < node.length; i++)
        this.visit(s.items[i]!, node[i]!, r, [...path, String(i)])
      if (s.items.length < node.length) {
        if (s.additionalItems === false)
          r.add('array_no_additional_items', path, 'No additional items allowed on array')
        else if (typeof s.additionalItems === 'object') {
          for (let i = s.items.length; i < node.length; i++)
            this.visit(s.additionalItems, node[i]!, r, [...path, String(i)])
        }
      }
    }
    if (s.minItems !== undefined && node.length < s.minItems)
      r.add('array_min_items', path, `Array must have at least ${s.minItems} items`)
    if (s.maxItems !== undefined && node.length > s.maxItems)
      r.add('array_max_items', path, `Array must have at most ${s.maxItems} items`)
    if (s.uniqueItems) {
      const seen = new globalThis.Map<string, number>()
      node.forEach((v, j) => {
        const text = marshal(v)
        const i = seen.get(text)
        if (i !== undefined) r.add('unique', path, `array items[${i},${j}] must be unique`)
        seen.set(text, j)
      })
    }
    if (s.contains) {
      let ok = false
      let best: Result | undefined
      for (let i = 0; i < node.length; i++) {
        const br = this.sub(s.contains, node[i]!, [...path, String(i)])
        if (br.valid) {
          ok = true
          break
        }
        if (!best || br.score > best.score) best = br
      }
      if (!ok) {
        r.add('contains', path, 'At least one of the items must match')
        if (best) r.merge(best)
      }
    }
    r.score++
  }

  private object(s: Sub, node: Record<string, Json>, r: Result, path: string[]): void {
    const keys = keysInOrder(node)
    if (s.minProperties !== undefined && keys.length < s.minProperties)
      r.add('array_min_properties', path, `Must have at least ${s.minProperties} properties`)
    if (s.maxProperties !== undefined && keys.length > s.maxProperties)
      r.add('array_max_properties', path, `Must have at most ${s.maxProperties} properties`)
    for (const req of s.required) {
      if (Object.prototype.hasOwnProperty.call(node, req)) r.score++
      else r.add('required', path, `${req} is required`)
    }
    for (const k of keys) {
      const described = s.properties.some(([p]) => p === k)
      let matched = false
      for (const [re, p] of s.patternProperties) {
        if (re.matcher(k).find()) {
          matched = true
          this.visit(p, node[k]!, r, [...path, k])
        }
      }
      if (matched) r.score++
      if (described || matched) continue
      if (s.additionalProperties === false)
        r.add('additional_property_not_allowed', path, `Additional property ${k} is not allowed`)
      else if (typeof s.additionalProperties === 'object') this.visit(s.additionalProperties, node[k]!, r, [...path, k])
    }
    if (s.propertyNames) {
      for (const k of keys) {
        const br = this.sub(s.propertyNames, k, path)
        if (!br.valid) {
          r.add('invalid_property_name', path, `Property name of "${k}" does not match`)
          r.merge(br)
        }
      }
    }
    r.score++
  }

  private string(s: Sub, node: string, r: Result, path: string[]): void {
    const runes = s.minLength !== undefined || s.maxLength !== undefined ? codePoints(node) : 0
    if (s.minLength !== undefined && runes < s.minLength)
      r.add('string_gte', path, `String length must be greater than or equal to ${s.minLength}`)
    if (s.maxLength !== undefined && runes > s.maxLength)
      r.add('string_lte', path, `String length must be less than or equal to ${s.maxLength}`)
    if (s.pattern && !s.pattern.matcher(node).find())
      r.add('pattern', path, `Does not match pattern '${s.patternText}'`)
    r.score++
  }

  private number(s: Sub, node: number, r: Result, path: string[]): void {
    if (s.multipleOf !== undefined && !isMultiple(node, s.multipleOf))
      r.add('multiple_of', path, `Must be a multiple of ${s.multipleOf}`)
    if (s.maximum !== undefined && node > s.maximum)
      r.add('number_lte', path, `Must be less than or equal to ${s.maximum}`)
    if (s.exclusiveMaximum !== undefined && node >= s.exclusiveMaximum)
      r.add('number_lt', path, `Must be less than ${s.exclusiveMaximum}`)
    if (s.minimum !== undefined && node < s.minimum)
      r.add('number_gte', path, `Must be greater than or equal to ${s.minimum}`)
    if (s.exclusiveMinimum !== undefined && node <= s.exclusiveMinimum)
      r.add('number_gt', path, `Must be greater than ${s.exclusiveMinimum}`)
    r.score++
  }
}

/** Errors and gojsonschema's score: +1 per check run, -2 per error (net -1 with the check's own +1). */
class Result {
  errors: SchemaError[] = []
  score = 0
  get valid(): boolean {
    return this.errors.length === 0
  }
  add(type: string, path: string[], desc: string): void {
    this.errors.push({ type, field: fieldOf(path), desc })
    this.score -= 2
  }
  merge(other: Result): void {
    this.errors.push(...other.errors)
    this.score += other.score
  }
}

/** The code points of `s` (Go counts runes), without an array of them. */
function codePoints(s: string): number {
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d < 0xe000) {
        n--
        i++
      }
    }
  }
  return n
}

function fieldOf(path: string[]): string {
  return path.length === 0 ? ROOT : path.join('.')
}

function jsonType(v: Json): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number'
  return typeof v
}

/** Go's json.Marshal of the value (keys sorted): how gojsonschema compares enum and const values. */
function marshal(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(marshal).join(',')}]`
  if (isMap(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${marshal(v[k])}`)
      .join(',')}}`
  return JSON.stringify(v)
}

/** x / m is an integer (gojsonschema divides exactly, in rationals: 0.3 is a multiple of 0.1). */
function isMultiple(x: number, m: number): boolean {
  if (Number.isInteger(x / m)) return true
  const scale = 10 ** Math.max(decimals(x), decimals(m))
  return Math.round(x * scale) % Math.round(m * scale) === 0
}

function decimals(x: number): number {
  const t = String(x)
  const e = t.indexOf('e-')
  if (e >= 0) return Number(t.slice(e + 2)) + (t.indexOf('.') >= 0 ? e - t.indexOf('.') - 1 : 0)
  const dot = t.indexOf('.')
  return dot < 0 ? 0 : t.length - dot - 1
}
