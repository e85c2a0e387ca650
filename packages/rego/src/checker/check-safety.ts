/**
 * Safety, as OPA's reorderBodyForSafety: every variable must be bound before
 * it is used. Bodies are reordered as OPA does (each pass takes, in order,
 * every expression that can run now) so the planner can evaluate left to right;
 * what can never be bound is reported as "var x is unsafe" at its first use
 * (rego_unsafe_var_error). Closures (comprehensions, `every`, `not { … }`)
 * wait until the variables they share with the enclosing body are bound, then
 * are checked themselves. Head variables must be bound by the body.
 */
import type { Body, Expr, Rule, RuleHead, Term, VarTerm, With } from '../ast.js'
import type { Hint } from '../diagnostics.js'
import type { Location } from '../location.js'
import { closestName } from '../suggest.js'
import { packagePrefix } from './build-rule-tree.js'
import { importName } from './check-imports.js'
import { liftHeadTerms } from './lift-head-terms.js'
import { outputVars, type ArityOf } from './safety-vars.js'
import type { CompileState } from './types.js'
import {
  addTermVars,
  bodyVarOccurrences,
  closuresIn,
  forEachExprTerm,
  isGenerated,
  patternVars,
  refName,
  slotOf,
  someExprTerm,
  termVars,
  varOccurrences,
  type Slot,
} from './visit.js'

const ROOTS = ['input', 'data']

export function checkSafety(state: CompileState): void {
  const safety = new Safety(state)
  if (state.query) {
    const { body } = safety.reorder(state.query, new Set(ROOTS), false)
    state.query.splice(0, state.query.length, ...body)
    return
  }
  for (const m of state.modules) {
    for (const rule of m.rules) {
      const args = (rule.head.args ?? []).flatMap((a) => [...termVars(a, false)])
      for (let clause: Rule | undefined = rule; clause; clause = clause.else) {
        const outer = new Set([...ROOTS, ...args])
        safety.liftHead(headSlots(clause.head), clause.body, outer)
        const r = safety.reorder(clause.body, outer, false)
        clause.body.splice(0, clause.body.length, ...r.body)
        if (r.ok)
          safety.checkTerms(
            headSlots(clause.head).map((s) => s.get()),
            r.safe,
          )
      }
    }
  }
}

/** The head terms safety checks: the ref's terms after the name, the key and the value. */
function headSlots(h: RuleHead): Slot[] {
  const slots = h.ref.terms.slice(1).map((_, i) => slotOf(h.ref.terms, i + 1))
  if (h.key) slots.push(slotOf(h, 'key'))
  if (h.value) slots.push(slotOf(h, 'value'))
  return slots
}

/** The head terms of a comprehension. */
function comprehensionSlots(c: Term): Slot[] {
  if (c.type === 'objectcomp') return [slotOf(c, 'key'), slotOf(c, 'value')]
  if (c.type === 'arraycomp' || c.type === 'setcomp') return [slotOf(c, 'term')]
  return []
}

interface Reordered {
  body: Body
  safe: Set<string>
  ok: boolean
}

/** The variables an expression needs bound, and those its closures and nested bodies use. */
interface ExprVars {
  needed: ReadonlySet<string>
  closures: ReadonlySet<string>
}

const NO_VARS: ReadonlySet<string> = new Set()

class Safety {
  private arity: ArityOf
  private readonly exprVars = new Map<Expr, ExprVars>()
  /** `with count as object.union_n`: the value names a function, it is no variable. */
  private isFunctionMock = (w: With): boolean => {
    const isFunction = (name: string | undefined) =>
      !!name && (this.state.builtins.has(name) || this.state.rules.get(name)?.kind === 'function')
    const value = w.value.type === 'var' ? w.value.name : w.value.type === 'ref' ? refName(w.value) : undefined
    return isFunction(refName(w.target)) && isFunction(value)
  }

  constructor(private state: CompileState) {
    this.arity = (name) => {
      if (name.startsWith('data.')) return state.rules.get(name)?.arity ?? -1
      const b = state.builtins.get(name)
      return !b || b.decl.variadic ? -1 : (b.decl.args?.length ?? 0)
    }
  }

  /**
   * Moves head terms that read variables only their own refs bind into the
   * body (see lift-head-terms.ts); a dry ordering tells which variables the
   * body binds without them.
   */
  liftHead(slots: Slot[], body: Body, outer: ReadonlySet<string>): void {
    const fresh = () => `__localhead${this.state.counter.locals++}__`
    liftHeadTerms(slots, body, outer, () => this.reorder(body, outer, true).safe, fresh)
  }

  /** Orders `body` so each expression comes after those binding what it needs; `dry` only tries. */
  reorder(body: Body, outer: ReadonlySet<string>, dry: boolean): Reordered {
    // A `some x` declaration alone does not make x a variable of this body: OPA
    // drops the declaration, so a closure that alone uses x binds it itself.
    const bodyVars = new Set<string>()
    for (const e of body) if (e.kind !== 'some') forEachExprTerm(e, (t) => addTermVars(t, bodyVars))
    const safe = new Set(outer)
    // Variables in the order they became safe; an expression records how many
    // were safe before it, so its closures are checked against exactly those
    // without copying the set for every expression (long bodies stay linear).
    const added: string[] = []
    const placed: { e: Expr; safeBefore: number }[] = []
    const done = new Set<Expr>()
    let remaining = [...body]
    for (let progress = true; progress && remaining.length > 0;) {
      progress = false
      for (const e of remaining) {
        const out = this.ready(e, safe, bodyVars)
        if (!out) continue
        placed.push({ e, safeBefore: added.length })
        done.add(e)
        for (const v of out)
          if (!safe.has(v)) {
            safe.add(v)
            added.push(v)
          }
        progress = true
      }
      remaining = remaining.filter((e) => !done.has(e))
    }
    if (!dry) {
      for (const { e, safeBefore } of placed) {
        if (hasClosures(e)) this.checkClosures(e, new Set([...outer, ...added.slice(0, safeBefore)]))
      }
      const reported = new Set<string>()
      for (const e of remaining) this.reportUnsafe(e, safe, bodyVars, reported)
    }
    return { body: [...placed.map((p) => p.e), ...remaining], safe, ok: remaining.length === 0 }
  }

  /** The variables `e` binds when it can run now, or undefined when it must wait. */
  private ready(e: Expr, safe: Set<string>, bodyVars: Set<string>): Set<string> | undefined {
    const out = outputVars(e, safe, this.arity)
    const { needed, closures } = this.varsOf(e)
    for (const v of needed) if (!safe.has(v) && !out.has(v)) return undefined
    for (const v of closures) if (bodyVars.has(v) && !safe.has(v) && !out.has(v)) return undefined
    if (e.kind === 'block' && !this.reorder(e.body, safe, true).ok) return undefined
    if (e.kind === 'logic') return this.logicOutputs(e, safe)
    return out
  }

  /** `a and b` binds what both sides bind; `a or b` what each side binds. */
  private logicOutputs(e: Expr & { kind: 'logic' }, safe: Set<string>): Set<string> | undefined {
    const left = this.reorder(e.left, safe, true)
    const right = this.reorder(e.right, e.op === 'and' ? left.safe : safe, true)
    if (!left.ok || !right.ok || e.negated) return left.ok && right.ok ? new Set() : undefined
    const bound = e.op === 'and' ? [...right.safe] : [...left.safe].filter((v) => right.safe.has(v))
    return new Set(bound.filter((v) => !safe.has(v)))
  }

  private checkClosures(e: Expr, safe: Set<string>): void {
    const inner = new Set([...safe, ...outputVars(e, safe, this.arity)])
    forEachExprTerm(e, (t) => this.checkTerms([t], inner, true))
    if (e.kind === 'every') {
      const declared = [e.key?.name, e.value.name].filter((n): n is string => !!n)
      this.reorderNested(e.body, new Set([...inner, ...declared]))
    } else if (e.kind === 'block') this.reorderNested(e.body, inner)
    else if (e.kind === 'logic') {
      const left = this.reorderNested(e.left, inner)
      this.reorderNested(e.right, e.op === 'and' ? left.safe : inner)
    }
  }

  private reorderNested(body: Body, safe: Set<string>): Reordered {
    const r = this.reorder(body, safe, false)
    body.splice(0, body.length, ...r.body)
    return r
  }

  /** Checks head terms (or an expression's terms, `closuresOnly`) against the variables bound so far. */
  checkTerms(terms: Term[], safe: Set<string>, closuresOnly = false): void {
    for (const t of terms) {
      if (!closuresOnly) {
        for (const v of varOccurrences(t, true)) if (!safe.has(v.name)) this.unsafeVar(v.name, v.loc)
      }
      for (const c of closuresIn(t)) {
        if (c.type !== 'arraycomp' && c.type !== 'setcomp' && c.type !== 'objectcomp') continue
        this.liftHead(comprehensionSlots(c), c.body, safe)
        const heads = c.type === 'objectcomp' ? [c.key, c.value] : [c.term]
        // A body that failed has reported its own unsafe variables; the head would only repeat them.
        const inner = this.reorderNested(c.body, safe)
        if (inner.ok) this.checkTerms(heads, inner.safe)
      }
    }
  }

  /**
   * What {@link neededVars} and {@link closureVars} say of `e`, worked out
   * once: an expression waits through several passes of ordering, and the
   * dry ordering of a head asks again. Neither changes while safety runs
   * (lifting a comprehension's head adds only a fresh variable of its own).
   */
  private varsOf(e: Expr): ExprVars {
    let vars = this.exprVars.get(e)
    if (!vars) {
      vars = { needed: neededVars(e, this.isFunctionMock), closures: e.kind === 'logic' ? NO_VARS : closureVars(e) }
      this.exprVars.set(e, vars)
    }
    return vars
  }

  private reportUnsafe(e: Expr, safe: Set<string>, bodyVars: Set<string>, reported: Set<string>): void {
    const out = outputVars(e, safe, this.arity)
    const known = (v: string) => safe.has(v) || out.has(v)
    const { needed, closures } = this.varsOf(e)
    const bad = (v: VarTerm) => !known(v.name) && (needed.has(v.name) || (closures.has(v.name) && bodyVars.has(v.name)))
    const occurrences: VarTerm[] = []
    forEachExprTerm(e, (t) => varOccurrences(t, false, occurrences))
    nestedBodies(e).forEach((b) => bodyVarOccurrences(b, occurrences))
    let blocked = false
    for (const v of occurrences.filter(bad)) {
      blocked = true
      if (reported.has(v.name)) continue
      reported.add(v.name)
      if (isGenerated(v.name) && !this.state.rewrittenVars.has(v.name)) this.unsafeExpr(e.loc, reported)
      else this.unsafeVar(v.name, v.loc)
    }
    if (!blocked) for (const b of nestedBodies(e)) this.reorder(b, safe, false)
  }

  private unsafeVar(name: string, loc: Location): void {
    if (isGenerated(name) && !this.state.rewrittenVars.has(name)) return
    const hint = this.state.rewrittenVars.has(name) ? undefined : ruleHint(this.state, name, loc)
    this.state.report(
      'rego_unsafe_var_error',
      loc,
      `var ${this.state.rewrittenVars.get(name) ?? name} is unsafe`,
      undefined,
      hint,
    )
  }

  private unsafeExpr(loc: Location, reported: Set<string>): void {
    const key = `@${loc.offset}`
    if (reported.has(key)) return
    reported.add(key)
    this.state.report('rego_unsafe_var_error', loc, 'expression is unsafe')
  }
}

/** Variables an expression needs bound (or binds itself): not its declarations, not what its closures use. */
function neededVars(e: Expr, isFunctionMock: (w: With) => boolean): Set<string> {
  const terms: Term[] = e.with.filter((w) => !isFunctionMock(w)).map((w) => w.value)
  if (e.kind === 'term') terms.push(e.term)
  else if (e.kind === 'call') terms.push(...e.args)
  else if (e.kind === 'somein' || e.kind === 'every') terms.push(e.domain)
  const needed = new Set<string>()
  for (const t of terms) addTermVars(t, needed)
  // What a `some … in` pattern compares with (`obj.k` in `some [obj.k, x] in xs`) must be bound.
  if (e.kind === 'somein') for (const p of [e.key, e.value]) if (p) patternInputs(p).forEach((v) => needed.add(v))
  return needed
}

/** The variables of a pattern that it reads rather than binds. */
function patternInputs(t: Term): Set<string> {
  const binds = new Set(patternVars(t).map((v) => v.name))
  return new Set([...termVars(t)].filter((v) => !binds.has(v)))
}

/** Every variable used inside the closures and nested bodies of an expression. */
function closureVars(e: Expr): Set<string> {
  const out = new Set<string>()
  forEachExprTerm(e, (t) => {
    for (const c of closuresIn(t)) addTermVars(c, out, false)
  })
  for (const b of nestedBodies(e)) bodyVarOccurrences(b).forEach((v) => out.add(v.name))
  return out
}

function nestedBodies(e: Expr): Body[] {
  if (e.kind === 'every' || e.kind === 'block') return [e.body]
  if (e.kind === 'logic') return [e.left, e.right]
  return []
}

/** Whether an expression holds a body of its own (comprehension, `every`, block, logic) to check. */
function hasClosures(e: Expr): boolean {
  if (e.kind === 'every' || e.kind === 'block' || e.kind === 'logic') return true
  return someExprTerm(e, (t) =>
    closuresIn(t).some((c) => c.type === 'arraycomp' || c.type === 'setcomp' || c.type === 'objectcomp'),
  )
}

/** A free variable that is one edit or two from a rule of its package or an import is most likely that name misspelled. */
function ruleHint(state: CompileState, name: string, loc: Location): Hint | undefined {
  const pkg = packagePrefix(state, loc.file)
  const names = new Set<string>()
  for (const path of state.rules.keys())
    if (pkg && path.startsWith(pkg)) names.add(path.slice(pkg.length).split('.')[0]!)
  for (const imp of state.modules.find((m) => m.file === loc.file)?.imports ?? []) {
    const n = importName(imp)
    if (n && !refName(imp.path)?.startsWith('future.') && refName(imp.path) !== 'rego.v1') names.add(n)
  }
  const suggestion = closestName(name, names)
  return suggestion ? { message: `did you mean ${suggestion}?`, location: loc } : undefined
}
