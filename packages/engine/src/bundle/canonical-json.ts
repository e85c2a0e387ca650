/**
 * The digest text OPA computes for structured bundle files (data.json,
 * .manifest, .signatures.json): objects with keys in byte order, no
 * whitespace, number literals kept as written, strings escaped as Go's
 * encoding/json does without HTML escaping.
 */

type Node = { num: string } | string | boolean | null | Node[] | Map<string, Node>

/** Canonical text of a JSON document; throws on invalid JSON. */
export function canonicalJson(text: string): string {
  const p = new Parser(text)
  p.ws()
  const v = p.value()
  p.ws()
  if (p.at !== text.length) throw new Error(`unexpected text at offset ${p.at}`)
  return write(v)
}

const byCodePoint = (a: string, b: string): number => {
  const x = [...a]
  const y = [...b]
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!
    if (d !== 0) return d
  }
  return x.length - y.length
}

function write(v: Node): string {
  if (v === null || typeof v === 'boolean') return String(v)
  if (typeof v === 'string') return quote(v)
  if (Array.isArray(v)) return `[${v.map(write).join(',')}]`
  if (v instanceof Map) {
    return `{${[...v.keys()]
      .sort(byCodePoint)
      .map((k) => `${quote(k)}:${write(v.get(k)!)}`)
      .join(',')}}`
  }
  return v.num
}

function quote(s: string): string {
  // JSON.stringify escapes as Go does (\b \f \n \r \t, other controls as \u00XX) except U+2028/2029.
  return JSON.stringify(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'))
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

class Parser {
  at = 0
  constructor(private readonly s: string) {}

  ws(): void {
    while (/[ \t\n\r]/.test(this.s[this.at] ?? '')) this.at++
  }

  fail(): never {
    throw new Error(`invalid JSON at offset ${this.at}`)
  }

  value(): Node {
    const c = this.s[this.at]
    if (c === '{') return this.object()
    if (c === '[') return this.array()
    if (c === '"') return this.string()
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.s.startsWith(word, this.at)) {
        this.at += word.length
        return v
      }
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.at, this.at + 400))
    if (!m) this.fail()
    this.at += m[0].length
    return { num: m[0] }
  }

  string(): string {
    const start = this.at
    this.at++
    while (this.at < this.s.length && this.s[this.at] !== '"') this.at += this.s[this.at] === '\\' ? 2 : 1
    if (this.at >= this.s.length) this.fail()
    this.at++
    return JSON.parse(this.s.slice(start, this.at)) as string
  }

  array(): Node[] {
    const out: Node[] = []
    this.at++
    this.ws()
    if (this.s[this.at] === ']') {
      this.at++
      return out
    }
    for (;;) {
      this.ws()
      out.push(this.value())
      this.ws()
      const c = this.s[this.at++]
      if (c === ']') return out
      if (c !== ',') this.fail()
    }
  }

  object(): Map<string, Node> {
    const out = new Map<string, Node>()
    this.at++
    this.ws()
    if (this.s[this.at] === '}') {
      this.at++
      return out
    }
    for (;;) {
      this.ws()
      if (this.s[this.at] !== '"') this.fail()
      const key = this.string()
      this.ws()
      if (this.s[this.at++] !== ':') this.fail()
      this.ws()
      out.set(key, this.value())
      this.ws()
      const c = this.s[this.at++]
      if (c === '}') return out
      if (c !== ',') this.fail()
    }
  }
}
