/**
 * Decoding of escape sequences in string literals and template strings. The
 * escapes are JSON's: `\" \\ \/ \b \f \n \r \t \uXXXX`. Surrogate pairs written
 * as two `\u` escapes combine by themselves because JS strings are UTF-16.
 */

const SIMPLE: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
}

/** The result of reading one escape: the decoded text and how many characters it used. */
export interface Escape {
  text: string
  length: number
}

/**
 * Reads the escape starting at `src[pos]` (which is a backslash). Returns
 * undefined when the escape is not valid; the caller reports it.
 * `allowBrace` accepts `\{`, the template-string escape for a literal brace.
 */
export function readEscape(src: string, pos: number, allowBrace: boolean): Escape | undefined {
  const c = src[pos + 1]
  if (c === undefined) return undefined
  if (c in SIMPLE) return { text: SIMPLE[c]!, length: 2 }
  if (c === '{' && allowBrace) return { text: '{', length: 2 }
  if (c === 'u') {
    const hex = src.slice(pos + 2, pos + 6)
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined
    return { text: String.fromCharCode(parseInt(hex, 16)), length: 6 }
  }
  return undefined
}
