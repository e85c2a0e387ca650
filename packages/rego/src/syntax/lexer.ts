/**
 * The lexer: source text → a flat array of tokens, plus the comments it
 * skipped. It runs once over the whole input, so it is linear in its size,
 * and it never throws: bad characters and unterminated strings become
 * diagnostics and lexing goes on.
 *
 * Template strings (`$"…{expr}…"`) are lexed into one token whose parts hold
 * the literal text and, for each `{…}`, the tokens of the embedded
 * expression. The parser parses those token lists with a sub-parser, so
 * locations inside templates are exact.
 */
import type { Diagnostic } from '../diagnostics.js'
import type { Location } from '../location.js'
import { readEscape } from './escapes.js'
import { MAX_NESTING_DEPTH, PUNCTUATION, type TemplatePart, type Token } from './tokens.js'

/** A comment found by the lexer: the text after `#`, and where the `#` is. */
export interface LexedComment {
  text: string
  loc: Location
}

export interface LexResult {
  tokens: Token[]
  comments: LexedComment[]
  diagnostics: Diagnostic[]
}

interface LexState {
  src: string
  file: string
  pos: number
  row: number
  lineStart: number
  comments: LexedComment[]
  diagnostics: Diagnostic[]
  templateDepth: number
  /** Set by skipSpace for the next token. */
  nl: boolean
  ws: boolean
}

/** Lexes a whole source text. The last token is always `eof`. */
export function lex(src: string, file = ''): LexResult {
  const st: LexState = {
    src,
    file,
    pos: 0,
    row: 1,
    lineStart: 0,
    comments: [],
    diagnostics: [],
    templateDepth: 0,
    nl: false,
    ws: false,
  }
  const tokens = scanTokens(st, false)
  return { tokens, comments: st.comments, diagnostics: st.diagnostics }
}

function locAt(st: LexState, offset: number, row: number, lineStart: number, end = offset): Location {
  return { file: st.file, row, col: offset - lineStart + 1, offset, end }
}

function report(st: LexState, message: string, loc: Location): void {
  st.diagnostics.push({ code: 'rego_parse_error', message, location: loc })
}

function newline(st: LexState): void {
  st.row++
  st.lineStart = st.pos
}

// Character classes by UTF-16 code (NaN past the end is in none of them): the
// lexer reads every character of every file, and codes cost no string reads.
const isDigitCode = (c: number) => c >= 48 && c <= 57
const isIdentStartCode = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95
const isIdentPartCode = (c: number) => isIdentStartCode(c) || isDigitCode(c)

/**
 * Scans tokens until the end of input or, inside a template expression
 * (`inTemplate`), until the `}` that closes it. The returned list ends with
 * an `eof` token placed at the end (or at that closing brace).
 */
function scanTokens(st: LexState, inTemplate: boolean): Token[] {
  const tokens: Token[] = []
  const src = st.src
  let braces = 0
  for (;;) {
    skipSpace(st)
    // Read now: lexing a template's expressions below runs skipSpace again.
    const nl = st.nl
    const ws = st.ws
    const c = src[st.pos]
    const start = st.pos
    const row = st.row
    const col = start - st.lineStart + 1
    let kind: Token['kind']
    let value: string | undefined
    let parts: TemplatePart[] | undefined
    let raw: boolean | undefined
    if (c === undefined || (inTemplate && c === '}' && braces === 0)) {
      if (c === undefined && inTemplate)
        report(st, 'unterminated template string expression: missing "}"', locAt(st, start, row, st.lineStart))
      tokens.push(makeToken('eof', '', start, start, row, col, nl, ws))
      if (c !== undefined) st.pos++
      return tokens
    }
    const code = src.charCodeAt(start)
    if (isIdentStartCode(code)) {
      let i = start + 1
      while (isIdentPartCode(src.charCodeAt(i))) i++
      st.pos = i
      kind = 'ident'
    } else if (isDigitCode(code)) {
      readNumber(st)
      kind = 'number'
    } else if (c === '"') {
      kind = 'string'
      value = readString(st)
    } else if (c === '`') {
      kind = 'rawstring'
      value = readRawString(st)
    } else if (c === '$' && (src[st.pos + 1] === '"' || src[st.pos + 1] === '`')) {
      raw = src[st.pos + 1] === '`'
      kind = 'template'
      parts = readTemplate(st, raw)
    } else {
      const p = readPunctuation(src, start)
      if (p === undefined) {
        report(st, `unexpected character ${JSON.stringify(c)}`, locAt(st, start, row, st.lineStart, start + 1))
        st.pos++
        continue
      }
      if (p === '{') braces++
      if (p === '}') braces--
      st.pos += p.length
      // The table's own string: no copy of the source, and the parser's
      // comparisons with punctuation literals hit the same string.
      tokens.push(makeToken('punct', p, start, st.pos, row, col, nl, ws))
      continue
    }
    tokens.push(makeToken(kind, src.slice(start, st.pos), start, st.pos, row, col, nl, ws, value, parts, raw))
  }
}

/**
 * Builds a token; one constructor, every field always set (`value`, `parts`,
 * `raw` undefined where they do not apply), so that every token has the same
 * object shape and the parser's reads of them stay monomorphic.
 */
function makeToken(
  kind: Token['kind'],
  text: string,
  offset: number,
  end: number,
  row: number,
  col: number,
  nl: boolean,
  ws: boolean,
  value?: string,
  parts?: TemplatePart[],
  raw?: boolean,
): Token {
  return { kind, text, value, parts, raw, offset, end, row, col, nl, ws }
}

const TWO_CHAR = new Map(PUNCTUATION.filter((p) => p.length === 2).map((p) => [p, p]))
/** One-character punctuation by character code. */
const ONE_CHAR: (string | undefined)[] = new Array<string | undefined>(128).fill(undefined)
for (const p of PUNCTUATION) if (p.length === 1) ONE_CHAR[p.charCodeAt(0)] = p

/** The punctuation at `at`, longest first, as the table's own string; undefined when there is none. */
function readPunctuation(src: string, at: number): string | undefined {
  // Every two-character operator ends in `=`.
  if (src.charCodeAt(at + 1) === 61) {
    const two = TWO_CHAR.get(src.slice(at, at + 2))
    if (two !== undefined) return two
  }
  return ONE_CHAR[src.charCodeAt(at)]
}

/** Skips blanks, line breaks and comments, recording comments, and sets `st.nl` / `st.ws`. */
function skipSpace(st: LexState): void {
  const src = st.src
  st.nl = false
  st.ws = false
  for (;;) {
    const c = src.charCodeAt(st.pos)
    if (c === 32 || c === 9 || c === 13) {
      st.pos++
    } else if (c === 10) {
      st.pos++
      newline(st)
      st.nl = true
    } else if (c === 35) {
      const start = st.pos
      let end = src.indexOf('\n', start)
      if (end < 0) end = src.length
      st.pos = end
      // A CRLF line's comment ends before its carriage return.
      const text = src.slice(start + 1, src.charCodeAt(end - 1) === 13 && end - 1 > start ? end - 1 : end)
      st.comments.push({ text, loc: locAt(st, start, st.row, st.lineStart, st.pos) })
    } else {
      return
    }
    st.ws = true
  }
}

/** Reads an integer, decimal or exponent number: `12`, `0.5`, `1e400`, `2.5E-3`. */
function readNumber(st: LexState): void {
  const src = st.src
  while (isDigitCode(src.charCodeAt(st.pos))) st.pos++
  if (src[st.pos] === '.' && isDigitCode(src.charCodeAt(st.pos + 1))) {
    st.pos++
    while (isDigitCode(src.charCodeAt(st.pos))) st.pos++
  }
  if (src[st.pos] === 'e' || src[st.pos] === 'E') {
    const sign = src[st.pos + 1] === '+' || src[st.pos + 1] === '-' ? 1 : 0
    if (isDigitCode(src.charCodeAt(st.pos + 1 + sign))) {
      st.pos += 1 + sign
      while (isDigitCode(src.charCodeAt(st.pos))) st.pos++
    }
  }
}

/** Reads a `"…"` string and returns its decoded value. Reports an unterminated string at its opening quote. */
function readString(st: LexState): string {
  const src = st.src
  const open = st.pos
  st.pos++
  // The decoded value so far; runs of plain characters are added as one slice.
  let out = ''
  let run = st.pos
  for (;;) {
    const c = src.charCodeAt(st.pos)
    if (c !== c || c === 10) {
      // A string does not span lines: the row and line start are still the opening quote's.
      report(st, 'unterminated string', locAt(st, open, st.row, st.lineStart, open + 1))
      return out + src.slice(run, st.pos)
    }
    if (c === 34) {
      out += src.slice(run, st.pos)
      st.pos++
      return out
    }
    if (c === 92) {
      out += src.slice(run, st.pos)
      const esc = readEscape(src, st.pos, false)
      if (!esc) {
        const loc = locAt(st, st.pos, st.row, st.lineStart, st.pos + 2)
        report(st, `invalid escape sequence ${JSON.stringify(src.slice(st.pos, st.pos + 2))} in string`, loc)
        st.pos += src[st.pos + 1] === '\n' || src[st.pos + 1] === undefined ? 1 : 2
      } else {
        out += esc.text
        st.pos += esc.length
      }
      run = st.pos
      continue
    }
    st.pos++
  }
}

/** Reads a backtick string: no escapes, may span lines. */
function readRawString(st: LexState): string {
  const src = st.src
  const open = locAt(st, st.pos, st.row, st.lineStart, st.pos + 1)
  const start = ++st.pos
  for (;;) {
    const c = src[st.pos]
    if (c === undefined) {
      report(st, 'unterminated raw string', open)
      return src.slice(start, st.pos)
    }
    st.pos++
    if (c === '`') return src.slice(start, st.pos - 1)
    if (c === '\n') newline(st)
  }
}

/**
 * Reads a template string after its `$`. `\{` is a literal brace in both
 * forms; the double-quoted form also decodes the string escapes, the raw form
 * keeps every other backslash as written and may span lines.
 */
function readTemplate(st: LexState, raw: boolean): TemplatePart[] {
  const src = st.src
  const open = locAt(st, st.pos, st.row, st.lineStart, st.pos + 2)
  const close = raw ? '`' : '"'
  st.pos += 2
  const parts: TemplatePart[] = []
  // Each template level costs the lexer two large stack frames (and the
  // parser several nesting levels), so templates may nest a quarter as deep.
  if (++st.templateDepth > MAX_NESTING_DEPTH / 4) {
    report(st, 'nesting too deep', open)
    st.pos = src.length
    return parts
  }
  let text = ''
  let textStart = { offset: st.pos, row: st.row, col: st.pos - st.lineStart + 1 }
  const flush = () => {
    if (text !== '') parts.push({ kind: 'text', value: text, end: st.pos, ...textStart })
    text = ''
  }
  for (;;) {
    const c = src[st.pos]
    if (c === undefined || (c === '\n' && !raw)) {
      report(st, raw ? 'unterminated raw template string' : 'unterminated template string', open)
      break
    }
    if (c === close) {
      flush()
      st.pos++
      break
    }
    if (c === '\\' && (!raw || src[st.pos + 1] === '{')) {
      const esc = readEscape(src, st.pos, true)
      if (esc) {
        text += esc.text
        st.pos += esc.length
      } else {
        const loc = locAt(st, st.pos, st.row, st.lineStart, st.pos + 2)
        report(st, `invalid escape sequence ${JSON.stringify(src.slice(st.pos, st.pos + 2))} in template string`, loc)
        st.pos++
      }
      continue
    }
    if (c === '{') {
      flush()
      const at = { offset: st.pos, row: st.row, col: st.pos - st.lineStart + 1 }
      st.pos++
      const tokens = scanTokens(st, true)
      parts.push({ kind: 'expr', tokens, end: st.pos, ...at })
      textStart = { offset: st.pos, row: st.row, col: st.pos - st.lineStart + 1 }
      if (tokens[tokens.length - 1]!.offset >= src.length) break
      continue
    }
    text += c
    st.pos++
    if (c === '\n') newline(st)
  }
  st.templateDepth--
  return parts
}
