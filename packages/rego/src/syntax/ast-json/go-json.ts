/**
 * JSON text as Go's `encoding/json` writes it, which is what `opa parse
 * --format json` prints (`json.MarshalIndent(module, "", "  ")`): keys in the
 * order given, numbers as their literal text, `<`, `>`, `&`, U+2028 and
 * U+2029 escaped as `\u003c`…, `[]` and `{}` for empty collections.
 */

/** A number kept as the literal text of the source (OPA's `ast.Number` is a `json.Number`). */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type GoJson = null | boolean | string | JsonNumber | GoJson[] | { [key: string]: GoJson }

/** `indent` '' gives compact text (json.Marshal); '  ' gives MarshalIndent's. */
export function goJson(value: GoJson, indent = ''): string {
  const out: string[] = []
  write(value, indent, '', out)
  return out.join('')
}

function write(v: GoJson, indent: string, prefix: string, out: string[]): void {
  if (v === null) out.push('null')
  else if (typeof v === 'boolean') out.push(v ? 'true' : 'false')
  else if (typeof v === 'string') out.push(goString(v))
  else if (v instanceof JsonNumber) out.push(v.text)
  else if (Array.isArray(v)) {
    if (v.length === 0) return void out.push('[]')
    const inner = prefix + indent
    out.push('[')
    v.forEach((x, i) => {
      if (i > 0) out.push(',')
      if (indent) out.push('\n', inner)
      write(x, indent, inner, out)
    })
    if (indent) out.push('\n', prefix)
    out.push(']')
  } else {
    const entries = Object.entries(v)
    if (entries.length === 0) return void out.push('{}')
    const inner = prefix + indent
    out.push('{')
    entries.forEach(([k, x], i) => {
      if (i > 0) out.push(',')
      if (indent) out.push('\n', inner)
      out.push(goString(k), indent ? ': ' : ':')
      write(x, indent, inner, out)
    })
    if (indent) out.push('\n', prefix)
    out.push('}')
  }
}

const SHORT: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
}

/** A string as Go quotes it, with HTML-safe escapes. */
export function goString(s: string): string {
  return `"${s.replace(/["\\\u0000-\u001f<>&\u2028\u2029]/g, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`
}

/** Standard base64 of the UTF-8 bytes: how Go writes a `[]byte`. */
export function base64Bytes(s: string): string {
  const bytes = new TextEncoder().encode(s)
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}
