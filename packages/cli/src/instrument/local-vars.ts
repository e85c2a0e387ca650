/**
 * Which names in a rule body are its local variables, and which refs read
 * `input`, `data`, imports or rules — on the parsed (unchecked) AST, for
 * markers that pass values to the host. A marker may only name a local
 * that is bound where it stands: a rule name passed by mistake would be
 * undefined when the rule is, and would change the decision.
 */
import { walk, type AnyNode, type Module, type RefTerm, type Term, type VarTerm } from '@cordon/rego'

/** `['data', 'a', 'b']` for `package a.b`. */
export const packagePath = (m: Module): string[] =>
  m.package.path.terms.map((t) => (t.type === 'var' ? t.name : t.type === 'string' ? t.value : '?'))

/** `data.a.b` for `package a.b`. */
export const packageKey = (m: Module): string => packagePath(m).join('.')

/**
 * Names that are not local variables in `module`'s rules: `input`, `data`,
 * the module's imports and the rules of its package in every module.
 */
export function globalNames(module: Module, modules: readonly Module[]): Set<string> {
  const names = new Set(['input', 'data'])
  const pkg = packageKey(module)
  for (const m of modules) {
    if (packageKey(m) !== pkg) continue
    for (const r of m.rules) {
      const head = r.head.ref.terms[0]
      if (head?.type === 'var') names.add(head.name)
    }
  }
  for (const i of module.imports) {
    const last = i.path.terms[i.path.terms.length - 1]
    names.add(i.alias ?? (last?.type === 'string' ? last.value : last?.type === 'var' ? last.name : ''))
  }
  return names
}

/** A name the user wrote for a local: not `_`, not compiler-made. */
export const isUserLocal = (name: string, globals: ReadonlySet<string>): boolean =>
  name !== '_' && !name.startsWith('__') && !name.startsWith('$') && !globals.has(name)

/** Nodes whose variables are not this level's: closures, `some` declarations, the experimental `not { … }`, `and`, `or` bodies. */
const isClosure = (n: AnyNode) =>
  n.type === 'arraycomp' ||
  n.type === 'setcomp' ||
  n.type === 'objectcomp' ||
  (n.type === 'expr' && (n.kind === 'every' || n.kind === 'some' || n.kind === 'block' || n.kind === 'logic'))

/**
 * Visits `node` without entering comprehensions, `every` bodies and
 * variables, or `some` declarations (their variables are bound elsewhere or
 * not at this level), nor the operators of calls, nor `with` modifiers. An `every`'s domain is
 * still visited: it is evaluated in the enclosing body.
 */
function visitLevel(node: AnyNode, visit: (n: AnyNode) => void): void {
  walk(node, (n, parent) => {
    if (n !== node && isClosure(n)) {
      if (n.type === 'expr' && n.kind === 'every') visitLevel(n.domain, visit)
      return false
    }
    if (node.type === 'expr' && node.kind === 'every' && n === node) {
      visitLevel(node.domain, visit)
      return false
    }
    if (node.type === 'expr' && (node.kind === 'some' || node.kind === 'block' || node.kind === 'logic') && n === node)
      return false
    if (n.type === 'ref' && parent && 'operator' in parent && parent.operator === n) return false
    // `with` targets name documents, functions and builtins (`with count as …`), not variables.
    if (n.type === 'with') return false
    visit(n)
  })
}

/** The local variables `node` names at its own level, by name, first occurrence each. */
export function localVars(node: AnyNode, globals: ReadonlySet<string>): VarTerm[] {
  const out = new Map<string, VarTerm>()
  visitLevel(node, (n) => {
    if (n.type === 'var' && isUserLocal(n.name, globals) && !out.has(n.name)) out.set(n.name, n)
  })
  return [...out.values()]
}

/**
 * The refs `node` reads at its own level that start at one of `heads`
 * (`input.user.age`, `data.countries[c]`, an import's name), outermost only:
 * `data.a[input.k]` is one read. A bare import name counts; bare `input` and
 * `data` do not (the whole document).
 */
export function readsOf(node: AnyNode, heads: ReadonlySet<string>): (RefTerm | VarTerm)[] {
  const out: (RefTerm | VarTerm)[] = []
  const inside = new Set<AnyNode>()
  visitLevel(node, (n) => {
    if (inside.has(n)) return
    if (n.type === 'ref') {
      const head = n.terms[0]
      // A bare `input` or `data` (the whole document) is parsed as a one-term ref: not a read worth showing.
      const whole = n.terms.length === 1 && head?.type === 'var' && (head.name === 'input' || head.name === 'data')
      if (head?.type === 'var' && heads.has(head.name) && !whole) {
        out.push(n)
        walk(n, (x) => void inside.add(x))
      }
    } else if (n.type === 'var' && heads.has(n.name) && n.name !== 'data' && n.name !== 'input') out.push(n)
  })
  return out
}

/** The names of a module's imports, each with the path it stands for (`['data', 'x', 'y']`). */
export function importPaths(module: Module): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const i of module.imports) {
    const path = i.path.terms.map((t) => (t.type === 'var' ? t.name : t.type === 'string' ? t.value : '?'))
    if (path[0] !== 'input' && path[0] !== 'data') continue
    out.set(i.alias ?? path[path.length - 1]!, path)
  }
  return out
}

/** A copy of `t` with each variable outside `bound` made a wildcard, so it iterates rather than needing a binding. */
export function wildcardUnbound<T extends Term>(t: T, bound: ReadonlySet<string>, globals: ReadonlySet<string>): T {
  const copy = structuredClone(t)
  walk(copy, (n) => {
    if (n.type === 'var' && isUserLocal(n.name, globals) && !bound.has(n.name)) (n as VarTerm).name = '_'
  })
  return copy
}
