/**
 * Arithmetic and number builtins. Integers are exact at any size (bigint);
 * anything else is a double, as close as JS gets to OPA's big.Float results.
 */
import { RegoSet, type Value } from '../value/index.js'
import {
  bigIntOperand,
  type Dec,
  decAdd,
  decDivToNumber,
  decMul,
  decOf,
  decSub,
  decToNumber,
  fromBig,
  isIntNum,
  isNum,
  isNumber,
  num,
  type Num,
  oneOfError,
  operandError,
  toBig,
  toDouble,
} from './core-util.js'
import { goQuote } from './sprintf.js'
import { builtinError, type BuiltinImpl, typeError } from './types.js'

/** A float result: integral doubles that are large stay doubles (they are integers all the same). */
const float = (x: number): Num => (Object.is(x, -0) ? 0 : x)

interface BinOp {
  int: (x: bigint, y: bigint) => bigint
  dec: (x: Dec, y: Dec) => Dec
  /** Only for doubles out of range (a literal like 2e308 reads as Infinity), which have no exact form. */
  double: (x: number, y: number) => number
}

const ADD: BinOp = { int: (x, y) => x + y, dec: decAdd, double: (x, y) => x + y }
const SUB: BinOp = { int: (x, y) => x - y, dec: decSub, double: (x, y) => x - y }
const MUL: BinOp = { int: (x, y) => x * y, dec: decMul, double: (x, y) => x * y }

function arith(name: string, op: BinOp): BuiltinImpl {
  return ([a, b]) => arithOp(num(name, a!, 1), num(name, b!, 2), op)
}

/** Exact on integers; otherwise exact on the decimals, rounded once to a double. */
function arithOp(x: Num, y: Num, op: BinOp): Num {
  if (!Number.isFinite(Number(x)) || !Number.isFinite(Number(y))) return float(op.double(Number(x), Number(y)))
  if (isIntNum(x) && isIntNum(y)) return fromBig(op.int(toBig(x), toBig(y)))
  return decToNumber(op.dec(decOf(x), decOf(y)))
}

const isZero = (n: Num): boolean => (typeof n === 'bigint' ? n === 0n : n === 0)

function div([a, b]: Value[]): Value {
  const x = num('div', a!, 1)
  const y = num('div', b!, 2)
  if (isZero(y)) throw builtinError('div', 'divide by zero')
  if (!Number.isFinite(Number(x)) || !Number.isFinite(Number(y))) return float(Number(x) / Number(y))
  if (isIntNum(x) && isIntNum(y)) {
    const bx = toBig(x)
    const by = toBig(y)
    if (bx !== 0n && bx % by === 0n) return fromBig(bx / by)
  }
  return decDivToNumber(decOf(x), decOf(y))
}

function rem([a, b]: Value[]): Value {
  const x = num('rem', a!, 1)
  const y = num('rem', b!, 2)
  if (isIntNum(x) && isIntNum(y)) {
    const by = toBig(y)
    if (by === 0n) throw builtinError('rem', 'modulo by zero')
    return fromBig(toBig(x) % by)
  }
  throw builtinError('rem', 'modulo on floating-point number')
}

function minus([a0, b0]: Value[]): Value {
  const a = toDouble(a0)
  const b = toDouble(b0)
  if (isNum(a) && isNum(b)) return arithOp(a, b, SUB)
  if (a instanceof RegoSet && b instanceof RegoSet) return new RegoSet(a.values().filter((v) => !b.has(v)))
  if (!isNum(a) && !(a instanceof RegoSet)) throw oneOfError('minus', 1, ['number', 'set'], a!)
  if (isNum(b)) throw typeError('minus', 2, 'set', b)
  throw typeError('minus', 2, 'number', b!)
}

function unary(name: string, int: (x: bigint) => bigint, flt: (x: number) => number): BuiltinImpl {
  return ([a]) => {
    const x = num(name, a!, 1)
    if (isIntNum(x)) return fromBig(int(toBig(x)))
    return float(flt(x as number))
  }
}

/** Half away from zero, like OPA's round. */
function roundHalfAway(x: number): number {
  const t = Math.trunc(x)
  // x - trunc(x) is exact, so halves are recognised exactly.
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t
}

function range(name: string, a: Value, b: Value, step: bigint): Value[] {
  const x = bigIntOperand(name, a, 1)
  const y = bigIntOperand(name, b, 2)
  const out: Value[] = []
  if (x <= y) for (let i = x; i <= y; i += step) out.push(fromBig(i))
  else for (let i = x; i >= y; i -= step) out.push(fromBig(i))
  return out
}

function rangeStep([a, b, s]: Value[]): Value {
  const x = bigIntOperand('numbers.range_step', a!, 1)
  const y = bigIntOperand('numbers.range_step', b!, 2)
  const step = bigIntOperand('numbers.range_step', s!, 3)
  if (step <= 0n) throw builtinError('numbers.range_step', 'numbers.range_step: step must be a positive integer')
  return range('numbers.range_step', fromBig(x), fromBig(y), step)
}

/** Go's strconv.ParseFloat syntax: decimal numbers, and hexadecimal ones with a p exponent. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const HEXFLOAT = /^[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+$/

function parseNumberString(s: string): Num | undefined {
  if (/^[+-]?\d+$/.test(s)) {
    const n = BigInt(s)
    return fromBig(n)
  }
  if (DECIMAL.test(s)) {
    const x = Number(s)
    if (!Number.isFinite(x)) return undefined
    return float(x)
  }
  if (HEXFLOAT.test(s)) {
    const x = parseHexFloat(s)
    return x === undefined || !Number.isFinite(x) ? undefined : float(x)
  }
  return undefined
}

function parseHexFloat(s: string): number | undefined {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?\d+))?$/.exec(s)
  if (!m) return undefined
  const [, sign, int = '', frac = '', exp] = m
  // ParseFloat requires the p exponent on hexadecimal input.
  if (exp === undefined) return undefined
  const mant = parseInt((int || '0') + frac, 16)
  const e = Number(exp ?? 0) - 4 * frac.length
  const v = mant * Math.pow(2, e)
  return sign === '-' ? -v : v
}

function toNumber([a]: Value[]): Value {
  if (a === null) return 0
  if (typeof a === 'boolean') return a ? 1 : 0
  if (isNumber(a)) return a
  if (typeof a === 'string') {
    const lower = a.replace(/^[+-]+/, '').toLowerCase()
    if (lower === 'inf' || lower === 'infinity' || lower === 'nan')
      throw typeError('to_number', 1, 'valid number string', a)
    const n = parseNumberString(a)
    if (n === undefined) {
      const reason = DECIMAL.test(a) || HEXFLOAT.test(a) ? 'value out of range' : 'invalid syntax'
      throw builtinError('to_number', `strconv.ParseFloat: parsing ${goQuote(a)}: ${reason}`)
    }
    return n
  }
  throw oneOfError('to_number', 1, ['null', 'boolean', 'number', 'string'], a!)
}

function formatInt([a, b]: Value[]): Value {
  const x = num('format_int', a!, 1)
  const base = num('format_int', b!, 2)
  const radix = Number(base)
  if (![2, 8, 10, 16].includes(radix) || !isIntNum(base))
    throw operandError('format_int', 2, 'must be one of {2, 8, 10, 16}')
  // OPA truncates the number towards zero first.
  const i = isIntNum(x) ? toBig(x) : BigInt(Math.trunc(x as number))
  return i.toString(radix)
}

/** Bitwise builtins work on integers of any size (Go's big.Int two's-complement semantics match bigint's). */
function bits2(name: string, op: (x: bigint, y: bigint) => bigint): BuiltinImpl {
  return ([a, b]) => {
    const x = bigIntOperand(name, a!, 1)
    const y = bigIntOperand(name, b!, 2)
    return fromBig(op(x, y))
  }
}

function shift(name: string, op: (x: bigint, y: bigint) => bigint): BuiltinImpl {
  return ([a, b]) => {
    const x = bigIntOperand(name, a!, 1)
    const y = bigIntOperand(name, b!, 2)
    if (y < 0n) throw operandError(name, 2, 'must be an unsigned integer number but got a negative integer')
    return fromBig(op(x, y))
  }
}

export const numbersImpls: Record<string, BuiltinImpl> = {
  plus: arith('plus', ADD),
  minus,
  mul: arith('mul', MUL),
  div,
  rem,
  abs: unary('abs', (x) => (x < 0n ? -x : x), Math.abs),
  round: unary('round', (x) => x, roundHalfAway),
  ceil: unary('ceil', (x) => x, Math.ceil),
  floor: unary('floor', (x) => x, Math.floor),
  'numbers.range': ([a, b]) => range('numbers.range', a!, b!, 1n),
  'numbers.range_step': rangeStep,
  to_number: toNumber,
  format_int: formatInt,
  'bits.and': bits2('bits.and', (x, y) => x & y),
  'bits.or': bits2('bits.or', (x, y) => x | y),
  'bits.xor': bits2('bits.xor', (x, y) => x ^ y),
  'bits.negate': ([a]) => fromBig(~bigIntOperand('bits.negate', a!, 1)),
  'bits.lsh': shift('bits.lsh', (x, y) => x << y),
  'bits.rsh': shift('bits.rsh', (x, y) => x >> y),
}
