/**
 * Rules: default rules, complete and partial rules, ref heads, functions,
 * `else` chains and rules with several bodies (`p if { a } { b }`, which
 * becomes one Rule per body, all with the same head).
 *
 * The Rego v1 requirements are checked here: a body needs `if` before it,
 * and a multi-value rule needs `contains`. Both are reported without
 * aborting, so the rest of the rule is still checked.
 */
import type { Body, Rule, RuleHead, Term } from '../../ast.js'
import type { Location } from '../../location.js'
import type { Token } from '../tokens.js'
import { parseBody } from './body.js'
import { parseLiteral } from './expr.js'
import { parseInfixTerm } from './infix.js'
import type { ParserState } from './state.js'
import { parseTerm } from './term.js'

export const IF_REQUIRED = '`if` keyword is required before rule body'
export const CONTAINS_REQUIRED = '`contains` keyword is required for partial set rules'

/** rule = [ "default" ] rule-head [ rule-bodies ] */
export function parseRule(p: ParserState): Rule[] {
  const start = p.tok
  const isDefault = p.isKeyword('default')
  if (isDefault) p.next()
  const head = parseRuleHead(p)
  const make = (h: RuleHead, body: Body, loc: Location): Rule => ({
    type: 'rule',
    default: isDefault,
    head: h,
    body,
    annotations: [],
    file: p.file,
    loc,
  })
  if (isDefault) {
    checkDefault(p, head, start)
    return [make(head, [], p.span(start))]
  }
  const hasIf = p.isKeyword('if')
  const body = parseRuleBody(p, start, head)
  const rule = make(head, body ?? [], p.span(start))
  if (body === undefined) checkBodyless(p, head, start)
  if (!hasIf && !p.v1Rules) readV0PartialSet(head)
  setImplicitValue(head)
  parseElseChain(p, rule, head)
  rule.loc = p.span(start)
  const rules = [rule]
  // More bodies for the same head: `p if { a } { b }`.
  while (p.isPunct('{') && (hasIf || body !== undefined)) {
    if (rule.else) p.fail('expected else keyword')
    const open = p.tok
    const extra = parseBracedBody(p)
    rules.push(make(cloneHead(head, p.tokenLoc(open)), extra, p.span(open)))
  }
  return rules
}

/**
 * A default rule has a constant value (no vars, refs or calls outside
 * comprehensions), no body, and for functions distinct variable arguments.
 * Messages follow OPA's.
 */
function checkDefault(p: ParserState, head: RuleHead, start: Token): void {
  if (head.value === undefined)
    p.fail(`illegal default rule (must have a value, e.g., default ${refText(head)} := false)`, start)
  if (p.isKeyword('if') || p.isPunct('{')) p.fail('default rules cannot have a body')
  const bad = findNonConstant(head.value)
  if (bad) p.fail(`illegal default rule (value cannot contain ${bad})`, start)
  const seen = new Set<string>()
  for (const a of head.args ?? []) {
    if (a.type !== 'var') p.fail(`illegal default rule (arguments cannot contain ${a.type})`, start)
    if (a.name !== '_' && seen.has(a.name))
      p.fail(`illegal default rule (arguments cannot be repeated ${a.name})`, start)
    seen.add(a.name)
  }
}

/** The kind of the first var, ref or call in a default value, skipping comprehensions. */
function findNonConstant(t: Term): string | undefined {
  switch (t.type) {
    case 'var':
    case 'ref':
    case 'call':
      return t.type
    case 'array':
    case 'set':
      return firstOf(t.items)
    case 'object':
      return firstOf(t.entries.flat())
    case 'template':
      return firstOf(t.parts)
    default:
      return undefined
  }
}

function firstOf(ts: Term[]): string | undefined {
  for (const t of ts) {
    const bad = findNonConstant(t)
    if (bad) return bad
  }
  return undefined
}

/**
 * rule-head = ref [ "(" args ")" ] [ "contains" infix-term | ( ":=" | "=" ) infix-term ]
 */
function parseRuleHead(p: ParserState): RuleHead {
  const start = p.tok
  if (!p.isVarName()) p.unexpected('a rule name')
  const t = parseTerm(p)
  const head: RuleHead = { type: 'head', ref: { type: 'ref', terms: [], loc: t.loc }, assign: false, loc: t.loc }
  if (t.type === 'var') head.ref.terms = [t]
  else if (t.type === 'ref' && t.terms[0]?.type === 'var') head.ref = t
  else if (t.type === 'call') {
    head.ref = t.operator
    // As in OPA (v0 and v1), `f()` with no arguments is no function: `f() := 1` is the rule `f := 1`.
    if (t.args.length > 0) head.args = t.args
  } else p.fail('invalid rule head: expected a name, a reference or a function', t.loc)
  if (p.isKeyword('contains')) {
    if (head.args)
      p.fail(
        `the contains keyword can only be used with multi-value rule definitions (e.g., ${refText(head)} contains <VALUE> { ... })`,
      )
    p.next()
    head.key = parseInfixTerm(p, true)
  } else if (p.isPunct(':=') || p.isPunct('=')) {
    head.assign = p.next().text === ':='
    head.value = parseInfixTerm(p, true)
  }
  head.loc = p.span(start)
  return head
}

/**
 * rule-body = "if" ( "{" body "}" | literal ) | "{" body "}"   (the latter is a v1 error)
 * Returns undefined when the rule has no body.
 */
function parseRuleBody(p: ParserState, start: Token, head: RuleHead, isElse = false): Body | undefined {
  if (p.isKeyword('if')) {
    p.next()
    // As OPA's parseElse: after `else … if`, a `{` always opens the body (`else if { a | b }` is no set comprehension).
    if (p.isPunct('{')) return isElse ? parseBracedBody(p) : parseBraceAfterIf(p)
    if (p.tok.kind === 'eof') p.fail('rule body expected after "if"')
    return [parseLiteral(p)]
  }
  if (!p.isPunct('{')) return undefined
  if (p.v1Rules) {
    p.report(IF_REQUIRED, start)
    if (head.value === undefined && head.key === undefined && isMultiValueRef(head)) p.report(CONTAINS_REQUIRED, start)
  }
  return parseBracedBody(p)
}

/**
 * After `if`, a `{` usually opens the body, but like OPA we first try the
 * whole thing as one literal: `f(x) := v if {k: i | …}` has an object
 * comprehension as its body. A set literal is never taken that way (it would
 * always be true), so `p if { x }` is the body `x`.
 */
function parseBraceAfterIf(p: ParserState): Body {
  if (p.isPunct('}', p.peek())) p.fail('found empty body', p.peek())
  if (!mayBeOneLiteral(p)) return parseBracedBody(p)
  const literal = p.attempt(() => {
    const e = parseLiteral(p)
    if (e.kind === 'term' && e.term.type === 'set') p.fail('')
    if (p.tok.kind !== 'eof' && !p.tok.nl && !p.isPunct(';') && !p.isKeyword('else')) p.fail('')
    return e
  })
  return literal ? [literal] : parseBracedBody(p)
}

/**
 * Whether the braces at the current token could hold one literal rather than
 * a body. Without a `,`, `:` or `|` of their own they can only read as a set
 * (`{ x }`), which is never taken, or not at all; and a literal must end where
 * the line does. Most bodies are told apart here, without parsing their first
 * expression twice and aborting.
 */
function mayBeOneLiteral(p: ParserState): boolean {
  const close = p.matchingClose(p.pos)
  if (close < 0) return true
  const after = p.tokens[close + 1]
  if (after && after.kind !== 'eof' && !(after.nl && !(after.kind === 'ident' && after.text === 'with'))) return true
  for (let i = p.pos + 1; i < close; i++) {
    const t = p.tokens[i]!
    if (t.kind !== 'punct') continue
    if (t.text === ',' || t.text === ':' || t.text === '|') return true
    if (t.text === '{' || t.text === '[' || t.text === '(') {
      const inner = p.matchingClose(i)
      if (inner < 0) return true
      i = inner
    }
  }
  return false
}

function parseBracedBody(p: ParserState): Body {
  const open = p.next()
  const body = parseBody(p, '}')
  p.expectPunct('}', 'to close the rule body', open)
  return body
}

/** `p[x]` with no value, no `contains` and no `if`: a v0 partial set rule. */
function isMultiValueRef(head: RuleHead): boolean {
  return !head.args && head.ref.terms.length === 2 && head.ref.terms[1]!.type !== 'string'
}

/**
 * A rule with neither a value nor a body is an error, except a function
 * fact: like OPA, `f("alice")` means `f("alice") := true`.
 */
function checkBodyless(p: ParserState, head: RuleHead, start: Token): void {
  if (head.value !== undefined || head.key !== undefined || head.args !== undefined) return
  if (!p.v1Rules) {
    // Rego v0 facts: `p[x]` and `p.q` are partial set rules, `a.b.c` is `a.b.c = true` (OPA's ParseRuleFromExpr).
    if (head.ref.terms.length === 1) p.fail('var cannot be used for rule name', start)
    return
  }
  if (isMultiValueRef(head)) p.fail(CONTAINS_REQUIRED, start)
  p.fail(
    `rule "${refText(head)}" needs a value, "contains", or "if" and a body (e.g., ${refText(head)} := true, or ${refText(head)} if { … })`,
    start,
  )
}

/**
 * Rego v0: a head of two terms with no value, no arguments, no `contains` and
 * no `if` (`deny[msg] { … }`, `p["a"] { … }`, `p.q { … }`) is a partial set
 * rule whose key is the second term, as OPA's parser reads it.
 */
function readV0PartialSet(head: RuleHead): void {
  if (head.value !== undefined || head.key !== undefined || head.args !== undefined || head.ref.terms.length !== 2)
    return
  const [name, key] = head.ref.terms as [Term, Term]
  head.key = key
  head.ref = { type: 'ref', terms: [name], loc: name.loc }
}

/** `p if …` and `f(x) if …` have the implicit value `true`. */
function setImplicitValue(head: RuleHead): void {
  if (head.value !== undefined || head.key !== undefined) return
  head.value = { type: 'boolean', value: true, loc: head.loc }
  head.implicitValue = true
}

function checkElseAllowed(p: ParserState, head: RuleHead): void {
  if (head.key !== undefined) p.fail('else keyword cannot be used on multi-value rules')
  if (head.ref.terms.slice(1).some((t) => t.type !== 'string')) {
    p.fail('else keyword cannot be used on rules with variables in head')
  }
}

/** An `else` chain is a linked list as deep as it is long, so each clause counts as a nesting level. */
function parseElseChain(p: ParserState, rule: Rule, head: RuleHead): void {
  let last = rule
  let levels = 0
  try {
    while (p.isKeyword('else')) {
      checkElseAllowed(p, head)
      p.enter()
      levels++
      last.else = parseElse(p, head)
      last = last.else
    }
  } finally {
    for (; levels > 0; levels--) p.leave()
  }
}

/** else = "else" [ ( ":=" | "=" ) infix-term ] [ "if" ( "{" body "}" | literal ) ] */
function parseElse(p: ParserState, head: RuleHead): Rule {
  const start = p.next()
  const h = cloneHead(head, p.tokenLoc(start))
  delete h.value
  delete h.implicitValue
  h.assign = false
  if (p.isPunct(':=') || p.isPunct('=')) {
    h.assign = p.next().text === ':='
    h.value = parseInfixTerm(p, true)
  }
  h.loc = p.span(start)
  const body = parseRuleBody(p, start, h, true) ?? []
  setImplicitValue(h)
  return { type: 'rule', default: false, head: h, body, annotations: [], file: p.file, loc: p.span(start) }
}

/** A copy of a head for an else clause or an extra body, so later stages may rewrite each independently. */
function cloneHead(head: RuleHead, loc: Location): RuleHead {
  const copy = structuredClone(head)
  copy.loc = loc
  return copy
}

/** The head's ref as written: `p`, `a.b.c`, `p[_]`. */
function refText(head: RuleHead): string {
  return head.ref.terms
    .map((t: Term, i) => (i === 0 && t.type === 'var' ? t.name : t.type === 'string' ? `.${t.value}` : '[…]'))
    .join('')
}
