/**
 * Makes every reference absolute, as OPA's resolveAllRefs does: a rule name
 * of the module's package becomes `data.<pkg>.<name>` (rules of the same
 * package in other modules included), an import alias becomes the imported
 * path, calls of user functions get their `data.` operator. Local variables
 * (function arguments, `:=`, `some`, `every` declarations) shadow those names
 * and stay variables; `input`, `data` and builtin names stay as they are.
 * Imports win over rule names, as in OPA. In strict mode an import no rule
 * resolves through is an error (OPA's "import data.x unused").
 */
import type { Body, Expr, Module, RefTerm, Rule, Term } from '../ast.js'
import { importName, importText } from './check-imports.js'
import { packageSegments } from './build-rule-tree.js'
import type { CompileState } from './types.js'
import { groundPrefix, isScalar, makeRef, patternVars, refName, rewriteTerm, varOccurrences } from './visit.js'

/** Names that resolve to absolute paths; `used` collects the names some reference resolved through. */
type Globals = Map<string, string[]> & { used?: Set<string> }

export function resolveRefs(state: CompileState): void {
  const exports = new Map<string, Set<string>>()
  for (const m of state.modules) {
    const pkg = packageSegments(m).join('.')
    const names = exports.get(pkg) ?? new Set()
    for (const r of m.rules) names.add(groundPrefix(r.head.ref)[0]!)
    exports.set(pkg, names)
  }
  for (const m of state.modules) {
    const globals = moduleGlobals(m, exports.get(packageSegments(m).join('.'))!)
    globals.used = new Set()
    for (const rule of m.rules) resolveRule(rule, globals)
    if (state.strict) reportUnusedImports(state, m, globals.used)
  }
}

/** OPA's checkUnusedImports: `import data.foo` (or `as bar`) that no reference resolved through. */
function reportUnusedImports(state: CompileState, m: Module, used: Set<string>): void {
  for (const imp of m.imports) {
    const path = refName(imp.path)
    const root = path?.split('.')[0]
    if (!path || (root !== 'data' && root !== 'input')) continue
    if (!used.has(importName(imp)!)) state.report('rego_compile_error', imp.loc, `${importText(imp)} unused`)
  }
}

/** The global a name resolves to (undefined when a local shadows it), noted as used. */
function lookup(name: string, globals: Globals, ignore: Set<string>[]): string[] | undefined {
  const target = isIgnored(name, ignore) ? undefined : globals.get(name)
  if (target) globals.used?.add(name)
  return target
}

function moduleGlobals(m: Module, names: Set<string>): Globals {
  const pkg = packageSegments(m)
  const globals: Globals = new Map([...names].map((n) => [n, [...pkg, n]]))
  for (const imp of m.imports) {
    const path = refName(imp.path)?.split('.')
    if (!path || (path[0] !== 'data' && path[0] !== 'input')) continue
    globals.set(imp.alias ?? path.at(-1)!, path)
  }
  return globals
}

function resolveRule(rule: Rule, globals: Globals): void {
  const args = new Set((rule.head.args ?? []).flatMap((a) => varOccurrences(a, false).map((v) => v.name)))
  for (let r: Rule | undefined = rule; r; r = r.else) {
    const ignore = [args, declaredVars(r.body)]
    const h = r.head
    h.ref.terms = h.ref.terms.map((t, i) => (i === 0 ? t : resolveTerm(t, globals, ignore)))
    if (h.key) h.key = resolveTerm(h.key, globals, ignore)
    if (h.value) h.value = resolveTerm(h.value, globals, ignore)
    resolveBody(r.body, globals, ignore)
  }
}

/** Variables a body declares at its own level: `:=` targets, `some`, `some … in`, `every`. */
function declaredVars(body: Body): Set<string> {
  const out = new Set<string>()
  const add = (t: Term | undefined) => t && varOccurrences(t, true).forEach((v) => out.add(v.name))
  for (const e of body) {
    if (e.kind === 'call' && refName(e.operator) === 'assign') add(e.args[0])
    else if (e.kind === 'some') e.vars.forEach(add)
    else if (e.kind === 'somein') [e.key, e.value].forEach((t) => t && patternVars(t).forEach((v) => out.add(v.name)))
  }
  return out
}

function isIgnored(name: string, ignore: Set<string>[]): boolean {
  return ignore.some((s) => s.has(name))
}

function resolveBody(body: Body, globals: Globals, ignore: Set<string>[]): void {
  for (const e of body) resolveExpr(e, globals, ignore)
}

function resolveExpr(e: Expr, globals: Globals, ignore: Set<string>[]): void {
  const term = (t: Term) => resolveTerm(t, globals, ignore)
  switch (e.kind) {
    case 'term':
      e.term = term(e.term)
      break
    case 'call':
      e.operator = resolveOperator(e.operator, globals, ignore)
      e.args = e.args.map(term)
      break
    case 'somein':
      e.domain = term(e.domain)
      if (e.key) e.key = term(e.key)
      e.value = term(e.value)
      break
    case 'every': {
      e.domain = term(e.domain)
      const inner = new Set([e.key?.name, e.value.name].filter((n): n is string => !!n))
      resolveBody(e.body, globals, [...ignore, inner, declaredVars(e.body)])
      break
    }
    case 'logic':
      resolveBody(e.left, globals, [...ignore, declaredVars(e.left)])
      resolveBody(e.right, globals, [...ignore, declaredVars(e.right)])
      break
    case 'block':
      resolveBody(e.body, globals, [...ignore, declaredVars(e.body)])
      break
  }
  for (const w of e.with) {
    w.target = resolveOperator(w.target, globals, ignore)
    w.value = term(w.value)
  }
}

/** A call operator or `with` target: only its head name can be a global. */
function resolveOperator(op: RefTerm, globals: Globals, ignore: Set<string>[]): RefTerm {
  const head = op.terms[0]
  if (head?.type !== 'var') return op
  const target = lookup(head.name, globals, ignore)
  if (!target) return op
  return { ...op, terms: [...makeRef(target, head.loc).terms, ...op.terms.slice(1)] }
}

/**
 * `t` with its names resolved. Its own recursion for the usual terms (refs,
 * variables, calls, scalars): rewriteTerm's callback would be a closure per
 * term; collections go through rewriteTerm, which copies a list only when an
 * item changes.
 */
function resolveTerm(t: Term, globals: Globals, ignore: Set<string>[]): Term {
  if (isScalar(t)) return t
  switch (t.type) {
    case 'var': {
      const target = lookup(t.name, globals, ignore)
      return target ? makeRef(target, t.loc) : t
    }
    case 'ref': {
      const head = t.terms[0]
      const resolvedHead = head ? resolveTerm(head, globals, ignore) : head
      const terms: Term[] = resolvedHead?.type === 'ref' ? resolvedHead.terms.slice() : [resolvedHead!]
      for (let i = 1; i < t.terms.length; i++) terms.push(resolveTerm(t.terms[i]!, globals, ignore))
      t.terms = terms
      return t
    }
    case 'call':
      t.operator = resolveOperator(t.operator, globals, ignore)
      t.args = t.args.map((a) => resolveTerm(a, globals, ignore))
      return t
    case 'arraycomp':
    case 'setcomp':
    case 'objectcomp': {
      const inner = [...ignore, declaredVars(t.body)]
      resolveBody(t.body, globals, inner)
      if (t.type === 'objectcomp') {
        t.key = resolveTerm(t.key, globals, inner)
        t.value = resolveTerm(t.value, globals, inner)
      } else t.term = resolveTerm(t.term, globals, inner)
      return t
    }
    default:
      return rewriteTerm(t, (x) => (x === t ? undefined : resolveTerm(x, globals, ignore)))
  }
}
