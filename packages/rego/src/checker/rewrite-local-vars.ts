/**
 * Renames local variables apart so later stages and the planner can treat a
 * name as one variable: each `_` becomes a fresh `$N`; each variable declared
 * by `:=`, `some`, `some … in` or `every` becomes a fresh `__localN__` (the
 * source name is kept in `rewrittenVars` for messages and query results).
 * Declarations open a new name only in their own scope (body, comprehension,
 * `every` body), so inner scopes may shadow outer names, as in OPA. `:=` then
 * becomes `=` (OPA's rewriteDeclaredAssignment): the planner sees one operator.
 *
 * Uses are counted as names are renamed, so when a scope closes its unused
 * declarations are reported as OPA does: a `some x` or `every` variable never
 * used ("declared var x unused"), and in strict mode a `:=` target never used
 * ("assigned var x unused") and a function argument unused in every clause.
 */
import type { Body, Expr, Rule, Term, VarTerm } from '../ast.js'
import type { Location } from '../location.js'
import type { CompileState } from './types.js'
import { allClauses } from './rewrite-with-targets.js'
import { bodyVarOccurrences, isScalar, makeRef, refName, rewriteTerm, varOccurrences } from './visit.js'

/** `pattern`: declared by the `some … in` pattern being renamed (it becomes `declared` after it). */
type Occurrence = 'seen' | 'assigned' | 'declared' | 'arg' | 'pattern'
/** A declared name: how, its new name, how often it was used since, and the expression that declared it. */
interface Declared {
  occ: Occurrence
  to: string
  uses: number
  at?: Location
}
type Scope = Map<string, Declared>

const redeclared: Record<Occurrence, (v: string) => string> = {
  seen: (v) => `var ${v} referenced above`,
  assigned: (v) => `var ${v} assigned above`,
  declared: (v) => `var ${v} declared above`,
  arg: (v) => `arg ${v} redeclared`,
  pattern: (v) => `var ${v} declared above`,
}

export function rewriteLocalVars(state: CompileState): void {
  // Generated names skip names already written (a module may itself use `__local0__`), as OPA's generator does.
  // Only names that could collide are kept: every generated name starts with `__local`.
  const taken = new Set<string>()
  const note = (v: VarTerm) => v.name.startsWith('__local') && taken.add(v.name)
  for (const { body, head } of allClauses(state)) {
    bodyVarOccurrences(body).forEach(note)
    head.forEach((h) => varOccurrences(h, false).forEach(note))
  }
  const r = new Renamer(state, taken)
  if (state.query) {
    r.startRule()
    const scope: Scope = new Map()
    r.body(state.query, [scope])
    return r.close(scope)
  }
  for (const m of state.modules) for (const rule of m.rules) rewriteRule(r, rule)
}

function rewriteRule(r: Renamer, rule: Rule): void {
  r.startRule()
  const root: Scope = new Map()
  if (rule.head.args) rule.head.args = rule.head.args.map((a) => r.declare(a, [root], 'arg', rule.head.loc))
  // The clauses share these entries, so an argument used in any clause is used.
  const args = new Map(root)
  for (let c: Rule | undefined = rule; c; c = c.else) {
    const stack = [new Map(args)]
    r.body(c.body, stack)
    const h = c.head
    if (c !== rule && h.args) h.args = rule.head.args
    h.ref.terms = h.ref.terms.map((t, i) => (i === 0 ? t : r.use(t, stack)))
    if (h.key) h.key = r.use(h.key, stack)
    if (h.value) h.value = r.use(h.value, stack)
    r.close(stack[0]!)
  }
  r.closeArgs(args, rule.head.loc)
}

class Renamer {
  private errorsBefore = 0

  constructor(
    private state: CompileState,
    private taken: Set<string>,
  ) {}

  body(body: Body, stack: Scope[]): void {
    for (const e of body) this.expr(e, stack)
  }

  /** A new rule (or the query): errors from here on are its own. */
  startRule(): void {
    this.errorsBefore = this.state.diagnostics.length
  }

  /**
   * Reports the unused declarations of a scope that is done: `some` and
   * `every` variables always, `:=` targets in strict mode (OPA's
   * checkUnusedDeclaredVars and checkUnusedAssignedVars).
   */
  close(scope: Scope): void {
    // As OPA: no unused-variable errors on top of the rule's other errors.
    if (this.state.diagnostics.length > this.errorsBefore) return
    for (const [name, d] of scope) {
      if (d.uses > 0 || !d.at) continue
      if (d.occ === 'declared') this.state.report('rego_compile_error', d.at, `declared var ${name} unused`)
      else if (d.occ === 'assigned' && this.state.strict) {
        this.state.report('rego_compile_error', d.at, `assigned var ${name} unused`)
      }
    }
  }

  /** Strict mode: a function argument no clause uses should be `_` (OPA's message, at the rule head). */
  closeArgs(args: Scope, head: Location): void {
    if (!this.state.strict || this.state.diagnostics.length > this.errorsBefore) return
    for (const [name, d] of args) {
      if (d.occ === 'arg' && d.uses === 0) {
        this.state.report(
          'rego_compile_error',
          head,
          `unused argument ${name}. (hint: use _ (wildcard variable) instead)`,
        )
      }
    }
  }

  private expr(e: Expr, stack: Scope[]): void {
    const use = (t: Term) => this.use(t, stack)
    for (const w of e.with) w.value = use(w.value)
    switch (e.kind) {
      case 'term':
        e.term = use(e.term)
        return
      case 'call':
        if (refName(e.operator) !== 'assign') return void (e.args = e.args.map(use))
        if (e.negated) this.state.report('rego_compile_error', e.loc, 'cannot assign vars inside negated expression')
        e.args[1] = use(e.args[1]!)
        e.args[0] = this.declare(e.args[0]!, stack, 'assigned', e.loc)
        e.operator = makeRef(['eq'], e.operator.loc)
        return
      case 'some':
        e.vars = e.vars.map((v) => this.declare(v, stack, 'declared', e.loc) as VarTerm)
        return
      case 'somein':
        e.domain = use(e.domain)
        // Patterns, as OPA's `p = xs[_]`: their variables are declared (once: `some [x, x] in
        // pairs` compares the two), other terms compared.
        // The rewritten `value = domain[key]` itself uses them: never reported unused, as in OPA.
        if (e.key) e.key = this.declare(e.key, stack, 'pattern', undefined, true)
        e.value = this.declare(e.value, stack, 'pattern', undefined, true)
        for (const v of stack.at(-1)!.values()) if (v.occ === 'pattern') v.occ = 'declared'
        return
      case 'every': {
        e.domain = use(e.domain)
        const inner: Scope[] = [...stack, new Map()]
        // OPA reports an unused `every` variable at the first expression of its body.
        const at = e.body[0]?.loc ?? e.loc
        if (e.key) e.key = this.declare(e.key, inner, 'declared', at) as VarTerm
        e.value = this.declare(e.value, inner, 'declared', at) as VarTerm
        this.body(e.body, inner)
        return this.close(inner.at(-1)!)
      }
      case 'logic':
        this.scoped(e.left, stack)
        return this.scoped(e.right, stack)
      case 'block':
        return this.scoped(e.body, stack)
    }
  }

  private scoped(body: Body, stack: Scope[]): void {
    const scope: Scope = new Map()
    this.body(body, [...stack, scope])
    this.close(scope)
  }

  /** Renames uses: declared names to their new names, `_` to fresh wildcards; records other names as seen. */
  use(t: Term, stack: Scope[]): Term {
    // Its own recursion for the usual terms; collections go through rewriteTerm (see resolveTerm in resolve-refs.ts).
    if (isScalar(t)) return t
    switch (t.type) {
      case 'var':
        return this.useVar(t, stack)
      case 'ref': {
        let terms = t.terms
        for (let i = 0; i < t.terms.length; i++) {
          const x = t.terms[i]!
          const r = this.use(x, stack)
          if (r === x) continue
          if (terms === t.terms) terms = t.terms.slice()
          terms[i] = r
        }
        t.terms = terms
        return t
      }
      case 'call':
        t.args = t.args.map((a) => this.use(a, stack))
        return t
      case 'arraycomp':
      case 'setcomp':
      case 'objectcomp': {
        const inner: Scope[] = [...stack, new Map()]
        this.body(t.body, inner)
        if (t.type === 'objectcomp') {
          t.key = this.use(t.key, inner)
          t.value = this.use(t.value, inner)
        } else t.term = this.use(t.term, inner)
        this.close(inner.at(-1)!)
        return t
      }
      default:
        return rewriteTerm(t, (x) => (x === t ? undefined : this.use(x, stack)))
    }
  }

  private useVar(v: VarTerm, stack: Scope[]): Term {
    if (v.name === '_') return this.wildcard(v)
    for (let i = stack.length - 1; i >= 0; i--) {
      const found = stack[i]!.get(v.name)
      if (found) {
        found.uses++
        return found.to === v.name ? v : { ...v, name: found.to }
      }
    }
    stack.at(-1)!.set(v.name, { occ: 'seen', to: v.name, uses: 1 })
    return v
  }

  /**
   * Declares the variables of a pattern (var, array, object values) in the
   * innermost scope. Other terms are errors, except where the pattern
   * matches a value (`matches`; always for function arguments): there they
   * are values to compare with.
   */
  declare(t: Term, stack: Scope[], occ: Occurrence, at: Location | undefined, matches = occ === 'arg'): Term {
    switch (t.type) {
      case 'var': {
        if (t.name === '_') return this.wildcard(t)
        const scope = stack.at(-1)!
        const before = scope.get(t.name)
        // A variable repeated in a function's arguments (`same([_, k], k)`) is
        // one variable: its later occurrences must equal the first, as in OPA.
        if (before?.occ === 'arg' && occ === 'arg') {
          before.uses++
          return t
        }
        if (before?.occ === 'pattern' && occ === 'pattern') return { ...t, name: before.to }
        if (before) {
          this.state.report('rego_compile_error', t.loc, redeclared[before.occ](t.name))
          return t
        }
        const to = occ === 'arg' ? t.name : this.fresh()
        scope.set(t.name, { occ, to, uses: occ === 'pattern' ? 1 : 0, at })
        if (to !== t.name) this.state.rewrittenVars.set(to, t.name)
        return { ...t, name: to }
      }
      case 'array':
        t.items = t.items.map((x) => this.declare(x, stack, occ, at, matches))
        return t
      case 'object':
        t.entries = t.entries.map(([k, v]) => [this.use(k, stack), this.declare(v, stack, occ, at, matches)])
        return t
      default:
        // Function arguments may be any term (`f(1)`, `f("a")`), and so may `some … in`
        // patterns (`some [obj.k, x] in xs`): they match instead of binding.
        if (matches) return this.use(t, stack)
        this.state.report('rego_compile_error', t.loc, `cannot assign to ${typeName(t)}`)
        return t
    }
  }

  private fresh(): string {
    for (;;) {
      const name = `${this.state.localPrefix}${this.state.counter.locals++}__`
      if (!this.taken.has(name)) return name
    }
  }

  private wildcard(v: VarTerm): VarTerm {
    return { ...v, name: `$${this.state.counter.wildcards++}` }
  }
}

function typeName(t: Term): string {
  const names: Partial<Record<Term['type'], string>> = {
    arraycomp: 'arraycomprehension',
    setcomp: 'setcomprehension',
    objectcomp: 'objectcomprehension',
    template: 'templatestring',
  }
  return names[t.type] ?? t.type
}
