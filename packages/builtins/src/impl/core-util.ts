/**
 * Shared helpers of the core group: operand checks with OPA's wording and
 * exact integer handling.
 */
import { DecimalNumber, normalizeInteger, RegoObject, RegoSet, typeName, type Value } from '../value/index.js'
import { BuiltinError, typeError } from './types.js'

export type Num = number | bigint

export const isNum = (v: Value | undefined): v is Num => typeof v === 'number' || typeof v === 'bigint'

/** Whether a value is a Rego number in any form, a DecimalNumber (exact text a double cannot hold) included. */
export const isNumber = (v: Value | undefined): v is Num | DecimalNumber => isNum(v) || v instanceof DecimalNumber

/** A DecimalNumber as its nearest double, for arithmetic; other values unchanged. */
export const toDouble = <V extends Value | undefined>(v: V): V | number =>
  v instanceof DecimalNumber ? Number(v.text) : v

/** Whether a number is an integer (OPA: its text converts to a big.Int exactly). */
export const isIntNum = (n: Num): boolean => typeof n === 'bigint' || Number.isInteger(n)

/** An integral number as a bigint. */
export const toBig = (n: Num): bigint => (typeof n === 'bigint' ? n : BigInt(n))

/** A bigint as a value: a number when it fits a double exactly. */
export const fromBig = (n: bigint): Num => normalizeInteger(n)

/** `name: operand N <text>` as an eval_type_error. */
export function operandError(builtin: string, operand: number, text: string): BuiltinError {
  return new BuiltinError('eval_type_error', `${builtin}: operand ${operand} ${text}`)
}

/** `must be one of {a, b} but got T` — OPA lists the expected types in its own order per builtin. */
export function oneOfError(builtin: string, operand: number, expected: string[], got: Value): BuiltinError {
  return operandError(builtin, operand, `must be one of {${expected.join(', ')}} but got ${typeName(got)}`)
}

/** `must be array of strings but got array containing number`. */
export function elementError(
  builtin: string,
  operand: number,
  composite: Value,
  got: Value,
  expected: string,
): BuiltinError {
  const t = typeName(composite)
  return operandError(builtin, operand, `must be ${t} of ${expected}s but got ${t} containing ${typeName(got)}`)
}

export function str(builtin: string, v: Value, operand: number): string {
  if (typeof v !== 'string') throw typeError(builtin, operand, 'string', v)
  return v
}

export function num(builtin: string, v: Value, operand: number): Num {
  if (v instanceof DecimalNumber) return Number(v.text)
  if (!isNum(v)) throw typeError(builtin, operand, 'number', v)
  return v
}

export function arr(builtin: string, v: Value, operand: number): Value[] {
  if (!Array.isArray(v)) throw typeError(builtin, operand, 'array', v)
  return v
}

export function obj(builtin: string, v: Value, operand: number): RegoObject {
  if (!(v instanceof RegoObject)) throw typeError(builtin, operand, 'object', v)
  return v
}

export function set(builtin: string, v: Value, operand: number): RegoSet {
  if (!(v instanceof RegoSet)) throw typeError(builtin, operand, 'set', v)
  return v
}

/** OPA's IntOperand: a number that is an integer in JS range (`must be integer number but got floating-point number`). */
export function intOperand(builtin: string, v: Value, operand: number): number {
  const n = num(builtin, v, operand)
  // Go's int: integers past int64 do not convert either.
  if (!isIntNum(n) || toBig(n) > INT64_MAX || toBig(n) < INT64_MIN)
    throw operandError(builtin, operand, 'must be integer number but got floating-point number')
  return Number(n)
}

const INT64_MAX = (1n << 63n) - 1n
const INT64_MIN = -(1n << 63n)

/** OPA's BigIntOperand: any integer, exactly (`must be integer but got T` for non-numbers). */
export function bigIntOperand(builtin: string, v: Value, operand: number): bigint {
  if (!isNumber(v)) throw typeError(builtin, operand, 'integer', v)
  if (v instanceof DecimalNumber)
    throw operandError(builtin, operand, 'must be integer number but got floating-point number')
  if (!isIntNum(v)) throw operandError(builtin, operand, 'must be integer number but got floating-point number')
  return toBig(v)
}

/**
 * Exact decimal arithmetic for non-integer operands. OPA computes on the
 * numbers' decimal text with more than double precision, so `0.1 + 0.2` is
 * `0.3`; working on each double's shortest decimal text exactly and rounding
 * once at the end gives the same double.
 */
export interface Dec {
  /** value = c × 10^e */
  c: bigint
  e: number
}

export function decOf(n: Num): Dec {
  if (typeof n === 'bigint') return { c: n, e: 0 }
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(n))
  if (!m) return { c: BigInt(Math.trunc(n)), e: 0 }
  const [, sign, int, frac = '', exp = '0'] = m
  const c = BigInt(`${sign}${int}${frac}`)
  return { c, e: Number(exp) - frac.length }
}

export const decToNumber = (d: Dec): number => {
  const x = Number(`${d.c}e${d.e}`)
  return Object.is(x, -0) ? 0 : x
}

const align = (a: Dec, b: Dec): [bigint, bigint, number] => {
  const e = Math.min(a.e, b.e)
  return [a.c * 10n ** BigInt(a.e - e), b.c * 10n ** BigInt(b.e - e), e]
}

export function decAdd(a: Dec, b: Dec): Dec {
  const [x, y, e] = align(a, b)
  return { c: x + y, e }
}

export function decSub(a: Dec, b: Dec): Dec {
  const [x, y, e] = align(a, b)
  return { c: x - y, e }
}

export const decMul = (a: Dec, b: Dec): Dec => ({ c: a.c * b.c, e: a.e + b.e })

/** a / b rounded to a double (b ≠ 0), through 30 significant digits. */
export function decDivToNumber(a: Dec, b: Dec): number {
  if (a.c === 0n) return 0
  const neg = a.c < 0n !== b.c < 0n
  const x = a.c < 0n ? -a.c : a.c
  const y = b.c < 0n ? -b.c : b.c
  // Scale so the integer quotient has at least 30 digits.
  const k = Math.max(0, 30 - (x.toString().length - y.toString().length))
  const q = (x * 10n ** BigInt(k)) / y
  return decToNumber({ c: neg ? -q : q, e: a.e - b.e - k })
}
