/**
 * Which rules each rule reads, for the recursion check and for the planner's
 * evaluation order. A ref into `data` depends on every rule group it can
 * reach: groups at or under its ground prefix (`data.a` reads all of package
 * a) and the group whose value it indexes into (`data.a.p.x` reads `data.a.p`).
 */
import type { Body, Term } from '../ast.js'
import type { CompileState, RuleGroup } from './types.js'
import { ruleBodies, walkBody, walkTerm } from './visit.js'

export function buildDependencyGraph(state: CompileState): void {
  const groups = [...state.rules.values()]
  for (const group of groups) {
    const deps = new Set<string>()
    for (const rule of [...group.rules, ...group.defaults]) {
      for (const { body, head } of ruleBodies(rule)) refsOf(body, head, groups).forEach((d) => deps.add(d))
    }
    state.graph.set(group.path, deps)
  }
  state.order = topologicalOrder(state.graph)
}

/** Rule paths that the refs of a body and head terms (closures, calls and `with` included) can reach. */
export function refsOf(body: Body, head: Term[], groups: RuleGroup[]): Set<string> {
  const out = new Set<string>()
  const visit = (t: Term) => {
    if (t.type !== 'ref' || t.terms[0]?.type !== 'var' || t.terms[0].name !== 'data') return
    for (const g of groups) if (reaches(t.terms, g.segments)) out.add(g.path)
  }
  walkBody(body, visit)
  head.forEach((h) => walkTerm(h, visit))
  return out
}

/**
 * Whether a ref can read a rule group: along the positions both have, each ref
 * term matches the segment (a string equal to it, or a dynamic term: variable,
 * ref, call). Numbers, booleans and null never name a rule (`data[2]`).
 */
function reaches(terms: Term[], segments: string[]): boolean {
  const n = Math.min(terms.length, segments.length)
  for (let i = 1; i < n; i++) {
    const t = terms[i]!
    if (t.type === 'string') {
      if (t.value !== segments[i]) return false
    } else if (t.type !== 'var' && t.type !== 'ref' && t.type !== 'call') return false
  }
  return true
}

/** Dependencies first; a cycle (reported by check-recursion) is broken where it is met. */
function topologicalOrder(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const order: string[] = []
  const seen = new Set<string>()
  const visit = (p: string) => {
    if (seen.has(p)) return
    seen.add(p)
    for (const d of graph.get(p) ?? []) visit(d)
    order.push(p)
  }
  for (const p of [...graph.keys()].sort()) visit(p)
  return order
}
