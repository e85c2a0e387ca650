/**
 * The value model of the test interpreter: plain JS values with Rego's
 * equality and total order (null < boolean < number < string < array <
 * object < set). Objects and sets are keyed by a canonical string of the
 * value, so keys of any type work and equal values share a key.
 * For tests only: numbers are JS numbers, or bigints past 2^53.
 */
export type Value = null | boolean | number | bigint | string | Value[] | RObject | RSet

export class RObject {
  readonly m = new Map<string, [Value, Value]>()
  get(k: Value): Value | undefined {
    return this.m.get(keyOf(k))?.[1]
  }
  set(k: Value, v: Value): void {
    this.m.set(keyOf(k), [k, v])
  }
  get size(): number {
    return this.m.size
  }
  entries(): [Value, Value][] {
    return [...this.m.values()]
  }
}

export class RSet {
  readonly m = new Map<string, Value>()
  constructor(items: Value[] = []) {
    for (const i of items) this.add(i)
  }
  add(v: Value): void {
    this.m.set(keyOf(v), v)
  }
  has(v: Value): boolean {
    return this.m.has(keyOf(v))
  }
  get size(): number {
    return this.m.size
  }
  values(): Value[] {
    return [...this.m.values()]
  }
}

function rank(v: Value): number {
  if (v === null) return 0
  switch (typeof v) {
    case 'boolean':
      return 1
    case 'number':
    case 'bigint':
      return 2
    case 'string':
      return 3
  }
  if (Array.isArray(v)) return 4
  return v instanceof RObject ? 5 : 6
}

export function normNum(n: number | bigint): number | bigint {
  if (typeof n === 'bigint' && n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER))
    return Number(n)
  return n
}

export function compare(a: Value, b: Value): number {
  const ra = rank(a)
  const rb = rank(b)
  if (ra !== rb) return ra - rb
  switch (ra) {
    case 0:
      return 0
    case 1:
      return Number(a) - Number(b)
    case 2: {
      const x = a as number | bigint
      const y = b as number | bigint
      if (typeof x === 'bigint' && typeof y === 'bigint') return x < y ? -1 : x > y ? 1 : 0
      return Number(x) < Number(y) ? -1 : Number(x) > Number(y) ? 1 : 0
    }
    case 3:
      return a! < b! ? -1 : a! > b! ? 1 : 0
    case 4:
      return compareLists(a as Value[], b as Value[])
    case 5: {
      const ea = sortedEntries(a as RObject)
      const eb = sortedEntries(b as RObject)
      for (let i = 0; i < Math.min(ea.length, eb.length); i++) {
        const c = compare(ea[i]![0], eb[i]![0]) || compare(ea[i]![1], eb[i]![1])
        if (c) return c
      }
      return ea.length - eb.length
    }
    default:
      return compareLists(sortedValues(a as RSet), sortedValues(b as RSet))
  }
}

function compareLists(a: Value[], b: Value[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compare(a[i]!, b[i]!)
    if (c) return c
  }
  return a.length - b.length
}

function sortedEntries(o: RObject): [Value, Value][] {
  return o.entries().sort((x, y) => compare(x[0], y[0]))
}

function sortedValues(s: RSet): Value[] {
  return s.values().sort(compare)
}

export function equal(a: Value, b: Value): boolean {
  return keyOf(a) === keyOf(b)
}

/** A canonical string per value: equal values (`1` and `1.0`, any key order) give the same key. */
export function keyOf(v: Value): string {
  if (v === null) return 'null'
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false'
    case 'number':
      return `n${v}`
    case 'bigint':
      return `n${normNum(v)}`
    case 'string':
      return JSON.stringify(v)
  }
  if (Array.isArray(v)) return `[${v.map(keyOf).join(',')}]`
  if (v instanceof RObject)
    return `{${sortedEntries(v)
      .map(([k, x]) => `${keyOf(k)}:${keyOf(x)}`)
      .join(',')}}`
  return `<${sortedValues(v).map(keyOf).join(',')}>`
}

/** JSON (as parsed with big integers kept) → value. */
export function fromJSON(x: unknown): Value {
  if (x === null || x === undefined) return null
  if (typeof x === 'boolean' || typeof x === 'string') return x
  if (typeof x === 'number') return x
  if (typeof x === 'bigint') return normNum(x)
  if (Array.isArray(x)) return x.map(fromJSON)
  if (x instanceof Map) {
    const o = new RObject()
    for (const [k, v] of x) o.set(fromJSON(k), fromJSON(v))
    return o
  }
  const o = new RObject()
  for (const [k, v] of Object.entries(x as object)) o.set(k, fromJSON(v))
  return o
}

/** Value → the value OPA's JSON output would give back: sets as sorted arrays, keys as strings. */
export function toJSONValue(v: Value): Value {
  if (Array.isArray(v)) return v.map(toJSONValue)
  if (v instanceof RSet) return sortedValues(v).map(toJSONValue)
  if (v instanceof RObject) {
    const o = new RObject()
    for (const [k, x] of v.entries()) o.set(typeof k === 'string' ? k : jsonText(toJSONValue(k)), toJSONValue(x))
    return o
  }
  return v
}

/** Rego's text form of a value (`sprintf("%v")`, non-string object keys). */
export function show(v: Value): string {
  if (v === null) return 'null'
  if (typeof v === 'string') return JSON.stringify(v)
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`
  if (v instanceof RObject)
    return `{${sortedEntries(v)
      .map(([k, x]) => `${show(k)}: ${show(x)}`)
      .join(', ')}}`
  return v.size === 0 ? 'set()' : `{${sortedValues(v).map(show).join(', ')}}`
}

/** Parses a number literal's text. */
export function parseNumber(text: string): number | bigint {
  if (/^-?\d+$/.test(text)) return normNum(BigInt(text))
  return Number(text)
}

export function copyShallow(v: Value): Value {
  if (Array.isArray(v)) return [...v]
  if (v instanceof RObject) {
    const o = new RObject()
    for (const [k, x] of v.entries()) o.set(k, x)
    return o
  }
  if (v instanceof RSet) return new RSet(v.values())
  return v
}

/** Compact JSON text of a JSON-shaped value (object keys sorted). */
function jsonText(v: Value): string {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint') return String(v)
  if (typeof v === 'string') return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(jsonText).join(',')}]`
  if (v instanceof RObject)
    return `{${sortedEntries(v)
      .map(([k, x]) => `${JSON.stringify(String(k))}:${jsonText(x)}`)
      .join(',')}}`
  return `[${sortedValues(v).map(jsonText).join(',')}]`
}
