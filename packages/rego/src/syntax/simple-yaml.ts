/**
 * A fast reader for the plain YAML most `# METADATA` blocks are written in
 * (issue 18: the `yaml` package took 40% of parsing trivy-checks): block
 * maps with simple keys, block sequences (items may be compact maps), plain,
 * quoted and literal (`|`, `|-`) scalars. It returns undefined for anything
 * else, and the caller then reads the block with the `yaml` package, so
 * whatever it does return must be exactly what that package's `toJS()`
 * returns (YAML 1.2 core schema): when in doubt it declines. Declined among
 * others: tabs, comments, flow collections, anchors, tags, folded scalars,
 * multi-line plain scalars, escapes in quotes other than `\"` and `\\`, numbers other than plain
 * decimals, duplicate keys.
 */

interface Line {
  indent: number
  /** The line without its indentation; '' for an empty line. */
  text: string
}

class Decline extends Error {}
const decline = (): never => {
  throw new Decline()
}

/** The block's value when it is a map this reader understands, else undefined. */
export function readSimpleYaml(text: string): Record<string, unknown> | undefined {
  // Tabs, carriage returns and control characters: the `yaml` package's rules for them are its own.
  if (/[\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff]/.test(text)) return undefined
  const lines: Line[] = []
  for (const raw of text.split('\n')) {
    const body = raw.trimStart()
    if (body === '' && raw !== '') return undefined // whitespace-only lines matter in literal scalars
    lines.push({ indent: raw.length - body.length, text: body.trimEnd() })
  }
  const r = new Reader(lines)
  try {
    r.skipEmpty()
    if (r.done()) return text.trim() === '' ? {} : undefined
    if (r.line().indent !== 0 || isSeqItem(r.line().text)) return undefined
    const value = r.map(0)
    r.skipEmpty()
    return r.done() ? value : undefined
  } catch (e) {
    if (e instanceof Decline) return undefined
    throw e
  }
}

/** Keys this reader takes: names (YAML limits implicit keys to 1,024 characters). */
const KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/

function isSeqItem(text: string): boolean {
  return text === '-' || text.startsWith('- ')
}

/** `key: rest` or `key:`; undefined when the text is not a simple key and a value. */
function splitKey(text: string): [key: string, rest: string] | undefined {
  const colon = text.indexOf(':')
  if (colon < 0 || (colon + 1 < text.length && text[colon + 1] !== ' ')) return undefined
  const key = text.slice(0, colon)
  return KEY.test(key) ? [key, text.slice(colon + 1).trim()] : undefined
}

class Reader {
  private i = 0
  constructor(private readonly lines: Line[]) {}

  done(): boolean {
    return this.i >= this.lines.length
  }
  line(): Line {
    return this.lines[this.i]!
  }
  skipEmpty(): void {
    while (!this.done() && this.line().text === '') this.i++
  }

  /** A block map whose keys sit at `indent`; the current line is its first key. */
  map(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (;;) {
      this.skipEmpty()
      if (this.done() || this.line().indent < indent) return out
      const { indent: at, text } = this.line()
      if (at > indent || isSeqItem(text)) decline()
      const kv = splitKey(text) ?? decline()
      if (Object.hasOwn(out, kv[0])) decline()
      this.i++
      out[kv[0]] = this.value(kv[1], indent, true)
    }
  }

  /** A block sequence whose dashes sit at `indent`; the current line is its first item. */
  seq(indent: number): unknown[] {
    const out: unknown[] = []
    for (;;) {
      this.skipEmpty()
      if (this.done() || this.line().indent < indent) return out
      const line = this.line()
      if (line.indent > indent) decline()
      // A key at the dashes' column: this was a map's value, and the map goes on.
      if (!isSeqItem(line.text)) return out
      const item = line.text.slice(1).trimStart()
      const kv = item === '' ? undefined : splitKey(item)
      if (kv) {
        // `- key: v` and more keys below at the key's column: a map; read it as
        // if the dash were a space.
        const column = indent + (line.text.length - item.length)
        this.lines[this.i] = { indent: column, text: item }
        out.push(this.map(column))
      } else {
        this.i++
        out.push(this.value(item, indent, false))
      }
    }
  }

  /**
   * The value after `key:` or `-` on a line at `indent`: nested lines below
   * when `rest` is empty, a literal block, or a scalar. A map's value may be a
   * sequence at the map's own indentation (`inMap`).
   */
  private value(rest: string, indent: number, inMap: boolean): unknown {
    if (rest === '|' || rest === '|-') return this.literal(indent, rest === '|-')
    if (rest !== '') {
      this.skipEmpty()
      if (!this.done() && this.line().indent > indent) decline() // a multi-line plain scalar
      return scalar(rest)
    }
    this.skipEmpty()
    if (this.done()) return null
    const next = this.line()
    if (next.indent > indent) return isSeqItem(next.text) ? this.seq(next.indent) : this.map(next.indent)
    if (inMap && next.indent === indent && isSeqItem(next.text)) return this.seq(indent)
    return null
  }

  /** `|` (one final newline) or `|-` (none): the lines below, more indented than `indent`. */
  private literal(indent: number, strip: boolean): string {
    const start = this.i
    // No content line (the next line is the map's next key): an empty string, with `|` or `|-`.
    if (this.done() || (this.line().text !== '' && this.line().indent <= indent)) return ''
    if (this.line().text === '') decline()
    const column = this.line().indent
    const content: string[] = []
    while (!this.done() && (this.line().text === '' || this.line().indent > indent)) {
      const { indent: at, text } = this.line()
      if (text !== '' && at < column) decline()
      content.push(text === '' ? '' : ' '.repeat(at - column) + text)
      this.i++
    }
    while (content.length > 0 && content[content.length - 1] === '') {
      content.pop()
      this.i-- // trailing empty lines belong to what follows
    }
    if (content.length === 0 || this.i <= start) decline()
    return content.join('\n') + (strip ? '' : '\n')
  }
}

/** A one-line scalar, as the core schema reads it. */
function scalar(s: string): unknown {
  const q = s[0]
  if (q === '"') return doubleQuoted(s)
  if (q === "'") {
    if (s.length < 2 || s[s.length - 1] !== q) decline()
    const inner = s.slice(1, -1)
    if (inner.includes(q)) decline()
    return inner
  }
  if (/^(?:~|null|Null|NULL)$/.test(s)) return null
  if (/^(?:true|True|TRUE)$/.test(s)) return true
  if (/^(?:false|False|FALSE)$/.test(s)) return false
  if (/^[0-9]{1,15}$/.test(s)) return Number(s)
  // A dotted version (`0.72.0`): two dots make it no number of the core schema, so a string.
  if (/^[0-9]+(?:\.[0-9]+){2,}$/.test(s)) return s
  // What could be a number, a special float, an indicator or a key.
  if (/^[-+.0-9?:,|>#&*!%@`{}[\]]/.test(s) || s.includes(': ') || s.endsWith(':') || s.includes(' #')) decline()
  return s
}

/** A one-line `"…"` scalar whose only escapes are `\"` and `\\` (trivy-checks writes titles so). */
function doubleQuoted(s: string): string {
  let out = ''
  let run = 1
  for (let i = 1; i < s.length; i++) {
    const c = s[i]
    if (c === '"') {
      if (i !== s.length - 1) decline()
      return out + s.slice(run, i)
    }
    if (c === '\\') {
      const e = s[i + 1]
      if (e !== '"' && e !== '\\') decline()
      out += s.slice(run, i) + e
      run = ++i + 1
    }
  }
  return decline()
}
