/**
 * Token kinds as data. The lexer produces a flat array of {@link Token}s; the
 * parser never looks at characters. Keywords are lexed as identifiers and
 * recognised by the parser, because Rego lets most keywords appear in
 * reference paths (`input.if`, `data.every`, `as.foo := 1`).
 */

/** The kinds of token the lexer produces. */
export type TokenKind = 'ident' | 'number' | 'string' | 'rawstring' | 'template' | 'punct' | 'eof'

/** A literal or embedded-expression piece of a template string. */
export type TemplatePart =
  | { kind: 'text'; value: string; offset: number; end: number; row: number; col: number }
  | { kind: 'expr'; tokens: Token[]; offset: number; end: number; row: number; col: number }

/** One lexed token. Positions follow {@link Location}: 1-based row/col, UTF-16 offsets. */
export interface Token {
  kind: TokenKind
  /** The source text of the token (for punctuation, the operator itself). */
  text: string
  /** Decoded value of string tokens. */
  value?: string
  /** Parts of a template string token. */
  parts?: TemplatePart[]
  /** True for raw (backtick) template strings. */
  raw?: boolean
  offset: number
  end: number
  row: number
  col: number
  /** A line break was skipped between the previous token and this one. */
  nl: boolean
  /** Whitespace or a comment was skipped right before this token. */
  ws: boolean
}

/** Reserved words of Rego v1. They are still allowed after a `.` in a reference. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'package',
  'import',
  'as',
  'default',
  'else',
  'if',
  'contains',
  'some',
  'in',
  'every',
  'not',
  'with',
  'true',
  'false',
  'null',
])

/** Punctuation, longest first so the lexer can match greedily. */
export const PUNCTUATION: readonly string[] = [
  ':=',
  '==',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  '=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ';',
  ':',
  '.',
]

/**
 * Binary operators of a term, with their precedence (higher binds tighter) and
 * the builtin each one stands for. `in` is handled separately by the parser
 * because of its `k, v in xs` form. Relations are left-associative and chain
 * (`a < b == c` is `equal(lt(a, b), c)`), as in OPA.
 */
export interface BinaryOperator {
  prec: number
  /** The builtin name as a ref path: `plus`, `internal.member_2`. */
  builtin: string
}

export const BINARY_OPERATORS: Readonly<Record<string, BinaryOperator>> = {
  '==': { prec: 2, builtin: 'equal' },
  '!=': { prec: 2, builtin: 'neq' },
  '<': { prec: 2, builtin: 'lt' },
  '<=': { prec: 2, builtin: 'lte' },
  '>': { prec: 2, builtin: 'gt' },
  '>=': { prec: 2, builtin: 'gte' },
  '|': { prec: 3, builtin: 'or' },
  '&': { prec: 4, builtin: 'and' },
  '+': { prec: 5, builtin: 'plus' },
  '-': { prec: 5, builtin: 'minus' },
  '*': { prec: 6, builtin: 'mul' },
  '/': { prec: 6, builtin: 'div' },
  '%': { prec: 6, builtin: 'rem' },
}

/** Precedence of `in` (lowest of the term operators). */
export const IN_PRECEDENCE = 1

/** Expression-level operators (`x := y`, `x = y`): not terms, only at the top of an expression. */
export const ASSIGN_OPERATORS: Readonly<Record<string, string>> = {
  ':=': 'assign',
  '=': 'eq',
}

/** Builtins of `x in xs` and `k, v in xs`. */
export const MEMBER_2 = 'internal.member_2'
export const MEMBER_3 = 'internal.member_3'

/** Nesting levels the parser allows before "nesting too deep" (a collection costs two; see GRAMMAR.md). */
export const MAX_NESTING_DEPTH = 1000

/** Describes a token for error messages: `identifier "foo"`, `"}"`, `end of input`. */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of input'
    case 'ident':
      return KEYWORDS.has(t.text) ? `keyword "${t.text}"` : `identifier "${t.text}"`
    case 'number':
      return `number ${t.text}`
    case 'string':
    case 'rawstring':
      return `string ${t.text.length > 20 ? t.text.slice(0, 20) + '…' : t.text}`
    case 'template':
      return 'template string'
    default:
      return `"${t.text}"`
  }
}
