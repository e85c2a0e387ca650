/**
 * sprintf: Go's fmt.Sprintf over OPA's argument conversion. OPA hands Go an
 * int for integers that fit, a *big.Int for larger integers, a float64 for
 * other numbers, a string for strings, and the Rego text of any other value
 * (so booleans, null, arrays, objects and sets all arrive as strings).
 */
import { DecimalNumber, RegoObject, RegoSet, type Value } from '../value/index.js'
import { arr, str } from './core-util.js'
import type { BuiltinImpl } from './types.js'

type Arg =
  | { kind: 'int'; v: bigint }
  | { kind: 'bigint'; v: bigint }
  | { kind: 'float'; v: number }
  | { kind: 'string'; v: string }

const INT64_MIN = -(1n << 63n)
const INT64_MAX = (1n << 63n) - 1n

function toArg(v: Value): Arg {
  if (typeof v === 'bigint') return { kind: v >= INT64_MIN && v <= INT64_MAX ? 'int' : 'bigint', v }
  if (typeof v === 'number') {
    if (Number.isInteger(v)) {
      const b = BigInt(v)
      return { kind: b >= INT64_MIN && b <= INT64_MAX ? 'int' : 'bigint', v: b }
    }
    return { kind: 'float', v }
  }
  if (typeof v === 'string') return { kind: 'string', v }
  // OPA: a number that is no int and no float64 (2e308) goes to Go as its text.
  if (v instanceof DecimalNumber) {
    const f = Number(v.text)
    return Number.isFinite(f) ? { kind: 'float', v: f } : { kind: 'string', v: v.text }
  }
  return { kind: 'string', v: regoText(v) }
}

/** A number's Rego text. */
function numberText(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString()
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString()
  return String(n)
}

/** Go's strconv.Quote (printable Unicode kept, the rest escaped). */
export function goQuote(s: string, asciiOnly = false): string {
  let out = '"'
  for (const c of s) {
    const cp = c.codePointAt(0)!
    switch (c) {
      case '"':
        out += '\\"'
        continue
      case '\\':
        out += '\\\\'
        continue
      case '\x07':
        out += '\\a'
        continue
      case '\b':
        out += '\\b'
        continue
      case '\f':
        out += '\\f'
        continue
      case '\n':
        out += '\\n'
        continue
      case '\r':
        out += '\\r'
        continue
      case '\t':
        out += '\\t'
        continue
      case '\v':
        out += '\\v'
        continue
    }
    if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd'
    else if (cp < 0x80 ? cp >= 0x20 && cp < 0x7f : !asciiOnly && isPrint(c)) out += c
    else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`
    else out += `\\U${cp.toString(16).padStart(8, '0')}`
  }
  return out + '"'
}

const NON_PRINT = /^[\p{C}\p{Zl}\p{Zp}\p{Zs}]$/u
const isPrint = (c: string): boolean => c === ' ' || !NON_PRINT.test(c)

/** How OPA prints a value inside sprintf arguments (ast.Term's String). */
function regoText(v: Value): string {
  if (v === null) return 'null'
  if (typeof v === 'boolean') return String(v)
  if (typeof v === 'number' || typeof v === 'bigint') return numberText(v)
  if (typeof v === 'string') return goQuote(v)
  if (Array.isArray(v)) return `[${v.map(regoText).join(', ')}]`
  if (v instanceof RegoObject)
    return `{${v
      .entries()
      .map(([k, x]) => `${regoText(k)}: ${regoText(x)}`)
      .join(', ')}}`
  if (v instanceof RegoSet) return v.size === 0 ? 'set()' : `{${v.values().map(regoText).join(', ')}}`
  return String(v) // DecimalNumber: its exact text
}

interface Spec {
  minus: boolean
  plus: boolean
  space: boolean
  zero: boolean
  sharp: boolean
  wid?: number
  prec?: number
}

const goTypeName = (a: Arg): string =>
  a.kind === 'int' ? 'int' : a.kind === 'bigint' ? '*big.Int' : a.kind === 'float' ? 'float64' : 'string'

/** `%v` of an argument, as Go prints it in error annotations. */
function plain(a: Arg): string {
  switch (a.kind) {
    case 'int':
    case 'bigint':
      return a.v.toString()
    case 'float':
      return formatFloat(a.v, 'g', -1)
    case 'string':
      return a.v
  }
}

function badVerb(verb: string, a: Arg): string {
  if (a.kind === 'bigint') return `%!${verb}(big.Int=${a.v.toString()})`
  return `%!${verb}(${goTypeName(a)}=${plain(a)})`
}

function pad(s: string, spec: Spec, zeroOk = false): string {
  const w = spec.wid ?? 0
  const len = Array.from(s).length
  if (len >= w) return s
  const fill = w - len
  if (spec.minus) return s + ' '.repeat(fill)
  if (spec.zero && zeroOk) return '0'.repeat(fill) + s
  return ' '.repeat(fill) + s
}

function fmtInteger(v: bigint, base: number, verb: string, spec: Spec): string {
  const neg = v < 0n
  let digits = (neg ? -v : v).toString(base)
  if (verb === 'X') digits = digits.toUpperCase()
  let prec = 0
  if (spec.prec !== undefined) {
    prec = spec.prec
    if (prec === 0 && v === 0n) return pad('', { ...spec, zero: false })
  } else if (spec.zero && !spec.minus && spec.wid !== undefined) {
    prec = spec.wid
    if (neg || spec.plus || spec.space) prec--
  }
  if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits
  if (spec.sharp) {
    if (base === 2) digits = '0b' + digits
    else if (base === 8 && digits[0] !== '0') digits = '0' + digits
    else if (base === 16) digits = (verb === 'X' ? '0X' : '0x') + digits
  }
  if (verb === 'O') digits = '0o' + digits
  const sign = neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : ''
  return pad(sign + digits, { ...spec, zero: false })
}

// ---- floats -------------------------------------------------------------

/** The exact decimal expansion of a finite double: digits (no leading zeros) and the decimal point position. */
function exactDecimal(x: number): { digits: string; dp: number } {
  if (x === 0) return { digits: '', dp: 0 }
  const buf = new DataView(new ArrayBuffer(8))
  buf.setFloat64(0, Math.abs(x))
  const bits = buf.getBigUint64(0)
  const expBits = Number((bits >> 52n) & 0x7ffn)
  let mant = bits & ((1n << 52n) - 1n)
  let e: number
  if (expBits === 0) e = -1074
  else {
    mant |= 1n << 52n
    e = expBits - 1075
  }
  let digits: string
  let dp: number
  if (e >= 0) {
    digits = (mant << BigInt(e)).toString()
    dp = digits.length
  } else {
    const scaled = mant * 5n ** BigInt(-e)
    digits = scaled.toString()
    dp = digits.length + e
  }
  digits = digits.replace(/0+$/, '')
  return { digits, dp }
}

/** Round a decimal digit string to nd digits, half to even on exact ties (Go's strconv rounding). */
function roundDigits(d: { digits: string; dp: number }, nd: number): { digits: string; dp: number } {
  const { digits, dp } = d
  if (nd < 0) return { digits: '', dp }
  if (digits.length <= nd) return d
  const next = digits.charCodeAt(nd) - 48
  let up: boolean
  if (next > 5) up = true
  else if (next < 5) up = false
  else if (/[1-9]/.test(digits.slice(nd + 1))) up = true
  else up = nd > 0 && (digits.charCodeAt(nd - 1) - 48) % 2 === 1
  let kept = digits.slice(0, nd)
  if (!up) return { digits: kept.replace(/0+$/, ''), dp }
  // Increment.
  let i = kept.length - 1
  while (i >= 0 && kept[i] === '9') i--
  if (i < 0) return { digits: '1', dp: dp + 1 }
  kept = kept.slice(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1)
  return { digits: kept.replace(/0+$/, ''), dp }
}

/** Shortest round-trip digits (JS and Go agree on these). */
function shortestDecimal(x: number): { digits: string; dp: number } {
  if (x === 0) return { digits: '', dp: 0 }
  const [m, ex] = Math.abs(x).toExponential().split('e') as [string, string]
  const digits = m.replace('.', '').replace(/0+$/, '')
  return { digits, dp: Number(ex) + 1 }
}

function digitAt(d: { digits: string }, i: number): string {
  return i >= 0 && i < d.digits.length ? d.digits[i]! : '0'
}

function fmtE(d: { digits: string; dp: number }, prec: number, e: string): string {
  let out = digitAt(d, 0)
  if (prec > 0) {
    out += '.'
    for (let i = 1; i <= prec; i++) out += digitAt(d, i)
  }
  const exp = d.digits.length === 0 ? 0 : d.dp - 1
  const ae = Math.abs(exp)
  return `${out}${e}${exp < 0 ? '-' : '+'}${ae < 10 ? '0' + ae : ae}`
}

function fmtF(d: { digits: string; dp: number }, prec: number): string {
  let out = ''
  if (d.dp > 0) for (let i = 0; i < d.dp; i++) out += digitAt(d, i)
  else out = '0'
  if (prec > 0) {
    out += '.'
    for (let i = 0; i < prec; i++) out += digitAt(d, d.dp + i)
  }
  return out
}

/** strconv.FormatFloat(x, fmt, prec, 64) for e, E, f, F, g, G (without the sign of negatives handled by the caller). */
function formatFloat(x: number, verb: string, prec: number): string {
  if (Number.isNaN(x)) return 'NaN'
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf'
  const neg = x < 0 || Object.is(x, -0)
  const body = formatAbs(Math.abs(x), verb, prec)
  return neg ? '-' + body : body
}

function formatAbs(x: number, verb: string, prec: number): string {
  const shortest = prec < 0
  const lower = verb.toLowerCase()
  let d: { digits: string; dp: number }
  if (shortest) {
    d = shortestDecimal(x)
    if (lower === 'e') prec = Math.max(d.digits.length - 1, 0)
    else if (lower === 'f') prec = Math.max(d.digits.length - d.dp, 0)
    else prec = d.digits.length
  } else {
    const exact = exactDecimal(x)
    if (lower === 'e') d = roundDigits(exact, 1 + prec)
    else if (lower === 'f') d = roundDigits(exact, exact.dp + prec)
    else {
      if (prec === 0) prec = 1
      d = roundDigits(exact, prec)
    }
  }
  const eChar = verb === 'E' || verb === 'G' ? 'E' : 'e'
  if (lower === 'e') return fmtE(d, prec, eChar)
  if (lower === 'f') return fmtF(d, prec)
  // %g
  let eprec = prec
  const nd = d.digits.length
  if (eprec > nd && nd >= d.dp) eprec = nd
  if (shortest) eprec = 6
  const exp = d.dp - 1
  if (exp < -4 || exp >= eprec) {
    if (prec > nd) prec = nd
    return fmtE(d, prec - 1, eChar)
  }
  if (prec > d.dp) prec = nd
  return fmtF(d, Math.max(prec - d.dp, 0))
}

function fmtFloatArg(x: number, verb: string, spec: Spec): string {
  let v = verb
  let prec = spec.prec ?? -1
  if (verb === 'v') v = 'g'
  else if ((verb === 'e' || verb === 'E' || verb === 'f' || verb === 'F') && spec.prec === undefined) prec = 6
  let num = formatFloat(x, v === 'F' ? 'f' : v, prec)
  if (Number.isNaN(x)) num = (spec.plus ? '+' : spec.space ? ' ' : '') + num
  else if (num === '+Inf') num = spec.space && !spec.plus ? ' Inf' : '+Inf'
  else if (num[0] !== '-') num = (spec.plus ? '+' : spec.space ? ' ' : '') + num
  if (spec.sharp && (v === 'g' || v === 'G') && !num.includes('.') && Number.isFinite(x)) {
    // '#' keeps a decimal point (and trailing zeros) for %g; a rough rendering of Go's behaviour.
    const m = /^([+ -]?\d+)(e.*)?$/i.exec(num)
    if (m) num = `${m[1]}.${m[2] ?? ''}`
  }
  if (!Number.isFinite(x)) return pad(num, { ...spec, zero: false })
  if (spec.zero && !spec.minus && spec.wid !== undefined && spec.wid > num.length) {
    const sign = num[0] === '-' || num[0] === '+' || num[0] === ' ' ? num[0] : ''
    const rest = sign ? num.slice(1) : num
    return sign + '0'.repeat(spec.wid - num.length) + rest
  }
  return pad(num, spec)
}

// ---- strings ------------------------------------------------------------

function truncate(s: string, spec: Spec): string {
  if (spec.prec === undefined) return s
  return Array.from(s).slice(0, spec.prec).join('')
}

function fmtStringHex(s: string, verb: string, spec: Spec): string {
  let bytes = new TextEncoder().encode(s)
  if (spec.prec !== undefined) bytes = bytes.slice(0, spec.prec)
  const parts: string[] = []
  for (const b of bytes) {
    let h = b.toString(16).padStart(2, '0')
    if (verb === 'X') h = h.toUpperCase()
    parts.push(h)
  }
  const prefix = verb === 'X' ? '0X' : '0x'
  let out: string
  if (spec.space) out = parts.map((p) => (spec.sharp ? prefix + p : p)).join(' ')
  else out = (spec.sharp && parts.length ? prefix : '') + parts.join('')
  return pad(out, spec)
}

function fmtArg(a: Arg, verb: string, spec: Spec): string {
  if (verb === 'T') return pad(goTypeName(a), { ...spec, zero: false })
  // %#v is Go syntax: quoted strings; numbers print as with %v.
  if (verb === 'v' && spec.sharp) {
    if (a.kind === 'string') return pad(goQuote(a.v), { ...spec, sharp: false })
    spec = { ...spec, sharp: false }
  }
  switch (a.kind) {
    case 'int':
    case 'bigint':
      switch (verb) {
        case 'v':
        case 'd':
          return fmtInteger(a.v, 10, 'd', spec)
        case 'b':
          return fmtInteger(a.v, 2, verb, spec)
        case 'o':
        case 'O':
          return fmtInteger(a.v, 8, verb, spec)
        case 'x':
        case 'X':
          return fmtInteger(a.v, 16, verb, spec)
      }
      // Go's *big.Int formats %s as %d (int64 values print %!s(int=…)).
      if (a.kind === 'bigint' && verb === 's') return fmtInteger(a.v, 10, 'd', spec)
      if (a.kind === 'int') {
        if (verb === 'c') return pad(String.fromCodePoint(validRune(a.v)), spec)
        if (verb === 'q')
          return pad(
            `'${goQuote(String.fromCodePoint(validRune(a.v)))
              .slice(1, -1)
              .replace(/\\"/g, '"')
              .replace(/'/g, "\\'")}'`,
            spec,
          )
        if (verb === 'U') {
          const cp = a.v
          let s =
            'U+' +
            (cp < 0n ? (-cp).toString(16) : cp.toString(16)).toUpperCase().padStart(Math.max(4, spec.prec ?? 0), '0')
          if (spec.sharp && cp >= 0n && cp <= 0x10ffffn) s += ` '${String.fromCodePoint(Number(cp))}'`
          return pad(s, spec)
        }
      }
      return badVerb(verb, a)
    case 'float':
      switch (verb) {
        case 'v':
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
          return fmtFloatArg(a.v, verb, spec)
      }
      return badVerb(verb, a)
    case 'string':
      switch (verb) {
        case 'v':
        case 's':
          return pad(truncate(a.v, spec), spec, true)
        case 'q':
          return pad(goQuote(truncate(a.v, spec), spec.plus), spec, true)
        case 'x':
        case 'X':
          return fmtStringHex(a.v, verb, spec)
      }
      return badVerb(verb, a)
  }
}

function validRune(v: bigint): number {
  return v >= 0n && v <= 0x10ffffn && !(v >= 0xd800n && v <= 0xdfffn) ? Number(v) : 0xfffd
}

/** Go's fmt.Sprintf over converted arguments. */
function goSprintf(format: string, args: Arg[]): string {
  let out = ''
  let argNum = 0
  let reordered = false
  const n = format.length
  let i = 0
  while (i < n) {
    const pct = format.indexOf('%', i)
    if (pct < 0) {
      out += format.slice(i)
      break
    }
    out += format.slice(i, pct)
    i = pct + 1
    const spec: Spec = { minus: false, plus: false, space: false, zero: false, sharp: false }
    // Flags.
    for (; i < n; i++) {
      const c = format[i]
      if (c === '-') {
        spec.minus = true
        spec.zero = false
      } else if (c === '+') spec.plus = true
      else if (c === ' ') spec.space = true
      else if (c === '0') spec.zero = !spec.minus
      else if (c === '#') spec.sharp = true
      else break
    }
    let goodArgNum = true
    const argIndex = (): void => {
      if (format[i] !== '[') return
      reordered = true
      const close = format.indexOf(']', i)
      const idx = close < 0 ? NaN : Number(format.slice(i + 1, close))
      if (close < 0 || !/^\d+$/.test(format.slice(i + 1, close)) || idx < 1 || idx > args.length) {
        goodArgNum = false
        i = close < 0 ? n : close + 1
        return
      }
      argNum = idx - 1
      i = close + 1
    }
    // Width.
    argIndex()
    if (format[i] === '*') {
      i++
      const a = args[argNum++]
      if (a && a.kind === 'int' && a.v >= -1000000n && a.v <= 1000000n) {
        let w = Number(a.v)
        if (w < 0) {
          spec.minus = true
          spec.zero = false
          w = -w
        }
        spec.wid = w
      } else out += '%!(BADWIDTH)'
    } else {
      const m = /^\d+/.exec(format.slice(i))
      if (m) {
        spec.wid = Number(m[0])
        i += m[0].length
      }
    }
    // Precision.
    if (format[i] === '.') {
      i++
      argIndex()
      if (format[i] === '*') {
        i++
        const a = args[argNum++]
        if (a && a.kind === 'int' && a.v >= 0n && a.v <= 1000000n) spec.prec = Number(a.v)
        else out += '%!(BADPREC)'
      } else {
        const m = /^\d+/.exec(format.slice(i))
        spec.prec = m ? Number(m[0]) : 0
        if (m) i += m[0].length
      }
    }
    argIndex()
    if (i >= n) {
      out += '%!(NOVERB)'
      break
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!)
    i += verb.length
    if (verb === '%') {
      out += '%'
      continue
    }
    if (!goodArgNum) {
      out += `%!${verb}(BADINDEX)`
      continue
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`
      continue
    }
    out += fmtArg(args[argNum++]!, verb, spec)
  }
  if (!reordered && argNum < args.length) {
    out +=
      '%!(EXTRA ' +
      args
        .slice(argNum)
        .map((a) => `${goTypeName(a)}=${plain(a)}`)
        .join(', ') +
      ')'
  }
  return out
}

function sprintf([f, a]: Value[]): Value {
  const format = str('sprintf', f!, 1)
  const xs = arr('sprintf', a!, 2)
  return goSprintf(format, xs.map(toArg))
}

export const sprintfImpls: Record<string, BuiltinImpl> = { sprintf }
