/**
 * Small traversals over the AST that the stages share. The parser's walker
 * serves tools; these add what the checker needs: replacing terms in place,
 * and collecting variables with or without closures (comprehension bodies,
 * `every` bodies), because safety treats closures differently.
 */
import type { Body, Expr, RefTerm, Rule, Term, VarTerm } from '../ast.js'
import type { Location } from '../location.js'

/** Returns a replacement term, or nothing to keep the term and visit its children. */
export type TermRewriter = (t: Term) => Term | void

/**
 * Rewrites each item of a list; the list itself when no item changed, else a
 * copy. Walks (`walkTerm`) run over every term of a policy many times per
 * compile: they must not allocate.
 */
function rewriteItems<T extends Term>(items: T[], fn: TermRewriter): T[] {
  let out = items
  for (let i = 0; i < items.length; i++) {
    const x = items[i]!
    const r = rewriteTerm(x, fn) as T
    if (r === x) continue
    if (out === items) out = items.slice()
    out[i] = r
  }
  return out
}

function rewriteEntries(entries: [Term, Term][], fn: TermRewriter): [Term, Term][] {
  let out = entries
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!
    const rk = rewriteTerm(k, fn)
    const rv = rewriteTerm(v, fn)
    if (rk === k && rv === v) continue
    if (out === entries) out = entries.slice()
    out[i] = [rk, rv]
  }
  return out
}

export function rewriteTerm(t: Term, fn: TermRewriter): Term {
  const replaced = fn(t)
  if (replaced) return replaced
  switch (t.type) {
    case 'ref':
      t.terms = rewriteItems(t.terms, fn)
      break
    case 'array':
    case 'set':
      t.items = rewriteItems(t.items, fn)
      break
    case 'object':
      t.entries = rewriteEntries(t.entries, fn)
      break
    case 'arraycomp':
    case 'setcomp':
      t.term = rewriteTerm(t.term, fn)
      rewriteBody(t.body, fn)
      break
    case 'objectcomp':
      t.key = rewriteTerm(t.key, fn)
      t.value = rewriteTerm(t.value, fn)
      rewriteBody(t.body, fn)
      break
    case 'call':
      t.operator = rewriteTerm(t.operator, fn) as RefTerm
      t.args = rewriteItems(t.args, fn)
      break
    case 'template':
      t.parts = rewriteItems(t.parts, fn)
      break
  }
  return t
}

function rewriteBody(body: Body, fn: TermRewriter): void {
  for (const e of body) rewriteExpr(e, fn)
}

/** Rewrites every term of an expression, nested bodies and `with` modifiers included. */
function rewriteExpr(e: Expr, fn: TermRewriter): void {
  switch (e.kind) {
    case 'term':
      e.term = rewriteTerm(e.term, fn)
      break
    case 'call':
      e.operator = rewriteTerm(e.operator, fn) as RefTerm
      e.args = rewriteItems(e.args, fn)
      break
    case 'some':
      e.vars = rewriteItems(e.vars, fn)
      break
    case 'somein':
      if (e.key) e.key = rewriteTerm(e.key, fn)
      e.value = rewriteTerm(e.value, fn)
      e.domain = rewriteTerm(e.domain, fn)
      break
    case 'every':
      if (e.key) e.key = rewriteTerm(e.key, fn) as VarTerm
      e.value = rewriteTerm(e.value, fn) as VarTerm
      e.domain = rewriteTerm(e.domain, fn)
      rewriteBody(e.body, fn)
      break
    case 'logic':
      rewriteBody(e.left, fn)
      rewriteBody(e.right, fn)
      break
    case 'block':
      rewriteBody(e.body, fn)
      break
  }
  for (const w of e.with) {
    w.target = rewriteTerm(w.target, fn) as RefTerm
    w.value = rewriteTerm(w.value, fn)
  }
}

/**
 * Visits terms depth-first, in the order {@link rewriteTerm} does; return true
 * from `fn` to skip a term's children. A walk of its own, not a rewrite that
 * keeps every term: the stages walk every term many times per compile, and a
 * rewrite stores each field back.
 */
export function walkTerm(t: Term, fn: (t: Term) => boolean | void): void {
  if (fn(t)) return
  switch (t.type) {
    case 'ref':
      walkItems(t.terms, fn)
      break
    case 'array':
    case 'set':
      walkItems(t.items, fn)
      break
    case 'object':
      for (let i = 0; i < t.entries.length; i++) {
        const entry = t.entries[i]!
        walkTerm(entry[0], fn)
        walkTerm(entry[1], fn)
      }
      break
    case 'arraycomp':
    case 'setcomp':
      walkTerm(t.term, fn)
      walkBody(t.body, fn)
      break
    case 'objectcomp':
      walkTerm(t.key, fn)
      walkTerm(t.value, fn)
      walkBody(t.body, fn)
      break
    case 'call':
      walkTerm(t.operator, fn)
      walkItems(t.args, fn)
      break
    case 'template':
      walkItems(t.parts, fn)
      break
  }
}

function walkItems(items: readonly Term[], fn: (t: Term) => boolean | void): void {
  for (let i = 0; i < items.length; i++) walkTerm(items[i]!, fn)
}

/** Visits every term of an expression in the order {@link rewriteExpr} does. */
function walkExpr(e: Expr, fn: (t: Term) => boolean | void): void {
  switch (e.kind) {
    case 'term':
      walkTerm(e.term, fn)
      break
    case 'call':
      walkTerm(e.operator, fn)
      walkItems(e.args, fn)
      break
    case 'some':
      walkItems(e.vars, fn)
      break
    case 'somein':
    case 'every':
      if (e.key) walkTerm(e.key, fn)
      walkTerm(e.value, fn)
      walkTerm(e.domain, fn)
      if (e.kind === 'every') walkBody(e.body, fn)
      break
    case 'logic':
      walkBody(e.left, fn)
      walkBody(e.right, fn)
      break
    case 'block':
      walkBody(e.body, fn)
      break
  }
  for (let i = 0; i < e.with.length; i++) {
    walkTerm(e.with[i]!.target, fn)
    walkTerm(e.with[i]!.value, fn)
  }
}

export function walkBody(b: Body, fn: (t: Term) => boolean | void): void {
  for (let i = 0; i < b.length; i++) walkExpr(b[i]!, fn)
}

/** Whether a term is a string, number, boolean or null. */
export function isScalar(t: Term): boolean {
  return t.type === 'string' || t.type === 'number' || t.type === 'boolean' || t.type === 'null'
}

export function isClosure(t: Term): boolean {
  return t.type === 'arraycomp' || t.type === 'setcomp' || t.type === 'objectcomp'
}

/**
 * Calls `fn` on each term an expression holds directly (not in nested
 * bodies), `with` values included, in {@link exprTerms}' order. No list in
 * between: the checker calls it for every expression many times per compile.
 */
export function forEachExprTerm(e: Expr, fn: (t: Term) => void): void {
  switch (e.kind) {
    case 'term':
      fn(e.term)
      break
    case 'call':
      for (let i = 0; i < e.args.length; i++) fn(e.args[i]!)
      break
    case 'some':
      for (let i = 0; i < e.vars.length; i++) fn(e.vars[i]!)
      break
    case 'somein':
      if (e.key) fn(e.key)
      fn(e.value)
      fn(e.domain)
      break
    case 'every':
      fn(e.domain)
      break
  }
  for (let i = 0; i < e.with.length; i++) fn(e.with[i]!.value)
}

/** The terms an expression holds directly (not in nested bodies), `with` values included. */
export function exprTerms(e: Expr): Term[] {
  const out: Term[] = []
  forEachExprTerm(e, (t) => out.push(t))
  return out
}

/** Whether `test` holds for some term {@link exprTerms} lists. */
export function someExprTerm(e: Expr, test: (t: Term) => boolean): boolean {
  let found = false
  forEachExprTerm(e, (t) => {
    if (!found && test(t)) found = true
  })
  return found
}

/** Where a walk over variable occurrences puts each one. */
type VarSink = (v: VarTerm) => void

/** Each variable occurrence of a term, in source order; call operators are names, not variables. */
function collectVars(t: Term, skipClosures: boolean, sink: VarSink): void {
  walkTerm(t, (x) => {
    if (x.type === 'var') sink(x)
    else if (x.type === 'call') for (const a of x.args) collectVars(a, skipClosures, sink)
    else if (x.type === 'arraycomp' || x.type === 'setcomp' || x.type === 'objectcomp') {
      if (skipClosures) return true
      collectBodyVars(x.body, sink)
      if (x.type === 'objectcomp') {
        collectVars(x.key, false, sink)
        collectVars(x.value, false, sink)
      } else collectVars(x.term, false, sink)
    } else return false
    return true
  })
}

/** Each variable occurrence of a body and of everything nested in it. */
function collectBodyVars(b: Body, sink: VarSink): void {
  for (const e of b) {
    forEachExprTerm(e, (t) => collectVars(t, false, sink))
    if (e.kind === 'every') {
      if (e.key) sink(e.key)
      sink(e.value)
      collectBodyVars(e.body, sink)
    } else if (e.kind === 'logic') {
      collectBodyVars(e.left, sink)
      collectBodyVars(e.right, sink)
    } else if (e.kind === 'block') collectBodyVars(e.body, sink)
  }
}

/** Variable occurrences in a term, in source order; call operators are names, not variables. */
export function varOccurrences(t: Term, skipClosures: boolean, out: VarTerm[] = []): VarTerm[] {
  collectVars(t, skipClosures, (v) => out.push(v))
  return out
}

/** Variable occurrences in a body and in everything nested in it. */
export function bodyVarOccurrences(b: Body, out: VarTerm[] = []): VarTerm[] {
  collectBodyVars(b, (v) => out.push(v))
  return out
}

/** Variable names in a term (closures skipped or not), collected without a list of occurrences in between. */
export function termVars(t: Term, skipClosures = true): Set<string> {
  return addTermVars(t, new Set<string>(), skipClosures)
}

/** Adds the variable names in a term to `into` (closures skipped or not), and returns it. */
export function addTermVars(t: Term, into: Set<string>, skipClosures = true): Set<string> {
  collectVars(t, skipClosures, (v) => into.add(v.name))
  return into
}

/**
 * The variables a pattern binds (`some [k, {"a": v}] in xs` binds k and v):
 * variables that stand as the pattern or as an array item or object value of
 * it. Anything else in a pattern (a ref such as `obj.k`, a call, a scalar, an
 * object key) is a value the element is compared with, as in OPA, where
 * `some p in xs` is the unification `p = xs[_]`.
 */
export function patternVars(t: Term, out: VarTerm[] = []): VarTerm[] {
  if (t.type === 'var') out.push(t)
  else if (t.type === 'array') t.items.forEach((x) => patternVars(x, out))
  else if (t.type === 'object') t.entries.forEach(([, v]) => patternVars(v, out))
  return out
}

/** Closures (comprehensions) nested in a term, outermost only. */
export function closuresIn(t: Term): Term[] {
  const out: Term[] = []
  walkTerm(t, (x) => {
    if (isClosure(x)) {
      out.push(x)
      return true
    }
  })
  return out
}

/** `data.a.b` for a ref whose path is all strings after a variable head; undefined otherwise. */
export function refName(ref: RefTerm): string | undefined {
  // Called for every ref and call of a policy by several stages: no copies of the terms.
  const head = ref.terms[0]
  if (head?.type !== 'var') return undefined
  let name = head.name
  for (let i = 1; i < ref.terms.length; i++) {
    const t = ref.terms[i]!
    if (t.type !== 'string') return undefined
    name += '.' + t.value
  }
  return name
}

/** The head variable and the string terms that follow it, up to the first other term. */
export function groundPrefix(ref: RefTerm): string[] {
  const head = ref.terms[0]
  if (head?.type !== 'var') return []
  const parts = [head.name]
  for (let i = 1; i < ref.terms.length; i++) {
    const t = ref.terms[i]!
    if (t.type !== 'string') break
    parts.push(t.value)
  }
  return parts
}

/** Where a term lives in its parent, so a rewrite can replace it. */
export interface Slot {
  get(): Term
  set(t: Term): void
}

/** The slot `obj[key]`. */
export function slotOf<T extends object, K extends keyof T>(obj: T, key: K): Slot {
  return { get: () => obj[key] as Term, set: (t) => (obj[key] = t as T[K]) }
}

/** Builds `data.a.b` as a ref term located at `loc`. */
export function makeRef(segments: readonly string[], loc: Location): RefTerm {
  const terms: Term[] = [{ type: 'var', name: segments[0]!, loc }]
  for (let i = 1; i < segments.length; i++) terms.push({ type: 'string', value: segments[i]!, loc })
  return { type: 'ref', loc, terms }
}

/** A generated `v = t` expression (an assignment the compiler adds in front of an expression). */
export function generatedEq(v: VarTerm, t: Term, withs: Expr['with']): Expr {
  const loc = t.loc
  return {
    type: 'expr',
    kind: 'call',
    operator: makeRef(['eq'], loc),
    args: [v, t],
    negated: false,
    with: withs,
    loc,
    generated: true,
  }
}

/** Whether a variable name was made by the compiler (wildcards, renamed locals). */
export function isGenerated(name: string): boolean {
  return name.startsWith('$') || name.startsWith('__local')
}

/** Calls `fn` on every expression of a body and of the bodies nested in it (closures, `every`, blocks). */
export function forEachExpr(body: Body, fn: (e: Expr) => void): void {
  for (const e of body) {
    fn(e)
    if (e.kind === 'every') forEachExpr(e.body, fn)
    else if (e.kind === 'logic') {
      forEachExpr(e.left, fn)
      forEachExpr(e.right, fn)
    } else if (e.kind === 'block') forEachExpr(e.body, fn)
    forEachExprTerm(e, (t) => forEachClosureExpr(t, fn))
  }
}

/** {@link forEachExpr} in the closures of a term, outermost first, in {@link walkTerm}'s order. */
function forEachClosureExpr(t: Term, fn: (e: Expr) => void): void {
  callsAndClosures(t, undefined, (c) => {
    forEachExpr(c.body, fn)
    if (c.type === 'objectcomp') {
      forEachClosureExpr(c.key, fn)
      forEachClosureExpr(c.value, fn)
    } else forEachClosureExpr(c.term, fn)
  })
}

type Closure = Extract<Term, { type: 'arraycomp' | 'setcomp' | 'objectcomp' }>

/**
 * Calls `onCall` on each call and `onClosure` on each closure of a term,
 * outside closures, in {@link walkTerm}'s order. A recursion of its own
 * rather than a walkTerm callback: it runs over every term of every body for
 * several stages, and walkTerm's call of its callback at every term is slow
 * for having many callers; these are called at calls and closures only.
 */
function callsAndClosures(
  t: Term,
  onCall: ((c: Extract<Term, { type: 'call' }>) => void) | undefined,
  onClosure: ((c: Closure) => void) | undefined,
): void {
  switch (t.type) {
    case 'arraycomp':
    case 'setcomp':
    case 'objectcomp':
      onClosure?.(t)
      break
    case 'call':
      onCall?.(t)
      callsAndClosures(t.operator, onCall, onClosure)
      for (let i = 0; i < t.args.length; i++) callsAndClosures(t.args[i]!, onCall, onClosure)
      break
    case 'ref':
      for (let i = 0; i < t.terms.length; i++) callsAndClosures(t.terms[i]!, onCall, onClosure)
      break
    case 'array':
    case 'set':
      for (let i = 0; i < t.items.length; i++) callsAndClosures(t.items[i]!, onCall, onClosure)
      break
    case 'object':
      for (let i = 0; i < t.entries.length; i++) {
        callsAndClosures(t.entries[i]![0], onCall, onClosure)
        callsAndClosures(t.entries[i]![1], onCall, onClosure)
      }
      break
    case 'template':
      for (let i = 0; i < t.parts.length; i++) callsAndClosures(t.parts[i]!, onCall, onClosure)
      break
  }
}

/** The bodies of a rule and of its `else` chain, with the terms of each head. */
export function ruleBodies(rule: Rule): { body: Body; head: Term[] }[] {
  const out: { body: Body; head: Term[] }[] = []
  for (let r: Rule | undefined = rule; r; r = r.else) {
    const h = r.head
    // One list, not the copies that spreading would make: every stage asks for every rule's bodies.
    const head: Term[] = []
    for (let i = 1; i < h.ref.terms.length; i++) head.push(h.ref.terms[i]!)
    if (h.key) head.push(h.key)
    if (h.value) head.push(h.value)
    out.push({ body: r.body, head })
  }
  return out
}

/** A call site: a call expression (`f(x)`, `x = y`) or a call used as a value (`count(xs) > 1`). */
export interface CallSite {
  operator: RefTerm
  args: Term[]
  loc: Location
  /** A call used as a value: its result is taken, so no output argument is allowed. */
  nested: boolean
}

/** Every call in a body and in the given head terms, closures included. */
export function forEachCall(body: Body, head: Term[], fn: (c: CallSite) => void): void {
  const inTerm = (t: Term) =>
    callsAndClosures(t, (c) => fn({ operator: c.operator, args: c.args, loc: c.loc, nested: true }), undefined)
  const onExpr = (e: Expr) => {
    if (e.kind === 'call') fn({ operator: e.operator, args: e.args, loc: e.loc, nested: false })
    forEachExprTerm(e, inTerm)
  }
  forEachExpr(body, onExpr)
  for (const h of head) {
    inTerm(h)
    forEachClosureExpr(h, onExpr)
  }
}
