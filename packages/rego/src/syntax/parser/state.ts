/**
 * The parser's state and its small vocabulary of moves (acorn's `eat` /
 * `expect` / `raise`). Every `parseX` function in this folder takes a
 * {@link ParserState} as its first argument.
 *
 * Errors: {@link ParserState.fail} records a diagnostic and throws the
 * {@link ABORT} sentinel. Only the statement loop (module level) and the
 * public entry points catch it, to skip to the next rule; it is never used
 * for stack overflow, which the explicit depth limit prevents.
 */
import type { Diagnostic } from '../../diagnostics.js'
import type { Location } from '../../location.js'
import type { RegoVersion } from '../../ast.js'
import { describeToken, KEYWORDS, MAX_NESTING_DEPTH, type Token } from '../tokens.js'

/** Thrown by {@link ParserState.fail} after the diagnostic is recorded. */
export const ABORT: unique symbol = Symbol('rego-parse-abort')

/** Which experimental keywords (`future.keywords.and|or|not`) are active. */
export interface LogicKeywords {
  and: boolean
  or: boolean
  not: boolean
}

/** The keywords Rego v0 has only after `import future.keywords…` or `import rego.v1`. */
export const V0_FUTURE_KEYWORDS: ReadonlySet<string> = new Set(['in', 'every', 'if', 'contains'])

/** Shared by a parser and the sub-parsers it starts for template expressions. */
interface Shared {
  file: string
  diagnostics: Diagnostic[]
  depth: number
  keywords: LogicKeywords
  /**
   * Future keywords not (yet) imported in a Rego v0 module: there they are
   * plain names. Empty in Rego v1, where all of them are keywords.
   */
  dormant: Set<string>
  /**
   * Rego v1's rule requirements apply (`if` before a body, `contains` for
   * multi-value rules): always in v1, in v0 once the module imports rego.v1.
   */
  v1Rules: boolean
}

export class ParserState {
  pos = 0
  private braceMatch?: Int32Array

  constructor(
    readonly tokens: Token[],
    private readonly shared: Shared,
  ) {}

  static create(
    tokens: Token[],
    file: string,
    diagnostics: Diagnostic[],
    regoVersion: RegoVersion = 'v1',
  ): ParserState {
    const v0 = regoVersion === 'v0'
    return new ParserState(tokens, {
      file,
      diagnostics,
      depth: 0,
      keywords: { and: false, or: false, not: false },
      dormant: new Set(v0 ? V0_FUTURE_KEYWORDS : []),
      v1Rules: !v0,
    })
  }

  /** A parser over another token list (a template expression) sharing diagnostics, depth and keywords. */
  sub(tokens: Token[]): ParserState {
    return new ParserState(tokens, this.shared)
  }

  get file(): string {
    return this.shared.file
  }
  get diagnostics(): Diagnostic[] {
    return this.shared.diagnostics
  }
  get keywords(): LogicKeywords {
    return this.shared.keywords
  }
  /** Rego v1's rule requirements apply (see {@link Shared.v1Rules}). */
  get v1Rules(): boolean {
    return this.shared.v1Rules
  }
  /** `import future.keywords[.kw]` in a v0 module: `kw` (or every future keyword) is a keyword from here on. */
  wakeKeywords(kw?: string): void {
    if (kw === undefined) this.shared.dormant.clear()
    else this.shared.dormant.delete(kw)
    // As in OPA's scanner: importing `every` also imports `in` (`every x in xs`).
    if (kw === 'every') this.shared.dormant.delete('in')
  }
  /** `import rego.v1` in a v0 module: every future keyword, and v1's rule requirements. */
  switchToV1(): void {
    this.shared.dormant.clear()
    this.shared.v1Rules = true
  }

  /** True when any of the experimental `and` / `or` / `not {…}` forms is on. */
  get logicActive(): boolean {
    const k = this.shared.keywords
    return k.and || k.or || k.not
  }

  get tok(): Token {
    return this.tokens[this.pos]!
  }
  peek(n = 1): Token {
    return this.tokens[Math.min(this.pos + n, this.tokens.length - 1)]!
  }
  /** The last token consumed (the current one at the start of input). */
  get prev(): Token {
    return this.tokens[Math.max(this.pos - 1, 0)]!
  }
  next(): Token {
    const t = this.tok
    if (t.kind !== 'eof') this.pos++
    return t
  }

  isPunct(text: string, t: Token = this.tok): boolean {
    return t.kind === 'punct' && t.text === text
  }
  eatPunct(text: string): boolean {
    if (!this.isPunct(text)) return false
    this.pos++
    return true
  }
  /**
   * True when the token `ahead` positions on is the keyword `kw` used as a
   * keyword. A keyword directly followed by `.` or `[` starts a reference
   * instead (`as.foo := 1`, `else[x]`); after a dot the ref parser takes any name.
   */
  isKeyword(kw: string, ahead = 0): boolean {
    const t = this.peek(ahead)
    if (t.kind !== 'ident' || t.text !== kw || this.shared.dormant.has(kw)) return false
    if (kw === 'and' || kw === 'or') {
      // `and(a, b)` / `or(a, b)` call the set builtins even when the keywords are on.
      if (!this.shared.keywords[kw] || this.startsCall(this.pos + ahead)) return false
    }
    return !this.startsRef(this.pos + ahead)
  }
  /** The token at index `i` is directly followed by `(`. */
  startsCall(i: number): boolean {
    const n = this.tokens[i + 1]
    return n !== undefined && !n.ws && n.kind === 'punct' && n.text === '('
  }
  /** The token at index `i` is directly followed by `.` or `[`. */
  startsRef(i: number): boolean {
    const n = this.tokens[i + 1]
    return n !== undefined && !n.ws && n.kind === 'punct' && (n.text === '.' || n.text === '[')
  }
  /** The token `ahead` positions on is a name usable as a variable (not a reserved word). */
  isVarName(ahead = 0): boolean {
    const t = this.peek(ahead)
    if (t.kind !== 'ident') return false
    // `contains` is only a keyword after a rule head; elsewhere it names the builtin.
    const reserved =
      (KEYWORDS.has(t.text) && t.text !== 'contains' && !this.shared.dormant.has(t.text)) ||
      (t.text === 'and' && this.shared.keywords.and && !this.startsCall(this.pos + ahead)) ||
      (t.text === 'or' && this.shared.keywords.or && !this.startsCall(this.pos + ahead))
    return !reserved || this.startsRef(this.pos + ahead)
  }

  /**
   * Consumes the punctuation `text` or fails. When the input ends where a
   * closing bracket was expected and `open` (the opening token) is given, the
   * error points at the opening bracket, which is what needs fixing.
   */
  expectPunct(text: string, context: string, open?: Token): Token {
    if (!this.isPunct(text)) {
      if (open && this.tok.kind === 'eof') {
        this.fail(`missing "${text}": the "${open.text}" at ${open.row}:${open.col} is never closed`, open)
      }
      this.unexpected(`"${text}" ${context}`)
    }
    return this.next()
  }
  expectKeyword(kw: string, context: string): Token {
    if (!this.isKeyword(kw)) this.unexpected(`"${kw}" ${context}`)
    return this.next()
  }

  /** Reports `unexpected X, expected Y` at the current token and aborts. */
  unexpected(expected: string): never {
    return this.fail(`unexpected ${this.describe(this.tok)}, expected ${expected}`)
  }
  /** {@link describeToken}, except that a future keyword not imported in a v0 module is a plain name. */
  describe(t: Token): string {
    return t.kind === 'ident' && this.shared.dormant.has(t.text) ? `identifier "${t.text}"` : describeToken(t)
  }

  /** Records a diagnostic (at `at`, default the current token) and aborts the current statement. */
  fail(message: string, at: Token | Location = this.tok): never {
    this.report(message, at)
    throw ABORT
  }
  /** Records a diagnostic and carries on. */
  report(message: string, at: Token | Location = this.tok): void {
    const location = 'kind' in at ? this.tokenLoc(at) : at
    this.shared.diagnostics.push({ code: 'rego_parse_error', message, location })
  }

  /** Enters one level of nesting; fails with "nesting too deep" past the limit. */
  enter(): void {
    if (++this.shared.depth > MAX_NESTING_DEPTH) {
      // Callers only pair leave() with a successful enter(); the levels being
      // unwound by the abort leave() on their way out.
      this.shared.depth--
      this.fail('nesting too deep')
    }
  }
  leave(): void {
    this.shared.depth--
  }
  /** Resets the depth counter after an abort unwound the stack. */
  resetDepth(): void {
    this.shared.depth = 0
  }

  tokenLoc(t: Token): Location {
    return { file: this.shared.file, row: t.row, col: t.col, offset: t.offset, end: t.end }
  }
  /** The location from `start` to the end of the last consumed token. */
  span(start: Token | Location): Location {
    const s = 'kind' in start ? this.tokenLoc(start) : start
    const end = Math.max(this.prev.end, s.end)
    return { ...s, end }
  }

  /** Index of the token closing the `{` / `[` / `(` at index `i`, or -1. Computed once per token list. */
  matchingClose(i: number): number {
    if (!this.braceMatch) {
      const m = new Int32Array(this.tokens.length).fill(-1)
      const stack: number[] = []
      this.tokens.forEach((t, j) => {
        if (t.kind !== 'punct') return
        if (t.text === '{' || t.text === '[' || t.text === '(') stack.push(j)
        else if (t.text === '}' || t.text === ']' || t.text === ')') {
          const o = stack.pop()
          if (o !== undefined) m[o] = j
        }
      })
      this.braceMatch = m
    }
    return this.braceMatch[i] ?? -1
  }

  /**
   * Runs `fn` speculatively: on abort, rewinds the position and drops the
   * diagnostics it added, and returns undefined. Used for the few places
   * where one token of lookahead is not enough (`k, v in xs`).
   */
  attempt<T>(fn: () => T): T | undefined {
    const pos = this.pos
    const n = this.shared.diagnostics.length
    const depth = this.shared.depth
    try {
      return fn()
    } catch (e) {
      if (e !== ABORT) throw e
      this.pos = pos
      this.shared.diagnostics.length = n
      this.shared.depth = depth
      return undefined
    }
  }
}
