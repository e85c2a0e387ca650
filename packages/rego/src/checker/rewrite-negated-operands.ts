/**
 * Gives `not` the scope OPA's compiler gives it. Without `import
 * future.keywords.not` (or `import future.keywords`), OPA expands the
 * operands of every expression before evaluating it (stages RewriteExprTerms
 * and RewriteDynamicTerms of its compile.go): nested calls, refs passed to
 * calls, and the dynamic parts of refs become generated expressions *before*
 * the expression, and a negated expression keeps only what is left:
 *
 *     not f(g(input.x))        →  __l0 = input.x; __l1 = g(__l0); not f(__l1)
 *     not allowed[input.name]  →  __l0 = input.name; not allowed[__l0]
 *     not input.x in s         →  __l0 = input.x; __l1 = data.p.s; not internal.member_2(__l0, __l1)
 *
 * So when an operand is undefined the body fails instead of the `not`
 * succeeding. What stays inside: a bare ref (`not input.x`), the two sides
 * of `=` / `==` when they are refs with no dynamic part (`not input.x == 1`;
 * OPA turns `==` into `=` first), variables, scalars, comprehensions (never
 * undefined). Generated expressions carry the expression's `with` modifiers.
 *
 * A module importing `future.keywords.not` (or every future keyword) has
 * OPA 1.17's semantics instead: the whole expression is inside the negation,
 * which is how the planner treats a negated expression, so its bodies are
 * left as they are. Queries have no imports: legacy semantics.
 *
 * Runs after check-safety: a negated expression's variables are then bound
 * before it, so the generated expressions can sit right in front of it.
 * Only negated expressions are rewritten: for the others the expansion
 * changes nothing the planner would do differently.
 */
import type { Body, Expr, Module, RefTerm, Term, VarTerm } from '../ast.js'
import type { CompileState } from './types.js'
import { closuresIn, forEachExprTerm, generatedEq, refName, ruleBodies } from './visit.js'

export function rewriteNegatedOperands(state: CompileState): void {
  const x = new Expander(state)
  if (state.query) return x.body(state.query, true)
  for (const m of state.modules) {
    const legacy = !importsFutureNot(m)
    for (const rule of m.rules) {
      for (const { body, head } of ruleBodies(rule)) {
        x.body(body, legacy)
        for (const h of head) x.closures(h, legacy)
      }
    }
  }
}

/** `import future.keywords.not` or `import future.keywords`. */
function importsFutureNot(m: Module): boolean {
  return m.imports.some((i) => {
    const name = refName(i.path)
    return name === 'future.keywords' || name === 'future.keywords.not'
  })
}

class Expander {
  constructor(private state: CompileState) {}

  /** Rewrites the negated expressions of a body and of every body nested in it. */
  body(body: Body, legacy: boolean): void {
    for (let i = 0; i < body.length; i++) {
      const e = body[i]!
      forEachExprTerm(e, (t) => this.closures(t, legacy))
      if (e.kind === 'every' || e.kind === 'block') this.body(e.body, legacy)
      else if (e.kind === 'logic') {
        this.body(e.left, legacy)
        this.body(e.right, legacy)
      }
      if (!legacy || !e.negated) continue
      const before = this.expand(e)
      body.splice(i, 0, ...before)
      i += before.length
    }
  }

  /** The bodies of the comprehensions in a term (and in their heads). */
  closures(t: Term, legacy: boolean): void {
    for (const c of closuresIn(t)) {
      if (c.type === 'objectcomp') {
        this.body(c.body, legacy)
        this.closures(c.key, legacy)
        this.closures(c.value, legacy)
      } else if (c.type === 'arraycomp' || c.type === 'setcomp') {
        this.body(c.body, legacy)
        this.closures(c.term, legacy)
      }
    }
  }

  /** Moves the operands OPA evaluates outside the negation of `e` into expressions returned in order. */
  private expand(e: Expr): Expr[] {
    const out: Expr[] = []
    const hoist = (t: Term): VarTerm => {
      const v: VarTerm = { type: 'var', name: this.fresh(), loc: t.loc }
      out.push(generatedEq(v, t, structuredClone(e.with)))
      return v
    }
    const operand = (t: Term): Term => this.operand(t, hoist)
    if (e.kind === 'call') {
      const name = refName(e.operator)
      const unify = (name === 'eq' || name === 'equal') && e.args.length === 2
      e.args = e.args.map((a) => (unify ? this.inPlace(a, hoist) : operand(a)))
    } else if (e.kind === 'term') e.term = this.inPlace(e.term, hoist)
    return out
  }

  /** A call argument (OPA's rewriteDynamicsOne): refs and calls become variables, composites are entered. */
  private operand(t: Term, hoist: (t: Term) => VarTerm): Term {
    switch (t.type) {
      case 'call':
        t.args = t.args.map((a) => this.operand(a, hoist))
        return hoist(t)
      case 'ref':
        this.refParts(t, hoist)
        return hoist(t)
      case 'array':
      case 'set':
        t.items = t.items.map((x) => this.operand(x, hoist))
        return t
      case 'object':
        t.entries = t.entries.map(([k, v]) => [this.operand(k, hoist), this.operand(v, hoist)])
        return t
      default:
        return t
    }
  }

  /** A side of `=` or a bare term (OPA's rewriteDynamicsInTerm): a ref stays, its dynamic parts go. */
  private inPlace(t: Term, hoist: (t: Term) => VarTerm): Term {
    if (t.type !== 'ref') return this.operand(t, hoist)
    this.refParts(t, hoist)
    return t
  }

  /** The parts of a ref that are evaluated before it: a call as its head, refs and calls in brackets. */
  private refParts(r: RefTerm, hoist: (t: Term) => VarTerm): void {
    r.terms = r.terms.map((t, i) => (i > 0 || t.type === 'call' ? this.operand(t, hoist) : t))
  }

  private fresh(): string {
    return `${this.state.localPrefix}not${this.state.counter.locals++}__`
  }
}
