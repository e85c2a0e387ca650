/** units.parse and units.parse_bytes, computed exactly on rationals. */
import type { Value } from '../value/index.js'
import { fromBig, str } from './core-util.js'
import { builtinError, type BuiltinImpl } from './types.js'

const MAX_EXPONENT_DIGITS = 6

/** Splits "10.5Mi" into the amount and the unit, as OPA does; null when an exponent has too many digits. */
function splitAmount(s: string): [string, string] | null {
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9'
  let cut = -1
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (!isDigit(c) && c !== '.' && c !== 'e' && c !== 'E' && c !== '+' && c !== '-') {
      cut = i
      break
    }
    if (c === 'e' || c === 'E') {
      const next = s[i + 1]
      if (i === s.length - 1 || (!isDigit(next) && next !== '+' && next !== '-')) {
        cut = i
        break
      }
      if (next === '+' || next === '-') i++
      let end = i + 1
      while (end < s.length && isDigit(s[end])) end++
      if (end - (i + 1) > MAX_EXPONENT_DIGITS) return null
    }
  }
  if (cut === -1) return [s, '']
  if (cut === 0) return ['', s]
  return [s.slice(0, cut), s.slice(cut)]
}

/** A rational n/d with d > 0. */
type Rat = [bigint, bigint]

/** Go's big.Rat / big.Float decimal syntax: sign, digits with an optional point, optional exponent. */
function parseDecimal(s: string): Rat | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s)
  if (!m) return null
  const [, sign, int = '', frac = '', exp] = m
  if (int === '' && frac === '') return null
  let n = BigInt((int || '0') + frac)
  let d = 10n ** BigInt(frac.length)
  const e = Number(exp ?? 0)
  if (e >= 0) n *= 10n ** BigInt(e)
  else d *= 10n ** BigInt(-e)
  return [sign === '-' ? -n : n, d]
}

/** The exact value of a double as a rational. */
function ratOfDouble(x: number): Rat {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  const bits = view.getBigUint64(0)
  const e = Number((bits >> 52n) & 0x7ffn) - 1075
  const mant = (bits & ((1n << 52n) - 1n)) | (1n << 52n)
  return e >= 0 ? [mant << BigInt(e), 1n] : [mant, 1n << BigInt(-e)]
}

const K = 1000n
const KI = 1024n
const SI: Record<string, bigint> = { k: K, M: K ** 2n, g: K ** 3n, t: K ** 4n, p: K ** 5n, e: K ** 6n }
const BIN: Record<string, bigint> = { ki: KI, mi: KI ** 2n, gi: KI ** 3n, ti: KI ** 4n, pi: KI ** 5n, ei: KI ** 6n }

function unitsFactor(unit: string): Rat | undefined {
  if (unit === '') return [1n, 1n]
  // OPA uses the double 0.001 for milli, exactly.
  if (unit === 'm') return ratOfDouble(0.001)
  if (unit === 'M') return [SI.M!, 1n]
  const lower = unit.toLowerCase()
  if (unit.length === 1 && SI[lower] !== undefined) return [SI[lower]!, 1n]
  if (unit.length === 2 && unit[1] === 'i' && BIN[lower] !== undefined) return [BIN[lower]!, 1n]
  return undefined
}

/** A rational as a number: exact when integral, else rounded to 10 decimals (big.Rat's FloatString(10)). */
function ratToNumber([n, d]: Rat): Value {
  if (n % d === 0n) return fromBig(n / d)
  const scale = 10n ** 10n
  const neg = n < 0n
  const an = neg ? -n : n
  // Round half away from zero.
  let q = (an * scale) / d
  const r = (an * scale) % d
  if (r * 2n >= d) q += 1n
  const ip = q / scale
  const fp = (q % scale).toString().padStart(10, '0')
  return Number(`${neg ? '-' : ''}${ip}.${fp}`)
}

function unitsParse([a]: Value[]): Value {
  const name = 'units.parse'
  const fail = (msg: string) => builtinError(name, `${name}: ${msg}`)
  const s = str(name, a!, 1).replaceAll('"', '')
  if (s.includes(' ')) throw fail('spaces not allowed in resource strings')
  const parts = splitAmount(s)
  if (!parts) throw fail('exponent too large')
  const [amount, rawUnit] = parts
  if (amount === '') throw fail('no amount provided')
  const unit = rawUnit.length > 1 ? rawUnit[0] + rawUnit.slice(1).toLowerCase() : rawUnit
  const factor = unitsFactor(unit)
  if (!factor) throw fail(`unit ${unit} not recognized`)
  const x = parseDecimal(amount)
  if (!x) throw fail('could not parse amount to a number')
  return ratToNumber([x[0] * factor[0], x[1] * factor[1]])
}

const BYTE_UNITS: Record<string, bigint> = {
  '': 1n,
  kb: K,
  k: K,
  kib: KI,
  ki: KI,
  mb: K ** 2n,
  m: K ** 2n,
  mib: KI ** 2n,
  mi: KI ** 2n,
  gb: K ** 3n,
  g: K ** 3n,
  gib: KI ** 3n,
  gi: KI ** 3n,
  tb: K ** 4n,
  t: K ** 4n,
  tib: KI ** 4n,
  ti: KI ** 4n,
  pb: K ** 5n,
  p: K ** 5n,
  pib: KI ** 5n,
  pi: KI ** 5n,
  eb: K ** 6n,
  e: K ** 6n,
  eib: KI ** 6n,
  ei: KI ** 6n,
}

function unitsParseBytes([a]: Value[]): Value {
  const name = 'units.parse_bytes'
  const fail = (msg: string) => builtinError(name, `${name}: ${msg}`)
  const s = str(name, a!, 1).toLowerCase().replaceAll('"', '')
  if (s.includes(' ')) throw fail('spaces not allowed in resource strings')
  const parts = splitAmount(s)
  if (!parts) throw fail('exponent too large')
  const [amount, unit] = parts
  if (amount === '') throw fail('no byte amount provided')
  const factor = Object.hasOwn(BYTE_UNITS, unit) ? BYTE_UNITS[unit]! : undefined
  if (factor === undefined) throw fail(`byte unit ${unit} not recognized`)
  const x = parseDecimal(amount)
  if (!x) throw fail('could not parse byte amount to a number')
  // Truncated towards zero, like big.Float's Int.
  return fromBig((x[0] * factor) / x[1])
}

export const unitsImpls: Record<string, BuiltinImpl> = {
  'units.parse': unitsParse,
  'units.parse_bytes': unitsParseBytes,
}
