/**
 * Which variables an expression binds (its outputs) once some variables are
 * known (safe), following OPA's outputVarsForExpr: refs bind the variables in
 * their brackets once their head is safe; `=` binds by unification; a call
 * with one argument more than its arity binds the variables of that last
 * argument once its inputs are safe; `some … in` binds its patterns. Negated
 * expressions bind nothing.
 */
import type { Expr, Term } from '../ast.js'
import { isScalar, patternVars, refName, termVars } from './visit.js'

/** Arity of a call operator's function, or -1 when unknown (variadic builtins too: they never bind). */
export type ArityOf = (name: string) => number

export function outputVars(e: Expr, safe: ReadonlySet<string>, arity: ArityOf): Set<string> {
  if (e.negated) return new Set()
  switch (e.kind) {
    case 'term':
      return refOutputs([e.term], safe)
    case 'somein': {
      const out = refOutputs([e.domain], safe)
      if (allIn(termVars(e.domain), safe, out)) {
        for (const t of [e.key, e.value]) if (t) patternVars(t).forEach((v) => out.add(v.name))
      }
      return out
    }
    case 'call': {
      const name = refName(e.operator) ?? ''
      if (name === 'eq' || name === 'assign') return unifyOutputs(e.args[0]!, e.args[1]!, safe)
      const out = refOutputs(e.args, safe)
      const n = arity(name)
      if (n >= 0 && e.args.length === n + 1) {
        const inputs = new Set(e.args.slice(0, n).flatMap((a) => [...termVars(a)]))
        if (allIn(inputs, safe, out)) termVars(e.args[n]!).forEach((v) => out.add(v))
      }
      return out
    }
    default:
      return new Set()
  }
}

function allIn(vars: Iterable<string>, a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const v of vars) if (!a.has(v) && !b.has(v)) return false
  return true
}

/** Variables bound by refs whose heads are safe: `xs[i]` binds i, `data.a[k].b[j]` binds k and j. */
function refOutputs(terms: Term[], safe: ReadonlySet<string>): Set<string> {
  const out = new Set<string>()
  for (let changed = true; changed;) {
    changed = false
    for (const t of terms) if (addRefOutputs(t, safe, out)) changed = true
  }
  return out
}

/**
 * One pass of {@link refOutputs} over a term, outside closures, in
 * `walkTerm`'s order; whether it added a variable. A recursion of its
 * own: it runs for every expression each time safety tries it.
 */
function addRefOutputs(x: Term, safe: ReadonlySet<string>, out: Set<string>): boolean {
  let changed = false
  switch (x.type) {
    case 'ref': {
      const head = x.terms[0]
      if (head && headSafe(head, safe, out)) {
        // As OPA's Ref.OutputVars: variables in the brackets, inside composite keys too (`s[[1, x]]`).
        for (let i = 1; i < x.terms.length; i++) {
          const r = x.terms[i]!
          // Scalars (`.spec` is a string term) and variables, the usual brackets, need no set of names.
          if (r.type === 'ref' || r.type === 'call' || isScalar(r)) continue
          if (r.type === 'var') {
            if (!safe.has(r.name) && !out.has(r.name)) {
              out.add(r.name)
              changed = true
            }
            continue
          }
          for (const v of termVars(r)) {
            if (safe.has(v) || out.has(v)) continue
            out.add(v)
            changed = true
          }
        }
      }
      for (let i = 0; i < x.terms.length; i++) if (addRefOutputs(x.terms[i]!, safe, out)) changed = true
      break
    }
    case 'array':
    case 'set':
      for (let i = 0; i < x.items.length; i++) if (addRefOutputs(x.items[i]!, safe, out)) changed = true
      break
    case 'object':
      for (let i = 0; i < x.entries.length; i++) {
        if (addRefOutputs(x.entries[i]![0], safe, out)) changed = true
        if (addRefOutputs(x.entries[i]![1], safe, out)) changed = true
      }
      break
    case 'call':
      if (addRefOutputs(x.operator, safe, out)) changed = true
      for (let i = 0; i < x.args.length; i++) if (addRefOutputs(x.args[i]!, safe, out)) changed = true
      break
    case 'template':
      for (let i = 0; i < x.parts.length; i++) if (addRefOutputs(x.parts[i]!, safe, out)) changed = true
      break
  }
  return changed
}

/** Whether every variable of a ref's head is known; a variable head, the usual one, without a set of its names. */
function headSafe(head: Term, safe: ReadonlySet<string>, out: ReadonlySet<string>): boolean {
  if (head.type === 'var') return safe.has(head.name) || out.has(head.name)
  return allIn(termVars(head), safe, out)
}

/** Variables `a = b` binds, given the safe ones; repeated until nothing changes (a binding may enable another). */
function unifyOutputs(a: Term, b: Term, safe: ReadonlySet<string>): Set<string> {
  const bound = new Bound(safe, refOutputs([a, b], safe))
  for (let before = -1; before !== bound.size;) {
    before = bound.size
    unify(a, b, bound)
  }
  return bound.added
}

/**
 * The safe variables plus those a unification adds. The safe set is read,
 * never copied: bodies with thousands of variables would make every
 * expression's check cost as much as the whole body.
 */
class Bound {
  readonly added = new Set<string>()
  constructor(
    private readonly safe: ReadonlySet<string>,
    initial: Iterable<string>,
  ) {
    for (const v of initial) this.add(v)
  }
  has(v: string): boolean {
    return this.safe.has(v) || this.added.has(v)
  }
  add(v: string): this {
    if (!this.safe.has(v)) this.added.add(v)
    return this
  }
  /** How many variables were added, which only grows. */
  get size(): number {
    return this.added.size
  }
}

/** A ref binds by iteration once its head is known, so it counts as known then (OPA's unifier). */
function refHeadSafe(t: Term & { type: 'ref' }, bound: Bound): boolean {
  const head = t.terms[0]
  return !!head && [...termVars(head)].every((v) => bound.has(v))
}

function markAll(t: Term, bound: Bound): void {
  termVars(t).forEach((v) => bound.add(v))
}

/** `x = [a, b]`: a known x binds a and b; known a and b bind x. */
function unifyAll(v: string, t: Term, bound: Bound): void {
  if (bound.has(v)) markAll(t, bound)
  else if ([...termVars(t)].every((x) => bound.has(x))) bound.add(v)
}

/** One step of OPA's unifier, as far as safety needs it: which variables become known. */
function unify(a: Term, b: Term, bound: Bound): void {
  const closure = (t: Term) => t.type === 'arraycomp' || t.type === 'setcomp' || t.type === 'objectcomp'
  if (a.type === 'var') {
    if (b.type === 'var') {
      if (bound.has(b.name)) bound.add(a.name)
      else if (bound.has(a.name)) bound.add(b.name)
    } else if (b.type === 'array' || b.type === 'object') unifyAll(a.name, b, bound)
    else if (b.type === 'ref') refHeadSafe(b, bound) && bound.add(a.name)
    else if (b.type === 'call') [...termVars(b)].every((x) => bound.has(x)) && bound.add(a.name)
    else bound.add(a.name)
  } else if (b.type === 'var') unify(b, a, bound)
  else if (a.type === 'ref' || closure(a)) {
    if ((b.type === 'array' || b.type === 'object') && (a.type !== 'ref' || refHeadSafe(a, bound))) markAll(b, bound)
  } else if (b.type === 'ref' || closure(b)) unify(b, a, bound)
  else if (b.type === 'call' || b.type === 'template') {
    // OPA lifts calls out of terms first (`[a, b] = split(s, ".")` becomes `split(s, ".", t); [a, b] = t`).
    if ((a.type === 'array' || a.type === 'object') && [...termVars(b)].every((x) => bound.has(x))) markAll(a, bound)
  } else if (a.type === 'call' || a.type === 'template') unify(b, a, bound)
  else if (a.type === 'array' && b.type === 'array' && a.items.length === b.items.length) {
    a.items.forEach((x, i) => unify(x, b.items[i]!, bound))
  } else if (a.type === 'object' && b.type === 'object' && a.entries.length === b.entries.length) {
    for (const [k, v] of a.entries) {
      const match = b.entries.find(([k2]) => sameKey(k, k2))
      if (match) unify(v, match[1], bound)
    }
  }
}

function sameKey(a: Term, b: Term): boolean {
  if (a.type !== b.type) return false
  if (a.type === 'var') return a.name === (b as typeof a).name
  if (a.type === 'string' || a.type === 'number' || a.type === 'boolean') return a.value === (b as typeof a).value
  return a.type === 'null'
}
