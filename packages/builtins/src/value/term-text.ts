import {
  DecimalNumber,
  MIN_NORMAL,
  normalizeInteger,
  numberFromText,
  RegoObject,
  RegoSet,
  type Value,
} from './value.js'

/**
 * Reads Rego value text: JSON plus set literals (`{1, 2}`, `set()`), object
 * keys of any type and trailing commas — what the runtime's `opa_value_dump`
 * writes. Throws SyntaxError with the offset on anything else.
 */
export function parseTermText(text: string): Value {
  const p = new TermReader(text)
  const v = p.value(0)
  p.space()
  if (p.pos !== text.length) p.fail('unexpected text after the value')
  return v
}

const MAX_DEPTH = 1000

class TermReader {
  pos = 0
  constructor(private readonly s: string) {}

  fail(what: string): never {
    throw new SyntaxError(`${what} at offset ${this.pos}`)
  }
  space(): void {
    while (this.pos < this.s.length && ' \t\n\r'.includes(this.s[this.pos]!)) this.pos++
  }
  eat(c: string): boolean {
    this.space()
    if (this.s[this.pos] === c) {
      this.pos++
      return true
    }
    return false
  }

  value(depth: number): Value {
    if (depth > MAX_DEPTH) this.fail('value nested too deeply')
    this.space()
    const c = this.s[this.pos]
    if (c === '"') return this.string()
    if (c === '[') return this.list(']', depth) as Value[]
    if (c === '{') return this.braces(depth)
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number()
    for (const [word, v] of [
      ['null', null],
      ['true', true],
      ['false', false],
    ] as const) {
      if (this.s.startsWith(word, this.pos)) {
        this.pos += word.length
        return v
      }
    }
    if (this.s.startsWith('set()', this.pos)) {
      this.pos += 5
      return new RegoSet()
    }
    return this.fail(c === undefined ? 'unexpected end of text' : `unexpected ${JSON.stringify(c)}`)
  }

  string(): string {
    const start = this.pos
    this.pos++
    while (this.pos < this.s.length && this.s[this.pos] !== '"') this.pos += this.s[this.pos] === '\\' ? 2 : 1
    if (this.pos >= this.s.length) this.fail('unterminated string')
    this.pos++
    return JSON.parse(this.s.slice(start, this.pos)) as string
  }

  number(): number | bigint | DecimalNumber {
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.pos))
    if (!m) this.fail('bad number')
    this.pos += m[0].length
    if (m[1] === undefined && m[2] === undefined) return normalizeInteger(BigInt(m[0]))
    const n = Number(m[0])
    // Common path: short finite non-zero texts are exact doubles. Else keep
    // the exact decimal text when a double would not hold it (e.g. 2e308).
    return m[0].length <= 15 && Number.isFinite(n) && Math.abs(n) >= MIN_NORMAL ? n : numberFromText(m[0])
  }

  list(close: string, depth: number): Value[] {
    this.pos++
    const items: Value[] = []
    while (!this.eat(close)) {
      items.push(this.value(depth + 1))
      if (!this.eat(',')) {
        if (!this.eat(close)) this.fail(`expected , or ${close}`)
        break
      }
    }
    return items
  }

  // `{` starts an object when the first element is followed by `:`, else a set.
  braces(depth: number): Value {
    this.pos++
    if (this.eat('}')) return new RegoObject()
    const first = this.value(depth + 1)
    if (!this.eat(':')) {
      const set = new RegoSet([first])
      while (this.eat(',')) {
        if (this.eat('}')) return set
        set.add(this.value(depth + 1))
      }
      if (!this.eat('}')) this.fail('expected , or }')
      return set
    }
    const obj = new RegoObject([[first, this.value(depth + 1)]])
    while (this.eat(',')) {
      if (this.eat('}')) return obj
      const k = this.value(depth + 1)
      if (!this.eat(':')) this.fail('expected :')
      obj.set(k, this.value(depth + 1))
    }
    if (!this.eat('}')) this.fail('expected , or }')
    return obj
  }
}

/** Writes a value as Rego term text, which the runtime's `opa_value_parse` reads back exactly. */
export function toTermText(v: Value): string {
  if (v === null || typeof v === 'boolean') return String(v)
  if (typeof v === 'bigint') return v.toString()
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`${v} is not a Rego number`)
    return String(v)
  }
  if (typeof v === 'string') return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(toTermText).join(',')}]`
  if (v instanceof DecimalNumber) return v.text
  if (v instanceof RegoObject)
    return `{${v
      .entries()
      .map(([k, x]) => `${toTermText(k)}:${toTermText(x)}`)
      .join(',')}}`
  const items = v.values()
  return items.length === 0 ? 'set()' : `{${items.map(toTermText).join(',')}}`
}

/** A value as plain JSON data, the way OPA converts results: sets become arrays, keys become strings. */
export function toJson(v: Value): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'bigint' ? Number(v) : v
  if (Array.isArray(v)) return v.map(toJson)
  if (v instanceof DecimalNumber) return Number(v.text)
  if (v instanceof RegoSet) return v.values().map(toJson)
  const out: Record<string, unknown> = {}
  for (const [k, x] of v.entries()) out[typeof k === 'string' ? k : JSON.stringify(toJson(k))] = toJson(x)
  return out
}

/** Plain JSON data (from JSON.parse) as a value: objects become RegoObjects. */
export function fromJson(data: unknown): Value {
  if (data === null || data === undefined) return null
  if (typeof data === 'number' || typeof data === 'string' || typeof data === 'boolean' || typeof data === 'bigint') {
    return typeof data === 'bigint' ? normalizeInteger(data) : data
  }
  if (Array.isArray(data)) return data.map(fromJson)
  if (data instanceof RegoObject || data instanceof RegoSet || data instanceof DecimalNumber) return data
  return new RegoObject(Object.entries(data as object).map(([k, x]) => [k, fromJson(x)]))
}
