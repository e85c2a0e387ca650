/**
 * json.* builtins: Go's encoding/json output and error messages, OPA's
 * JSON-pointer-ish paths for filter/remove/patch, JSON Schema as OPA's
 * gojsonschema compiles and validates it (json-schema-check.ts,
 * json-schema-validate.ts).
 */
import { DecimalNumber, equal, normalizeInteger, RegoObject, RegoSet, typeName, type Value } from '../value/index.js'
import { obj, oneOfError, operandError, str } from './core-util.js'
import { filterValue } from './objects.js'
import { schemaParseError } from './json-schema-check.js'
import { GoJsonSchema } from './json-schema-validate.js'
import { goQuote } from './sprintf.js'
import { CompiledCache } from './compiled-cache.js'
import { leavingArgumentsUnchanged } from './arguments-unchanged.js'
import { withJsonArgumentsForm } from './json-arguments.js'
import { builtinError, type BuiltinImpl, typeError } from './types.js'

// ---- encoding -------------------------------------------------------------

/** Go's json string encoding (HTML-safe, like json.Marshal). */
function jsonString(s: string): string {
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const ch = s[i]!
    if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\b') out += '\\b'
    else if (ch === '\f') out += '\\f'
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029)
      out += `\\u${c.toString(16).padStart(4, '0')}`
    else if (
      c >= 0xd800 &&
      c <= 0xdbff &&
      i + 1 < s.length &&
      s.charCodeAt(i + 1) >= 0xdc00 &&
      s.charCodeAt(i + 1) <= 0xdfff
    ) {
      out += ch + s[i + 1]
      i++
    } else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd'
    else out += ch
  }
  return out + '"'
}

function jsonNumber(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString()
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString()
  return String(n)
}

/** Object members as (string key, value), keys sorted by bytes the way Go sorts map keys. */
function jsonMembers(o: RegoObject): [string, Value][] {
  const members = o.entries().map(([k, v]) => [typeof k === 'string' ? k : marshal(k, '', ''), v] as [string, Value])
  return members.sort(([a], [b]) => compareBytes(a, b))
}

function compareBytes(a: string, b: string): number {
  const x = new TextEncoder().encode(a)
  const y = new TextEncoder().encode(b)
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!
  return x.length - y.length
}

/** json.Marshal / json.MarshalIndent(v, prefix, indent) of a value; sets are arrays. */
export function marshal(v: Value, prefix: string, indent: string, pretty = false, depth = 0): string {
  if (v === null) return 'null'
  if (typeof v === 'boolean') return String(v)
  if (typeof v === 'number' || typeof v === 'bigint') return jsonNumber(v)
  if (typeof v === 'string') return jsonString(v)
  const nl = (d: number) => (pretty ? '\n' + prefix + indent.repeat(d) : '')
  const list = (open: string, close: string, parts: string[]) =>
    parts.length === 0 ? open + close : open + parts.map((p) => nl(depth + 1) + p).join(',') + nl(depth) + close
  if (Array.isArray(v) || v instanceof RegoSet) {
    const xs = Array.isArray(v) ? v : v.values()
    return list(
      '[',
      ']',
      xs.map((x) => marshal(x, prefix, indent, pretty, depth + 1)),
    )
  }
  if (v instanceof DecimalNumber) return v.text
  const sep = pretty ? ': ' : ':'
  return list(
    '{',
    '}',
    jsonMembers(v).map(([k, x]) => jsonString(k) + sep + marshal(x, prefix, indent, pretty, depth + 1)),
  )
}

function marshalWithOptions([v, o]: Value[]): Value {
  const name = 'json.marshal_with_options'
  const opts = obj(name, o!, 2)
  let indent = '\t'
  let prefix = ''
  let implicit = false
  let explicit: boolean | undefined
  opts.entries().forEach(([k, x], idx) => {
    if (typeof k !== 'string')
      throw operandError(
        name,
        2,
        `failed to stringify key ${regoKey(k)} at index ${idx}: operand ${idx} must be string but got ${typeName(k)}`,
      )
    switch (k) {
      case 'prefix':
      case 'indent':
        if (typeof x !== 'string')
          throw operandError(
            name,
            2,
            `key ${goQuote(k)} failed cast to string: operand ${idx} must be string but got ${typeName(x)}`,
          )
        if (k === 'prefix') prefix = x
        else indent = x
        implicit = true
        break
      case 'pretty':
        if (typeof x !== 'boolean') throw operandError(name, 2, `key ${goQuote(k)} failed cast to bool`)
        explicit = x
        break
      default:
        throw operandError(name, 2, `object contained unknown key ${goQuote(k)}`)
    }
  })
  const pretty = explicit ?? implicit
  return pretty ? prefix + marshal(v!, prefix, indent, true) : marshal(v!, '', '')
}

function regoKey(k: Value): string {
  return typeof k === 'string' ? goQuote(k) : marshal(k, '', '')
}

// ---- decoding (Go's encoding/json grammar and messages) ------------------------------------

class JsonSyntaxError extends Error {}

/** Go's quoteChar for error messages. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`
  if (c === '"') return `'"'`
  const q = goQuote(c)
  return `'${q.slice(1, -1)}'`
}

/**
 * JSON reader with Go's grammar. In `decoder` mode its errors are those of
 * OPA's util.UnmarshalJSON (a json.Decoder, then one more Token() to reject
 * trailing data); otherwise those of json.Unmarshal.
 */
class JsonReader {
  pos = 0
  constructor(
    private readonly s: string,
    private readonly decoder: boolean,
  ) {}

  eof(): never {
    throw new JsonSyntaxError(this.decoder ? 'unexpected EOF' : 'unexpected end of JSON input')
  }
  fail(context: string): never {
    if (this.pos >= this.s.length) this.eof()
    const c = String.fromCodePoint(this.s.codePointAt(this.pos)!)
    throw new JsonSyntaxError(`invalid character ${quoteChar(c)} ${context}`)
  }
  ws(): void {
    while (this.pos < this.s.length && ' \t\n\r'.includes(this.s[this.pos]!)) this.pos++
  }
  document(): Value {
    this.ws()
    if (this.decoder && this.pos >= this.s.length) throw new JsonSyntaxError('EOF')
    const v = this.value(0)
    this.ws()
    if (this.pos < this.s.length) {
      if (!this.decoder) this.fail('after top-level value')
      this.trailing()
    }
    return v
  }
  /** json.Decoder.Token() on what follows the value; only a trailing null passes. */
  private trailing(): void {
    const c = this.s[this.pos]!
    let tok: string
    if (c === '[' || c === '{') tok = c
    else if (c === '"' || c === '-' || (c >= '0' && c <= '9') || c === 't' || c === 'f' || c === 'n') {
      const start = this.pos
      const v = this.value(0)
      if (v === null) return
      tok = typeof v === 'boolean' ? `%!s(bool=${v})` : typeof v === 'string' ? v : this.s.slice(start, this.pos).trim()
    } else this.fail('looking for beginning of value')
    throw new JsonSyntaxError(`error: invalid character '${tok}' after top-level value`)
  }
  value(depth: number): Value {
    if (depth > 10000) throw new JsonSyntaxError('exceeded max depth')
    this.ws()
    const c = this.s[this.pos]
    switch (c) {
      case '{':
        return this.object(depth)
      case '[':
        return this.array(depth)
      case '"':
        return this.string()
      case 't':
        return this.word('true', true)
      case 'f':
        return this.word('false', false)
      case 'n':
        return this.word('null', null)
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number()
    return this.fail('looking for beginning of value')
  }
  word(w: string, v: Value): Value {
    for (let i = 0; i < w.length; i++) {
      if (this.s[this.pos] !== w[i]) this.fail(`in literal ${w} (expecting ${quoteChar(w[i]!)})`)
      this.pos++
    }
    return v
  }
  number(): Value {
    const start = this.pos
    const digits = () => {
      while (this.pos < this.s.length && this.s[this.pos]! >= '0' && this.s[this.pos]! <= '9') this.pos++
    }
    if (this.s[this.pos] === '-') {
      this.pos++
      if (!(this.s[this.pos]! >= '0' && this.s[this.pos]! <= '9')) this.fail('in numeric literal')
    }
    if (this.s[this.pos] === '0') this.pos++
    else digits()
    let float = false
    if (this.s[this.pos] === '.') {
      float = true
      this.pos++
      if (!(this.s[this.pos]! >= '0' && this.s[this.pos]! <= '9')) this.fail('after decimal point in numeric literal')
      digits()
    }
    if (this.s[this.pos] === 'e' || this.s[this.pos] === 'E') {
      float = true
      this.pos++
      if (this.s[this.pos] === '+' || this.s[this.pos] === '-') this.pos++
      if (!(this.s[this.pos]! >= '0' && this.s[this.pos]! <= '9')) this.fail('in exponent of numeric literal')
      digits()
    }
    const text = this.s.slice(start, this.pos)
    if (!float) return normalizeInteger(BigInt(text))
    const n = Number(text)
    if (Number.isInteger(n) && /^-?\d+(\.0*)?$/.test(text)) return normalizeInteger(BigInt(text.split('.')[0]!))
    return n
  }
  string(): string {
    this.pos++
    let out = ''
    for (;;) {
      if (this.pos >= this.s.length) this.eof()
      const c = this.s[this.pos]!
      const code = c.charCodeAt(0)
      if (c === '"') {
        this.pos++
        // Go decodes an escaped surrogate pair to one rune and a lone surrogate to U+FFFD.
        return out.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      }
      if (code < 0x20) this.fail('in string literal')
      if (c === '\\') {
        this.pos++
        const e = this.s[this.pos]
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        }
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e]
          this.pos++
        } else if (e === 'u') {
          this.pos++
          const hex = this.s.slice(this.pos, this.pos + 4)
          for (let i = 0; i < 4; i++) {
            if (!/[0-9a-fA-F]/.test(this.s[this.pos] ?? '')) this.fail('in \\u hexadecimal character escape')
            this.pos++
          }
          out += String.fromCharCode(parseInt(hex, 16))
        } else this.fail('in string escape code')
        continue
      }
      out += c
      this.pos++
    }
  }
  array(depth: number): Value[] {
    this.pos++
    const out: Value[] = []
    this.ws()
    if (this.s[this.pos] === ']') {
      this.pos++
      return out
    }
    for (;;) {
      out.push(this.value(depth + 1))
      this.ws()
      if (this.s[this.pos] === ',') {
        this.pos++
        continue
      }
      if (this.s[this.pos] === ']') {
        this.pos++
        return out
      }
      this.fail('after array element')
    }
  }
  object(depth: number): RegoObject {
    this.pos++
    const out = new RegoObject()
    this.ws()
    if (this.s[this.pos] === '}') {
      this.pos++
      return out
    }
    for (;;) {
      this.ws()
      if (this.s[this.pos] !== '"') this.fail('looking for beginning of object key string')
      const k = this.string()
      this.ws()
      if (this.s[this.pos] !== ':') this.fail('after object key')
      this.pos++
      out.set(k, this.value(depth + 1))
      this.ws()
      if (this.s[this.pos] === ',') {
        this.pos++
        continue
      }
      if (this.s[this.pos] === '}') {
        this.pos++
        return out
      }
      this.fail('after object key:value pair')
    }
  }
}

/** Parses JSON text with Go's grammar; throws JsonSyntaxError with Go's message. Integers stay exact. */
function parseJson(text: string, decoder = false): Value {
  return new JsonReader(text, decoder).document()
}

function unmarshal([a]: Value[]): Value {
  const s = str('json.unmarshal', a!, 1)
  try {
    return parseJson(s, true)
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw builtinError('json.unmarshal', e.message)
    throw e
  }
}

function isValid([a]: Value[]): Value {
  if (typeof a !== 'string') return false
  try {
    parseJson(a)
    return true
  } catch {
    return false
  }
}

// ---- paths: filter, remove, patch -------------------------------------------------------------

function jsonPaths(name: string, v: Value): Value[][] {
  let xs: Value[]
  if (Array.isArray(v)) xs = v
  else if (v instanceof RegoSet) xs = v.values()
  else throw oneOfError(name, 2, ['set', 'array'], v)
  return xs.map((p) => parsePath(name, p))
}

class PathError extends Error {}

function parsePath(name: string | undefined, p: Value): Value[] {
  if (typeof p === 'string') {
    if (p === '') return []
    return p
      .replace(/^\/+/, '')
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
  }
  if (Array.isArray(p)) return p
  if (name === undefined) throw new PathError('invalid path')
  throw operandError(
    name,
    2,
    `must be one of {set, array} containing string paths or array of path segments but got ${typeName(p)}`,
  )
}

function pathsToObject(paths: Value[][]): RegoObject {
  const root = new RegoObject()
  for (const path of paths) {
    if (path.length === 0) continue
    let node = root
    let done = false
    for (let i = 0; i < path.length - 1 && !done; i++) {
      const child = node.get(path[i]!)
      if (child === undefined) {
        const o = new RegoObject()
        node.set(path[i]!, o)
        node = o
      } else if (child === null) done = true
      else node = child as RegoObject
    }
    if (!done) node.set(path[path.length - 1]!, null)
  }
  return root
}

function jsonFilter([o, p]: Value[]): Value {
  const object = obj('json.filter', o!, 1)
  return filterValue(object, pathsToObject(jsonPaths('json.filter', p!)))
}

/** Removes the leaves of b (null values) from a; undefined means "removed". */
function jsonRemoveValue(a: Value, b: Value | undefined): Value | undefined {
  if (b === undefined) return a
  if (b === null) return undefined
  if (!(b instanceof RegoObject)) return a
  if (a instanceof RegoObject) {
    const out = new RegoObject()
    for (const [k, v] of a.entries()) {
      const d = jsonRemoveValue(v, b.get(k))
      if (d !== undefined) out.set(k, d)
    }
    return out
  }
  if (a instanceof RegoSet) {
    const out = new RegoSet()
    for (const v of a.values()) {
      const d = jsonRemoveValue(v, b.get(v))
      if (d !== undefined) out.add(d)
    }
    return out
  }
  if (Array.isArray(a)) {
    const out: Value[] = []
    a.forEach((v, i) => {
      const d = jsonRemoveValue(v, b.get(String(i)))
      if (d !== undefined) out.push(d)
    })
    return out
  }
  return a
}

function jsonRemove([o, p]: Value[]): Value | undefined {
  obj('json.remove', o!, 1)
  return jsonRemoveValue(o!, pathsToObject(jsonPaths('json.remove', p!)))
}

class PatchError extends Error {}

function arrayIndex(seg: Value, len: number, allowEnd: boolean): number {
  let i: number
  if (typeof seg === 'number' && Number.isInteger(seg)) i = seg
  else if (typeof seg === 'string' && /^(0|[1-9]\d*)$/.test(seg)) i = Number(seg)
  else if (allowEnd && seg === '-') return len
  else throw new PatchError('invalid array index')
  if (i < 0 || i > (allowEnd ? len : len - 1)) throw new PatchError('index out of range')
  return i
}

/** A copy of v with f applied at path (f gets the current value or undefined). */
function updateAt(v: Value, path: Value[], f: (parent: Value, key: Value) => Value): Value {
  if (path.length === 1) return f(v, path[0]!)
  const [head, ...rest] = path
  if (v instanceof RegoObject) {
    const child = v.get(head!)
    if (child === undefined) throw new PatchError('path not found')
    return new RegoObject(v.entries()).set(head!, updateAt(child, rest, f))
  }
  if (Array.isArray(v)) {
    const i = arrayIndex(head!, v.length, false)
    const out = [...v]
    out[i] = updateAt(v[i]!, rest, f)
    return out
  }
  if (v instanceof RegoSet) {
    if (!v.has(head!)) throw new PatchError('path not found')
    const out = new RegoSet(v.values().filter((x) => !equal(x, head!)))
    return out.add(updateAt(head!, rest, f))
  }
  throw new PatchError('path not found')
}

function patchAdd(doc: Value, path: Value[], value: Value): Value {
  if (path.length === 0) return value
  return updateAt(doc, path, (parent, key) => {
    if (parent instanceof RegoObject) return new RegoObject(parent.entries()).set(key, value)
    if (Array.isArray(parent)) {
      const i = arrayIndex(key, parent.length, true)
      return [...parent.slice(0, i), value, ...parent.slice(i)]
    }
    if (parent instanceof RegoSet) {
      // A set member is its own key.
      if (!equal(key, value)) throw new PatchError('set key and value differ')
      return new RegoSet(parent.values()).add(value)
    }
    throw new PatchError('cannot add')
  })
}

function patchRemove(doc: Value, path: Value[]): Value {
  if (path.length === 0) throw new PatchError('cannot remove root')
  return updateAt(doc, path, (parent, key) => {
    if (parent instanceof RegoObject) {
      if (!parent.has(key)) throw new PatchError('path not found')
      return new RegoObject(parent.entries().filter(([k]) => !equal(k, key)))
    }
    if (Array.isArray(parent)) {
      const i = arrayIndex(key, parent.length, false)
      return [...parent.slice(0, i), ...parent.slice(i + 1)]
    }
    if (parent instanceof RegoSet) {
      if (!parent.has(key)) throw new PatchError('path not found')
      return new RegoSet(parent.values().filter((x) => !equal(x, key)))
    }
    throw new PatchError('cannot remove')
  })
}

function patchGet(doc: Value, path: Value[]): Value {
  let cur = doc
  for (const seg of path) {
    if (cur instanceof RegoObject) {
      const next = cur.get(seg)
      if (next === undefined) throw new PatchError('path not found')
      cur = next
    } else if (Array.isArray(cur)) cur = cur[arrayIndex(seg, cur.length, false)]!
    else if (cur instanceof RegoSet) {
      if (!cur.has(seg)) throw new PatchError('path not found')
      cur = seg
    } else throw new PatchError('path not found')
  }
  return cur
}

function applyPatch(doc: Value, ops: Value[]): Value {
  for (const op of ops) {
    if (!(op instanceof RegoObject)) throw new PatchError('not an object')
    const attr = (k: string): Value => {
      const v = op.get(k)
      if (v === undefined) throw new PatchError(`missing '${k}' attribute`)
      return v
    }
    const kind = attr('op')
    if (typeof kind !== 'string' || !['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(kind))
      throw new PatchError('bad op')
    const rawPath = attr('path')
    const from = kind === 'move' || kind === 'copy' ? attr('from') : undefined
    const value = kind === 'add' || kind === 'replace' || kind === 'test' ? attr('value') : undefined
    const path = parsePath(undefined, rawPath)
    switch (kind) {
      case 'add':
        doc = patchAdd(doc, path, value!)
        break
      case 'remove':
        doc = patchRemove(doc, path)
        break
      case 'replace':
        doc = path.length === 0 ? value! : patchAdd(patchRemove(doc, path), path, value!)
        break
      case 'move': {
        const fp = parsePath(undefined, from!)
        const chunk = patchGet(doc, fp)
        doc = patchAdd(fp.length === 0 ? null : patchRemove(doc, fp), path, chunk)
        break
      }
      case 'copy': {
        const chunk = patchGet(doc, parsePath(undefined, from!))
        doc = patchAdd(doc, path, chunk)
        break
      }
      case 'test':
        if (!equal(patchGet(doc, path), value!)) throw new PatchError('test failed')
        break
    }
  }
  return doc
}

function jsonPatch([doc, ops]: Value[]): Value | undefined {
  if (!Array.isArray(ops)) throw typeError('json.patch', 2, 'array', ops!)
  try {
    return applyPatch(doc!, ops)
  } catch (e) {
    if (e instanceof PatchError || e instanceof PathError) return undefined
    throw e
  }
}

// ---- JSON Schema -----------------------------------------------------------------

/** Plain JSON data for the validator (sets as arrays, big integers as numbers, keys as strings). */
function toPlain(v: Value): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  if (v instanceof DecimalNumber) return Number(v.text)
  if (Array.isArray(v)) return v.map(toPlain)
  if (v instanceof RegoSet) return v.values().map(toPlain)
  const out: Record<string, unknown> = {}
  for (const [k, x] of v.entries()) {
    const key = typeof k === 'string' ? k : marshal(k, '', '')
    // An own property even for `__proto__` (as JSON.parse makes it): assignment would set the prototype and drop the key.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: toPlain(x), enumerable: true, writable: true, configurable: true })
    else out[key] = toPlain(x)
  }
  return out
}

class SchemaError extends Error {}

/** A schema or document operand (OPA's astValueToJSONSchemaLoader): JSON text, an object or an array. */
function loadJson(v: Value): unknown {
  if (typeof v === 'string') {
    try {
      return toPlain(parseJson(v))
    } catch {
      throw new SchemaError('invalid JSON string')
    }
  }
  if (v instanceof RegoObject || Array.isArray(v)) return toPlain(v)
  throw new SchemaError('wrong type, expected string or object')
}

/** loadJson of an operand the host read as plain JSON (json-arguments.ts): an object or array is already plain. */
function loadPlain(v: unknown): unknown {
  if (typeof v === 'string') return loadJson(v)
  if (v !== null && typeof v === 'object') return v
  throw new SchemaError('wrong type, expected string or object')
}

/** How a schema or document operand becomes plain JSON: from a Value (loadValue), or as the host read it (loadPlain). */
type Load = (v: unknown) => unknown
const loadValue: Load = (v) => loadJson(v as Value)

function compileSchema(schema: unknown): GoJsonSchema {
  const m = schemaParseError(schema)
  if (m) throw new SchemaError(m)
  try {
    return new GoJsonSchema(schema)
  } catch (e) {
    throw new SchemaError((e as Error).message)
  }
}

/**
 * Compiled schemas by their JSON text (a schema object by the text of its
 * plain form), held strongly and bounded like the pattern caches
 * (compiled-cache.ts): a schema from the data document is compiled once, not
 * once per decision, and a changed schema is a different key.
 */
const schemaCache = new CompiledCache<GoJsonSchema>(64, 1 << 22)

/** @internal how many schemas have been compiled (tests of the cache). */
export const schemaCompileCount = (): number => schemaCache.made

/**
 * Compiled schemas by the schema Value itself: the engine hands the same
 * Value of a schema in the data document call after call (see
 * arguments-unchanged.ts), and then neither its plain form nor its text is
 * made again. Weak: an entry lives as long as the Value does, and a data
 * change makes new Values.
 */
const schemaByValue = new WeakMap<object, GoJsonSchema>()

/**
 * The compiled schema operand `s` (a Value, or plain JSON with `load` =
 * loadPlain), from the cache when the same schema was compiled before.
 */
function cachedSchema(s: unknown, load: Load = loadValue): GoJsonSchema {
  if (typeof s === 'string') return schemaCache.get(`t${s}`, () => compileSchema(loadJson(s)))
  const known = typeof s === 'object' && s !== null ? schemaByValue.get(s) : undefined
  if (known !== undefined) return known
  const plain = load(s)
  const compiled = schemaCache.get(`v${JSON.stringify(plain)}`, () => compileSchema(plain))
  if (typeof s === 'object' && s !== null) schemaByValue.set(s, compiled)
  return compiled
}

function verifySchema([s]: unknown[], load: Load = loadValue): Value {
  try {
    cachedSchema(s, load)
    return [true, null]
  } catch (e) {
    if (e instanceof SchemaError) return [false, `jsonschema: ${e.message}`]
    throw e
  }
}

function matchSchema([d, s]: unknown[], load: Load = loadValue): Value {
  const name = 'json.match_schema'
  let validator: GoJsonSchema
  let doc: unknown
  try {
    doc = load(d)
    validator = cachedSchema(s, load)
  } catch (e) {
    if (e instanceof SchemaError) throw builtinError(name, e.message)
    throw e
  }
  const errors = validator.validate(doc)
  if (errors.length === 0) return [true, []]
  return [
    false,
    errors.map(({ field, type, desc }) => RegoObject.fromRecord({ error: `${field}: ${desc}`, type, field, desc })),
  ]
}

export const jsonImpls: Record<string, BuiltinImpl> = {
  'json.marshal': ([v]) => marshal(v!, '', ''),
  'json.marshal_with_options': marshalWithOptions,
  'json.unmarshal': unmarshal,
  'json.is_valid': isValid,
  'json.filter': jsonFilter,
  'json.remove': jsonRemove,
  'json.patch': jsonPatch,
  'json.match_schema': withJsonArgumentsForm(
    leavingArgumentsUnchanged((args) => matchSchema(args)),
    (args) => matchSchema(args, loadPlain),
  ),
  'json.verify_schema': withJsonArgumentsForm(
    leavingArgumentsUnchanged((args) => verifySchema(args)),
    (args) => verifySchema(args, loadPlain),
  ),
}
