/**
 * Shared helpers of the text group: operand checks with OPA's wording, Go's
 * string quoting, and the Rego term text OPA prints values with.
 */
import { DecimalNumber, normalizeInteger, RegoObject, RegoSet, typeName, type Value } from '../value/index.js'
import { BuiltinError, typeError } from './types.js'

/** `name: operand N <text>` as an eval_type_error (OPA's `builtins.NewOperandErr`). */
export function operandError(builtin: string, operand: number, text: string): BuiltinError {
  return new BuiltinError('eval_type_error', `${builtin}: operand ${operand} ${text}`)
}

/** `must be one of {a, b} but got T` (OPA's `NewOperandTypeErr` with several types). */
export function oneOfError(builtin: string, operand: number, expected: string[], got: Value): BuiltinError {
  return operandError(builtin, operand, `must be one of {${expected.join(', ')}} but got ${typeName(got)}`)
}

/** The argument as a string, or OPA's type error. */
export function strArg(builtin: string, args: Value[], i: number): string {
  const v = args[i] ?? null
  if (typeof v !== 'string') throw typeError(builtin, i + 1, 'string', v)
  return v
}

/** The argument as a number, or OPA's type error. */
function numArg(builtin: string, args: Value[], i: number): number | bigint {
  const v = args[i] ?? null
  if (typeof v !== 'number' && typeof v !== 'bigint') throw typeError(builtin, i + 1, 'number', v)
  return v
}

/**
 * The argument as a Go `int` (OPA's `builtins.IntOperand`): an integer that
 * fits 64 bits (OPA reports anything else as a floating-point number). Values
 * beyond ±2^53 are clamped there: callers use them as counts.
 */
export function intArg(builtin: string, args: Value[], i: number): number {
  const n = numArg(builtin, args, i)
  const notInt = () => operandError(builtin, i + 1, 'must be integer number but got floating-point number')
  if (typeof n === 'bigint') {
    if (n < -(2n ** 63n) || n >= 2n ** 63n) throw notInt()
    return n > 0n ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER
  }
  if (!Number.isInteger(n) || Math.abs(n) >= 2 ** 63) throw notInt()
  return n
}

/** The argument as an object, or OPA's type error. */
export function objArg(builtin: string, args: Value[], i: number): RegoObject {
  const v = args[i] ?? null
  if (!(v instanceof RegoObject)) throw typeError(builtin, i + 1, 'object', v)
  return v
}

const utf8Encoder = new TextEncoder()
const utf8Decoder = new TextDecoder('utf-8')

/** The UTF-8 bytes of a string (Go's `[]byte(s)`). */
export const utf8Bytes = (s: string): Uint8Array => utf8Encoder.encode(s)

/**
 * Bytes as a string. Go keeps invalid UTF-8 in a string as it is; JavaScript
 * strings cannot, so invalid sequences become U+FFFD (what OPA shows when it
 * writes such a string out as JSON).
 */
export const utf8String = (b: Uint8Array): string => utf8Decoder.decode(b)

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u

/** Go's `strconv.Quote`: a double-quoted string with Go escapes for what is not printable. */
export function goQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (ch === '"' || ch === '\\') out += '\\' + ch
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd'
    else if (printable.test(ch)) out += ch
    else if (c === 7) out += '\\a'
    else if (c === 8) out += '\\b'
    else if (c === 12) out += '\\f'
    else if (c === 10) out += '\\n'
    else if (c === 13) out += '\\r'
    else if (c === 9) out += '\\t'
    else if (c === 11) out += '\\v'
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0')
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0')
    else out += '\\U' + c.toString(16).padStart(8, '0')
  }
  return out + '"'
}

/** A number as OPA writes it: integers in full, other numbers in their shortest form. */
export function numberText(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString()
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString()
  return String(n)
}

/**
 * A value as OPA's `ast.Value.String()` writes it (what `print` and template
 * strings show for non-strings): `[1, "a"]`, `{"k": 1}`, `{1, 2}`, `set()`.
 */
export function termText(v: Value): string {
  if (v === null) return 'null'
  if (typeof v === 'boolean') return String(v)
  if (typeof v === 'number' || typeof v === 'bigint') return numberText(v)
  if (typeof v === 'string') return goQuote(v)
  if (Array.isArray(v)) return `[${v.map(termText).join(', ')}]`
  if (v instanceof RegoObject)
    return `{${v
      .entries()
      .map(([k, x]) => `${termText(k)}: ${termText(x)}`)
      .join(', ')}}`
  if (v instanceof DecimalNumber) return v.text
  const items = (v as RegoSet).values()
  return items.length === 0 ? 'set()' : `{${items.map(termText).join(', ')}}`
}

/** An integer result as a value: a number when exact, else a bigint. */
export const intValue = (n: bigint): number | bigint => normalizeInteger(n)
