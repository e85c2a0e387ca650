/**
 * Rego values in JavaScript, as host builtins see them.
 *
 * - null, booleans and strings are JS primitives;
 * - numbers are JS numbers, or bigints for integers outside ±2^53 so they stay exact,
 *   or `DecimalNumber` (exact decimal text) for the rare numbers a double
 *   cannot hold (2e308 overflows, 0.1000000000000000000001 rounds);
 * - arrays are JS arrays;
 * - objects are `RegoObject` (keys of any type), sets are `RegoSet`.
 *
 * Equality and order follow Rego: null < boolean < number < string < array <
 * object < set, numbers by value (`1` equals `1.0`).
 */
export type Value = null | boolean | number | bigint | DecimalNumber | string | Value[] | RegoObject | RegoSet

/**
 * A number that does not round-trip through a double, kept as its exact
 * decimal text (as OPA's ast.Number keeps it). Only values read from term
 * text (`parseTermText`) take this form, and only when the double would
 * overflow, underflow or lose digits, so the common path never sees it.
 * Arithmetic builtins use its nearest double (`valueOf`); printing, JSON and
 * comparison use the exact text.
 */
export class DecimalNumber {
  constructor(readonly text: string) {}
  /** The nearest double (±Infinity beyond a double's range). */
  valueOf(): number {
    return Number(this.text)
  }
  /** The exact decimal text. */
  toString(): string {
    return this.text
  }
}

/** The smallest normal double: below it (subnormals) a double keeps fewer than 15 digits. */
export const MIN_NORMAL = 2.2250738585072014e-308

/**
 * Reads number text as a value: a bigint for integers outside ±2^53, a
 * DecimalNumber when the double differs from the text, else a double. The
 * round-trip check only runs for long texts, zeros and overflow, so
 * ordinary numbers cost one Number() call.
 */
export function numberFromText(text: string): number | bigint | DecimalNumber {
  if (/^-?\d+$/.test(text)) return normalizeInteger(BigInt(text))
  const n = Number(text)
  // Fast path: at most 15 characters hold at most 15 digits, which a normal double keeps.
  if (text.length <= 15 && Number.isFinite(n) && Math.abs(n) >= MIN_NORMAL) return n
  if (!Number.isFinite(n)) return new DecimalNumber(text)
  const d = decimalParts(text)
  if (n === 0) return d.digits === '' ? n : new DecimalNumber(text)
  if (d.digits.length <= 15 && Math.abs(n) >= MIN_NORMAL) return n
  const back = decimalParts(String(n))
  return back.digits === d.digits && back.exp === d.exp ? n : new DecimalNumber(text)
}

/** A decimal's sign, significant digits (no leading/trailing zeros) and exponent: value = ±0.digits × 10^exp. */
export function decimalParts(text: string): { neg: boolean; digits: string; exp: number } {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)
  if (!m) return { neg: false, digits: '', exp: 0 }
  const int = m[2] ?? ''
  const frac = m[3] ?? ''
  let all = int + frac
  let exp = int.length + Number(m[4] ?? 0)
  const lead = all.length - all.replace(/^0+/, '').length
  all = all.slice(lead)
  exp -= lead
  all = all.replace(/0+$/, '')
  return { neg: m[1] === '-' && all !== '', digits: all, exp: all === '' ? 0 : exp }
}

/** Exact order of two decimal texts. */
function compareDecimalTexts(a: string, b: string): number {
  const x = decimalParts(a)
  const y = decimalParts(b)
  const sx = x.digits === '' ? 0 : x.neg ? -1 : 1
  const sy = y.digits === '' ? 0 : y.neg ? -1 : 1
  if (sx !== sy) return sx < sy ? -1 : 1
  if (sx === 0) return 0
  let c = x.exp !== y.exp ? (x.exp < y.exp ? -1 : 1) : 0
  if (c === 0) {
    const n = Math.max(x.digits.length, y.digits.length)
    const dx = x.digits.padEnd(n, '0')
    const dy = y.digits.padEnd(n, '0')
    c = dx === dy ? 0 : dx < dy ? -1 : 1
  }
  return sx < 0 ? -c : c
}

/** A number's exact decimal text (a double's shortest form, which is what its Rego text was). */
function exactText(n: number | bigint | DecimalNumber): string {
  return n instanceof DecimalNumber ? n.text : typeof n === 'bigint' ? n.toString() : String(n)
}

/**
 * The key of `v` in a RegoObject's or RegoSet's map: keyOf, but a string
 * (the common key) as itself after its tag, without JSON.stringify. Only
 * keyOf's strings start with `s`, so this stays one key per value.
 */
const slotOf = (v: Value): string => (typeof v === 'string' ? `s${v}` : keyOf(v))

/** An object whose keys may be any value. Equal keys are one key. */
export class RegoObject {
  private readonly map = new Map<string, [Value, Value]>()

  constructor(entries: Iterable<readonly [Value, Value]> = []) {
    for (const [k, v] of entries) this.set(k, v)
  }

  /** An object from a plain JS record (string keys). */
  static fromRecord(record: Record<string, Value>): RegoObject {
    return new RegoObject(Object.entries(record))
  }

  /** The value at `key` (an equal key of any representation), or undefined. */
  get(key: Value): Value | undefined {
    return this.map.get(slotOf(key))?.[1]
  }
  /** Whether the object has `key`. */
  has(key: Value): boolean {
    return this.map.has(slotOf(key))
  }
  /** Sets `key` to `value`, replacing the value of an equal key. */
  set(key: Value, value: Value): this {
    this.map.set(slotOf(key), [key, value])
    return this
  }
  /** Removes `key`; false when it was absent. */
  delete(key: Value): boolean {
    return this.map.delete(slotOf(key))
  }
  /** The number of keys. */
  get size(): number {
    return this.map.size
  }
  /** Entries in Rego's order of keys. */
  entries(): [Value, Value][] {
    return [...this.map.values()].sort((a, b) => compare(a[0], b[0]))
  }
  /** Keys in Rego's order. */
  keys(): Value[] {
    return this.entries().map(([k]) => k)
  }
  /** Values in the order of their keys. */
  values(): Value[] {
    return this.entries().map(([, v]) => v)
  }
}

/** A set of values. */
export class RegoSet {
  private readonly map = new Map<string, Value>()

  constructor(items: Iterable<Value> = []) {
    for (const v of items) this.add(v)
  }
  /** Adds `value` (once: equal values are one element). */
  add(value: Value): this {
    this.map.set(slotOf(value), value)
    return this
  }
  /** Whether the set has `value`. */
  has(value: Value): boolean {
    return this.map.has(slotOf(value))
  }
  /** Removes `value`; false when it was absent. */
  delete(value: Value): boolean {
    return this.map.delete(slotOf(value))
  }
  /** The number of elements. */
  get size(): number {
    return this.map.size
  }
  /** Elements in Rego's order. */
  values(): Value[] {
    return [...this.map.values()].sort(compare)
  }
}

/** Rego's type names, as `type_name` returns them. */
export type TypeName = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' | 'set'

/** The Rego type name of a value, as `type_name` returns it. */
export function typeName(v: Value): TypeName {
  if (v === null) return 'null'
  switch (typeof v) {
    case 'boolean':
      return 'boolean'
    case 'number':
    case 'bigint':
      return 'number'
    case 'string':
      return 'string'
  }
  if (Array.isArray(v)) return 'array'
  if (v instanceof DecimalNumber) return 'number'
  return v instanceof RegoObject ? 'object' : 'set'
}

const rankOf: Record<TypeName, number> = { null: 0, boolean: 1, number: 2, string: 3, array: 4, object: 5, set: 6 }

/** Rego's total order. */
export function compare(a: Value, b: Value): number {
  const ta = typeName(a)
  const tb = typeName(b)
  if (ta !== tb) return rankOf[ta] - rankOf[tb]
  switch (ta) {
    case 'null':
      return 0
    case 'boolean':
      return Number(a) - Number(b)
    case 'number':
      if (a instanceof DecimalNumber || b instanceof DecimalNumber)
        return compareDecimalTexts(exactText(a as DecimalNumber), exactText(b as DecimalNumber))
      return compareNumbers(a as number | bigint, b as number | bigint)
    case 'string':
      return a === b ? 0 : (a as string) < (b as string) ? -1 : 1
    case 'array':
      return compareLists(a as Value[], b as Value[])
    case 'object': {
      const ea = (a as RegoObject).entries()
      const eb = (b as RegoObject).entries()
      for (let i = 0; i < Math.min(ea.length, eb.length); i++) {
        const c = compare(ea[i]![0], eb[i]![0]) || compare(ea[i]![1], eb[i]![1])
        if (c !== 0) return c
      }
      return ea.length - eb.length
    }
    case 'set':
      return compareLists((a as RegoSet).values(), (b as RegoSet).values())
  }
}

/** Rego equality: `compare(a, b) === 0` (numbers by value, arrays, objects and sets by content). */
export const equal = (a: Value, b: Value): boolean => compare(a, b) === 0

function compareLists(a: Value[], b: Value[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compare(a[i]!, b[i]!)
    if (c !== 0) return c
  }
  return a.length - b.length
}

function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0
  // Mixed: compare exactly when the float is an integer, else by float value.
  const f = (typeof a === 'number' ? a : b) as number
  if (Number.isInteger(f)) {
    const x = typeof a === 'bigint' ? a : BigInt(a)
    const y = typeof b === 'bigint' ? b : BigInt(b)
    return x < y ? -1 : x > y ? 1 : 0
  }
  return Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0
}

/** Folds a bigint that fits in a double's exact range back to a number, so one value has one form. */
export function normalizeInteger(n: bigint | number): number | bigint {
  if (typeof n === 'number') return n
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n
}

/** A string that is equal for equal values: the key of objects and sets. */
export function keyOf(v: Value): string {
  switch (typeName(v)) {
    case 'null':
      return 'n'
    case 'boolean':
      return v ? 't' : 'f'
    case 'number': {
      if (v instanceof DecimalNumber) return decimalKey(v)
      const n = v as number | bigint
      if (typeof n === 'number' && !Number.isInteger(n)) return `#${n}`
      return `#${typeof n === 'bigint' ? n.toString() : BigInt(n).toString()}`
    }
    case 'string':
      return `s${JSON.stringify(v)}`
    case 'array':
      return `[${(v as Value[]).map(keyOf).join(',')}]`
    case 'object':
      return `{${(v as RegoObject)
        .entries()
        .map(([k, x]) => `${keyOf(k)}:${keyOf(x)}`)
        .join(',')}}`
    case 'set':
      return `<${(v as RegoSet).values().map(keyOf).join(',')}>`
  }
}

/**
 * The key of a DecimalNumber: an integral one keys like the equal bigint
 * (when its digits are few enough to write out), any other one by its
 * canonical digits and exponent (it never equals a double: it would have
 * been read as one).
 */
function decimalKey(v: DecimalNumber): string {
  const { neg, digits, exp } = decimalParts(v.text)
  if (digits === '') return '#0'
  if (exp >= digits.length && exp <= 4096) return `#${neg ? '-' : ''}${digits}${'0'.repeat(exp - digits.length)}`
  return `#${neg ? '-' : ''}0.${digits}e${exp}`
}
