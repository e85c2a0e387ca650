/**
 * `yaml.marshal` / `yaml.unmarshal` / `yaml.is_valid`. OPA goes through
 * sigs.k8s.io/yaml (go-yaml v2, YAML 1.1 resolution): parsing here uses the
 * `yaml` package with `goYamlParseOptions` (timestamps and base-60 numbers
 * stay strings, as go-yaml leaves them for untyped targets); writing is a
 * small emitter with go-yaml v2's layout (sorted keys, unindented sequences,
 * its quoting rules, `|` blocks for multi-line strings, 80-column folding).
 */
import YAML from 'yaml'
import { DecimalNumber, RegoObject, RegoSet, type Value } from '../value/index.js'
import { builtinError, type BuiltinImpl } from './types.js'
import { goYamlParseOptions } from './go-yaml-options.js'
import { intValue, strArg, termText, utf8String } from './text-util.js'

// --- reading -----------------------------------------------------------------

const INT64_MIN = -(2n ** 63n)
const UINT64_MAX = 2n ** 64n - 1n

function fromYaml(x: unknown): Value {
  if (x === null || x === undefined) return null
  if (typeof x === 'boolean' || typeof x === 'string') return x
  if (typeof x === 'bigint') return x >= INT64_MIN && x <= UINT64_MAX ? intValue(x) : Number(x)
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) throw new Error(`json: unsupported value: ${x > 0 ? '+Inf' : x < 0 ? '-Inf' : 'NaN'}`)
    return x
  }
  if (x instanceof Uint8Array) return utf8String(x)
  if (Array.isArray(x)) return x.map(fromYaml)
  if (x instanceof Set) return [...x].map(fromYaml)
  if (x instanceof Map) return new RegoObject([...x].map(([k, v]) => [keyString(k), fromYaml(v)] as [Value, Value]))
  if (typeof x === 'object')
    return new RegoObject(Object.entries(x as object).map(([k, v]) => [k, fromYaml(v)] as [Value, Value]))
  return String(x)
}

// sigs.k8s.io/yaml turns non-string keys into their text.
function keyString(k: unknown): string {
  if (typeof k === 'string') return k
  if (k === null || k === undefined) return 'null'
  if (typeof k === 'number') return goFloat(k)
  return String(k)
}

/** go-yaml's wording (`yaml: line N: problem`) for the `yaml` package's common errors. */
function goYamlError(e: YAML.YAMLError): Error {
  const own = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
  let problem: string
  if (own.startsWith('Flow sequence'))
    return new Error(`yaml: line ${e.linePos?.[0]?.line ?? 1}: did not find expected ',' or ']'`)
  if (own.startsWith('Flow map'))
    return new Error(`yaml: line ${e.linePos?.[0]?.line ?? 1}: did not find expected ',' or '}'`)
  switch (e.code) {
    case 'MISSING_CHAR':
      problem = own.startsWith('Flow sequence')
        ? "did not find expected ',' or ']'"
        : own.startsWith('Flow map')
          ? "did not find expected ',' or '}'"
          : own.includes('quote')
            ? 'found unexpected end of stream'
            : own
      break
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      problem = 'mapping values are not allowed in this context'
      break
    case 'TAB_AS_INDENT':
    case 'BAD_SCALAR_START':
      problem = 'found character that cannot start any token'
      break
    case 'BAD_INDENT':
      problem = 'did not find expected key'
      break
    case 'UNEXPECTED_TOKEN':
      problem = 'did not find expected <document start>'
      break
    default:
      problem = own
  }
  const line = e.linePos?.[0]?.line
  return new Error(`yaml: ${line ? `line ${line}: ` : ''}${problem}`)
}

function parseYaml(s: string): Value {
  const docs = YAML.parseAllDocuments(s, goYamlParseOptions)
  if (!Array.isArray(docs)) {
    const err = (docs as { errors: YAML.YAMLError[] }).errors[0]
    throw err ? goYamlError(err) : new Error('yaml: invalid document')
  }
  const doc = docs[0]
  if (!doc) return null
  if (doc.errors.length > 0) throw goYamlError(doc.errors[0]!)
  let js: unknown
  try {
    js = doc.toJS({ maxAliasCount: 1000 })
  } catch (e) {
    const alias = /^Unresolved alias.*: (\S+)$/.exec((e as Error).message)
    throw new Error(alias ? `yaml: unknown anchor '${alias[1]}' referenced` : `yaml: ${(e as Error).message}`, {
      cause: e,
    })
  }
  return fromYaml(js)
}

// --- writing -----------------------------------------------------------------

/** Go's `strconv.FormatFloat(f, 'g', -1, 64)`. */
export function goFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN'
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf'
  if (f === 0) return Object.is(f, -0) ? '-0' : '0'
  const [mant, expText] = f.toExponential().split('e') as [string, string]
  const exp = Number(expText)
  const neg = mant.startsWith('-')
  const digits = mant.replace('-', '').replace('.', '')
  // Shortest 'g' switches to exponent form from 1e+06 on, as Go does.
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
    const e = Math.abs(exp).toString().padStart(2, '0')
    return `${neg ? '-' : ''}${m}e${exp < 0 ? '-' : '+'}${e}`
  }
  let s: string
  if (exp < 0) s = '0.' + '0'.repeat(-exp - 1) + digits
  else if (digits.length <= exp + 1) s = digits + '0'.repeat(exp + 1 - digits.length)
  else s = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`
  return (neg ? '-' : '') + s
}

function numberScalar(n: number | bigint): string {
  if (typeof n === 'bigint' || Number.isInteger(n)) {
    const b = typeof n === 'bigint' ? n : BigInt(n)
    if (b >= INT64_MIN && b <= UINT64_MAX) return b.toString()
    return goFloat(Number(b))
  }
  return goFloat(n)
}

// go-yaml v2's resolution of a plain scalar: does it read back as a string?
const nonString = [
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^[-+]?\.(?:inf|Inf|INF)$/,
  /^\.(?:nan|NaN|NAN)$/,
  /^<<$/,
  /^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*)$/,
  /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/,
]
const base60Float = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/
const resolvesToString = (s: string) => !nonString.some((r) => r.test(s)) && !base60Float.test(s)

const isPrintable = (c: number) =>
  c === 0x0a ||
  (c >= 0x20 && c <= 0x7e) ||
  c === 0x85 ||
  (c >= 0xa0 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff) ||
  (c >= 0x10000 && c <= 0x10ffff)

interface Analysis {
  plain: boolean
  single: boolean
  block: boolean
}

/** go-yaml's scalar analysis (block context): which styles may write the string. */
function analyze(s: string): Analysis {
  if (s === '') return { plain: false, single: true, block: false }
  if (s.startsWith('---') || s.startsWith('...')) return { plain: false, single: true, block: true }
  const cs = Array.from(s)
  let indicators = false
  let special = false
  let spaceBreak = false
  let breakSpace = false
  let prevSpace = false
  let prevBreak = false
  const blank = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r'
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!
    const followedByWs = blank(cs[i + 1])
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) indicators = true
      else if ((c === '?' || c === ':' || c === '-') && followedByWs) indicators = true
    } else if (c === ':' && followedByWs) indicators = true
    else if (c === '#' && (cs[i - 1] === ' ' || cs[i - 1] === '\t')) indicators = true
    if (!isPrintable(c.codePointAt(0)!)) special = true
    if (c === ' ') {
      if (prevBreak) breakSpace = true
      prevSpace = true
      prevBreak = false
    } else if (c === '\n') {
      if (prevSpace) spaceBreak = true
      prevBreak = true
      prevSpace = false
    } else {
      prevSpace = false
      prevBreak = false
    }
  }
  const leadingSpace = cs[0] === ' '
  const leadingBreak = cs[0] === '\n'
  const trailingSpace = cs[cs.length - 1] === ' '
  const trailingBreak = cs[cs.length - 1] === '\n'
  let plain = !indicators
  let single = true
  let block = true
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) plain = false
  if (trailingSpace) block = false
  if (breakSpace) {
    plain = false
    single = false
  }
  if (spaceBreak || special) {
    plain = false
    single = false
    block = false
  }
  if (s.includes('\n')) plain = false
  return { plain, single, block }
}

function doubleQuoted(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    switch (ch) {
      case '\0':
        out += '\\0'
        continue
      case '\x07':
        out += '\\a'
        continue
      case '\b':
        out += '\\b'
        continue
      case '\t':
        out += '\\t'
        continue
      case '\n':
        out += '\\n'
        continue
      case '\v':
        out += '\\v'
        continue
      case '\f':
        out += '\\f'
        continue
      case '\r':
        out += '\\r'
        continue
      case '\x1b':
        out += '\\e'
        continue
      case '"':
        out += '\\"'
        continue
      case '\\':
        out += '\\\\'
        continue
      case '\u0085':
        out += '\\N'
        continue
      case '\u00a0':
        out += '\\_'
        continue
      case '\u2028':
        out += '\\L'
        continue
      case '\u2029':
        out += '\\P'
        continue
    }
    if (isPrintable(c) && c !== 0xfeff) out += ch
    else if (c <= 0xff) out += '\\x' + c.toString(16).toUpperCase().padStart(2, '0')
    else if (c <= 0xffff) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0')
    else out += '\\U' + c.toString(16).toUpperCase().padStart(8, '0')
  }
  return out + '"'
}

const BEST_WIDTH = 80

// A plain or single-quoted scalar, folded at a single space once past column 80 (values only).
function folded(s: string, column: number, indent: number, allowBreaks: boolean): string {
  if (!allowBreaks) return s
  let out = ''
  let col = column
  const cs = Array.from(s)
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!
    if (c === ' ' && col > BEST_WIDTH && cs[i + 1] !== ' ' && cs[i - 1] !== ' ') {
      out += '\n' + ' '.repeat(indent)
      col = indent
      continue
    }
    out += c
    col++
  }
  return out
}

function literal(s: string, indent: number): string {
  let header = '|'
  if (s.startsWith(' ') || s.startsWith('\n')) header += '2'
  if (!s.endsWith('\n')) header += '-'
  else if (s === '\n' || s.endsWith('\n\n')) header += '+'
  const body = s.endsWith('\n') ? s.slice(0, -1) : s
  const ind = Math.max(indent, 2)
  const lines = body.split('\n').map((l) => (l === '' ? '' : ' '.repeat(ind) + l))
  return header + '\n' + lines.join('\n')
}

/** A string scalar as go-yaml v2 writes it at `column`, continuation lines at `indent`. */
function stringScalar(s: string, column: number, indent: number, isKey: boolean): string {
  const a = analyze(s)
  if (s.includes('\n') && !isKey && a.block) return literal(s, indent)
  if (s.includes('\n')) return doubleQuoted(s)
  if (!resolvesToString(s)) return doubleQuoted(s)
  if (a.plain) return folded(s, column, indent, !isKey)
  if (a.single) return `'${folded(s.replace(/'/g, "''"), column + 1, indent, !isKey)}'`
  return doubleQuoted(s)
}

// go-yaml v2's key order: letters by code point, digit runs by value, other characters before letters.
function keyLess(a: string, b: string): number {
  const ar = Array.from(a, (c) => c.codePointAt(0)!)
  const br = Array.from(b, (c) => c.codePointAt(0)!)
  const isLetter = (c: number) => /\p{L}/u.test(String.fromCodePoint(c))
  const isDigit = (c: number | undefined) => c !== undefined && /\p{Nd}/u.test(String.fromCodePoint(c))
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue
    const al = isLetter(ar[i]!)
    const bl = isLetter(br[i]!)
    if (al && bl) return ar[i]! - br[i]!
    if (al || bl) return bl ? -1 : 1
    let an = 0n
    let bn = 0n
    if (ar[i] === 0x30 || br[i] === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== 0x30) {
          an = 1n
          bn = 1n
          break
        }
      }
    }
    let ai = i
    let bi = i
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai]! - 0x30)
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi]! - 0x30)
    if (an !== bn) return an < bn ? -1 : 1
    if (ai !== bi) return ai - bi
    return ar[i]! - br[i]!
  }
  return ar.length - br.length
}

type Plain = null | boolean | number | bigint | string | Plain[] | Map<string, Plain>

// The value as OPA's JSON conversion gives it: sets become arrays, keys become strings.
function toPlain(v: Value): Plain {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map(toPlain)
  if (v instanceof RegoSet) return v.values().map(toPlain)
  if (v instanceof DecimalNumber) return Number(v.text)
  const m = new Map<string, Plain>()
  for (const [k, x] of v.entries()) m.set(typeof k === 'string' ? k : termText(k), toPlain(x))
  return m
}

function scalar(v: Exclude<Plain, Plain[] | Map<string, Plain>>, column: number, indent: number): string {
  if (v === null) return 'null'
  if (typeof v === 'boolean') return String(v)
  if (typeof v === 'number' || typeof v === 'bigint') return numberScalar(v)
  return stringScalar(v, column, indent, false)
}

const isEmptyColl = (v: Plain) => (Array.isArray(v) && v.length === 0) || (v instanceof Map && v.size === 0)

/** Lines of a block node whose first line starts at `column`, nested lines at `indent`. */
function emit(v: Plain, indent: number, column: number): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]'
    return v
      .map((item, i) => {
        const prefix = i === 0 ? '' : ' '.repeat(indent)
        const col = i === 0 ? column : indent
        return `${prefix}- ${emit(item, indent + 2, col + 2)}`
      })
      .join('\n')
  }
  if (v instanceof Map) {
    if (v.size === 0) return '{}'
    const keys = [...v.keys()].sort(keyLess)
    return keys
      .map((k, i) => {
        const prefix = i === 0 ? '' : ' '.repeat(indent)
        const col = i === 0 ? column : indent
        const key = stringScalar(k, col, indent, true)
        const x = v.get(k)!
        if ((Array.isArray(x) || x instanceof Map) && !isEmptyColl(x)) {
          const nested = x instanceof Map ? indent + 2 : indent
          return `${prefix}${key}:\n${' '.repeat(nested)}${emit(x, nested, nested)}`
        }
        return `${prefix}${key}: ${emit(x, indent + 2, col + key.length + 2)}`
      })
      .join('\n')
  }
  return scalar(v, column, indent)
}

/** go-yaml v2's document for a JSON-like value, with its final newline. */
function marshalYaml(v: Value): string {
  return emit(toPlain(v), 0, 0) + '\n'
}

export const yamlImpls: Record<string, BuiltinImpl> = {
  'yaml.marshal': (args) => marshalYaml(args[0] ?? null),
  'yaml.unmarshal': (args) => {
    const s = strArg('yaml.unmarshal', args, 0)
    try {
      return parseYaml(s)
    } catch (e) {
      throw builtinError('yaml.unmarshal', (e as Error).message)
    }
  },
  'yaml.is_valid': (args) => {
    const s = args[0]
    if (typeof s !== 'string') return false
    try {
      parseYaml(s)
      return true
    } catch {
      return false
    }
  },
}
