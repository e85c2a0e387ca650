/**
 * Terms: scalars, variables, references, calls, collections and
 * comprehensions. Infix operators live in `infix.ts`; this file handles one
 * operand and its reference suffixes (`.x`, `[i]`, `(args)`).
 *
 * Reference suffixes must touch the term before them (`a[0]`, not `a [0]`),
 * as in OPA: that is what tells `p if { a\n [1] }` apart from `a[1]`.
 */
import type { RefTerm, StringTerm, Term } from '../../ast.js'
import type { Location } from '../../location.js'
import { parseCollection } from './collection.js'
import { callTerm, varOrRoot } from './nodes.js'
import type { ParserState } from './state.js'
import type { Token } from '../tokens.js'
import { parseInfixTerm } from './infix.js'
import { parseTemplateString } from './template.js'

/**
 * term = [ "-" ] primary { ref-suffix }
 *
 * A `-` before a number is part of the literal (`-1`); before a name it is
 * `minus(0, ref)` (OPA 1.x: `-x`, `-input.n`). Anything else after `-` is an error.
 */
export function parseTerm(p: ParserState): Term {
  p.enter()
  try {
    const t = p.tok
    if (p.isPunct('-')) {
      const n = p.peek()
      if (n.kind === 'number' || isFractionStart(p, 1)) return parseNumber(p, t)
      if (n.kind === 'ident' && p.isVarName(1)) {
        p.next()
        const operand = parseRefSuffix(p, parseName(p))
        return callTerm(
          'minus',
          p.tokenLoc(t),
          [{ type: 'number', value: '0', loc: p.tokenLoc(t) }, operand],
          p.span(t),
        )
      }
      p.next()
      p.unexpected('a number or a reference after unary "-"')
    }
    return parseRefSuffix(p, parsePrimary(p))
  } finally {
    p.leave()
  }
}

/** primary = scalar | name | template | array | set-or-object | "(" infix-term ")" */
function parsePrimary(p: ParserState): Term {
  const t = p.tok
  const loc = p.tokenLoc(t)
  switch (t.kind) {
    case 'number':
      return parseNumber(p, t)
    case 'string':
      p.next()
      return { type: 'string', value: t.value ?? '', loc }
    case 'rawstring':
      p.next()
      return { type: 'string', value: t.value ?? '', raw: true, loc }
    case 'template':
      p.next()
      return parseTemplateString(p, t)
    case 'ident':
      return parseName(p)
    case 'punct':
      if (isFractionStart(p, 0)) return parseNumber(p, t)
      if (t.text === '[' || t.text === '{') return parseCollection(p)
      if (t.text === '(') return parseParenthesised(p)
  }
  return p.unexpected('a term')
}

/** A parenthesised term: `(a + b) * c`. */
function parseParenthesised(p: ParserState): Term {
  const open = p.next()
  p.enter()
  try {
    const inner = parseInfixTerm(p, true)
    p.expectPunct(')', 'to close the parenthesised term', open)
    return inner
  } finally {
    p.leave()
  }
}

/** `.5`: a dot directly followed by digits (the lexer reads `.` and `5` apart). */
function isFractionStart(p: ParserState, ahead: number): boolean {
  const dot = p.peek(ahead)
  const n = p.peek(ahead + 1)
  return p.isPunct('.', dot) && n.kind === 'number' && !n.ws && /^\d+([eE][+-]?\d+)?$/.test(n.text)
}

/**
 * number: the lexer's text, with a leading `-` when the literal is negative.
 * OPA rejects leading zeros (`007`), so do we. OPA also accepts `.5`, which
 * becomes `0.5` here so that every number text is valid JSON.
 */
function parseNumber(p: ParserState, start: Token): Term {
  const sign = p.isPunct('-', start) ? '-' : ''
  if (sign) p.next()
  const fraction = p.eatPunct('.')
  const t = p.next()
  if (!fraction && /^0\d/.test(t.text)) p.fail('expected number without leading zero', t)
  const value = sign + (fraction ? '0.' : '') + t.text
  return { type: 'number', value, loc: p.span(start) }
}

/**
 * A name: `true` / `false` / `null`, a variable, `set()`, or the head of a
 * ref or call. Keywords are names only when a `.` or `[` follows directly.
 */
function parseName(p: ParserState): Term {
  const t = p.tok
  const loc = p.tokenLoc(t)
  if (!p.isVarName()) {
    if (p.isKeyword('true') || p.isKeyword('false')) {
      p.next()
      return { type: 'boolean', value: t.text === 'true', loc }
    }
    if (p.isKeyword('null')) {
      p.next()
      return { type: 'null', loc }
    }
    p.unexpected('a term')
  }
  p.next()
  if (t.text === 'set' && p.isPunct('(') && !p.tok.ws && p.isPunct(')', p.peek())) {
    p.next()
    p.next()
    return { type: 'set', items: [], loc: p.span(t) }
  }
  return varOrRoot(t.text, loc)
}

/**
 * ref-suffix = "." name | "[" infix-term "]" | "(" [ args ] ")"
 *
 * Builds a ref from `head` while suffixes follow directly. A call is only
 * allowed on a plain dotted name (`f(x)`, `io.jwt.decode(x)`, `data.lib.f(x)`);
 * the call term can itself be the head of a further ref (`f(x).y`).
 */
function parseRefSuffix(p: ParserState, head: Term): Term {
  // Scalars and template strings cannot be the head of a reference (OPA: "illegal ref").
  if (['null', 'boolean', 'number', 'string', 'template'].includes(head.type)) {
    const t = p.tok
    if (!t.ws && (p.isPunct('.') || p.isPunct('['))) p.fail(`illegal ref (head cannot be ${head.type})`, t)
    return head
  }
  let terms: Term[] = head.type === 'ref' ? [...head.terms] : [head]
  let current: Term = head
  const startLoc = head.loc
  for (;;) {
    const t = p.tok
    if (t.ws || t.kind !== 'punct') return current
    if (t.text === '.') {
      p.next()
      const name = p.tok
      // OPA's own wording (`rego.parse_module` errors are compared with OPA's).
      if (name.kind !== 'ident') p.fail(`unexpected ${name.kind === 'eof' ? 'eof' : name.text} token: expected ident`)
      p.next()
      const s: StringTerm = { type: 'string', value: name.text, loc: p.tokenLoc(name) }
      terms.push(s)
    } else if (t.text === '[') {
      p.next()
      p.enter()
      try {
        terms.push(parseInfixTerm(p, true))
      } finally {
        p.leave()
      }
      p.expectPunct(']', 'to close the reference', t)
    } else if (t.text === '(' && isCallable(terms)) {
      const operator: RefTerm = { type: 'ref', terms, loc: spanOf(startLoc, terms) }
      const args = parseCallArgs(p)
      current = { type: 'call', operator, args, loc: p.span(startLoc) }
      terms = [current]
      continue
    } else {
      return current
    }
    current = { type: 'ref', terms, loc: p.span(startLoc) }
  }
}

function isCallable(terms: Term[]): boolean {
  return terms[0]?.type === 'var' && terms.slice(1).every((x) => x.type === 'string')
}

function spanOf(start: Location, terms: Term[]): Location {
  const last = terms[terms.length - 1]!
  return { ...start, end: Math.max(start.end, last.loc.end) }
}

/** args = "(" [ infix-term { "," infix-term } [ "," ] ] ")" */
function parseCallArgs(p: ParserState): Term[] {
  const open = p.expectPunct('(', 'to start the argument list')
  const args: Term[] = []
  while (!p.isPunct(')') && p.tok.kind !== 'eof') {
    args.push(parseInfixTerm(p, false))
    if (!p.eatPunct(',')) break
  }
  p.expectPunct(')', 'or "," in the argument list', open)
  return args
}
