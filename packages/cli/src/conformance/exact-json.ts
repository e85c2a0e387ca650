/**
 * JSON values with exact numbers, for comparing expected and actual results:
 * `1` equals `1.0`, and integers past 2^53 are not rounded on the way.
 */
export type ExactValue = null | boolean | string | ExactNumber | ExactValue[] | { [key: string]: ExactValue }

/** A number held as its normalised decimal text: sign, digits, exponent. */
export class ExactNumber {
  constructor(
    /** -1, 0 or 1 */
    readonly sign: number,
    /** significant digits without leading or trailing zeros ('' for zero) */
    readonly digits: string,
    /** the value is 0.digits × 10^exponent */
    readonly exponent: number,
  ) {}

  /** Parses decimal text (`-12`, `0.50`, `1e3`, `12345678901234567890`); undefined if it is not a number. */
  static parse(text: string): ExactNumber | undefined {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim())
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined
    const intPart = m[2]!
    const frac = m[3] ?? ''
    let digits = intPart + frac
    let exponent = intPart.length + Number(m[4] ?? 0)
    const lead = digits.length - digits.replace(/^0+/, '').length
    digits = digits.slice(lead).replace(/0+$/, '')
    exponent -= lead
    if (digits === '') return new ExactNumber(0, '', 0)
    return new ExactNumber(m[1] === '-' ? -1 : 1, digits, exponent)
  }

  /** The exact number a JS number or BigInt prints as; throws for NaN and ±Infinity. */
  static from(value: number | bigint): ExactNumber {
    const text = typeof value === 'bigint' ? value.toString() : String(value)
    const parsed = ExactNumber.parse(text)
    if (!parsed) throw new Error(`not a finite number: ${text}`)
    return parsed
  }

  /** -1, 0 or 1 as this number is less than, equal to or greater than `other`. */
  compare(other: ExactNumber): number {
    if (this.sign !== other.sign) return Math.sign(this.sign - other.sign)
    if (this.sign === 0) return 0
    let mag: number
    if (this.exponent !== other.exponent) mag = this.exponent < other.exponent ? -1 : 1
    else {
      const n = Math.max(this.digits.length, other.digits.length)
      const a = this.digits.padEnd(n, '0')
      const b = other.digits.padEnd(n, '0')
      mag = a === b ? 0 : a < b ? -1 : 1
    }
    return mag * this.sign
  }

  /** The number in plain decimal notation. */
  toString(): string {
    if (this.sign === 0) return '0'
    const { digits, exponent } = this
    let body: string
    if (exponent <= 0) body = `0.${'0'.repeat(-exponent)}${digits}`
    else if (exponent >= digits.length) body = digits + '0'.repeat(exponent - digits.length)
    else body = `${digits.slice(0, exponent)}.${digits.slice(exponent)}`
    return (this.sign < 0 ? '-' : '') + body
  }
}

/** Parses JSON text, keeping every number exact. Throws SyntaxError on bad JSON. */
export function parseExactJson(text: string): ExactValue {
  // Mark numbers with a prefix the reviver recognises; strings are left alone
  // because JSON.parse's source-text access needs Node 21+.
  const marked = text.replace(
    /("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g,
    (m, str: string | undefined) => (str !== undefined ? str : `"\\u0000n${m}"`),
  )
  return fromPlain(
    JSON.parse(marked, (_k, v) =>
      typeof v === 'string' && v.startsWith('\u0000n') ? ExactNumber.parse(v.slice(2)) : v,
    ),
  )
}

/** Converts a plain value (from YAML with big integers as bigint, or from JSON) into an ExactValue. */
export function fromPlain(value: unknown): ExactValue {
  if (value === null || value === undefined) return null
  if (value instanceof ExactNumber) return value
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value
    case 'number':
    case 'bigint':
      return ExactNumber.from(value)
  }
  if (Array.isArray(value)) return value.map(fromPlain)
  if (value instanceof Map) {
    return Object.fromEntries([...value].map(([k, v]) => [String(k), fromPlain(v)]))
  }
  return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, fromPlain(v)]))
}
