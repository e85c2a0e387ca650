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
  const groups = groupTree(state.rules.values())
  for (const group of state.rules.values()) {
    const deps = new Set<string>()
    for (const rule of [...group.rules, ...group.defaults]) {
      for (const { body, head } of ruleBodies(rule)) refsOf(body, head, groups, deps)
    }
    state.graph.set(group.path, deps)
  }
  state.order = topologicalOrder(state.graph)
}

/** Rule groups by path segment, so a ref finds the groups it reaches without trying each one. */
export interface GroupTree {
  children: Map<string, GroupTree>
  /** The group whose path ends here. */
  group?: RuleGroup
}

export function groupTree(groups: Iterable<RuleGroup>): GroupTree {
  const root: GroupTree = { children: new Map() }
  for (const g of groups) {
    let node = root
    // segments[0] is `data`, which every ref handled here starts with.
    for (const seg of g.segments.slice(1)) {
      let child = node.children.get(seg)
      if (!child) node.children.set(seg, (child = { children: new Map() }))
      node = child
    }
    node.group = g
  }
  return root
}

/** Rule paths that the refs of a body and head terms (closures, calls and `with` included) can reach, added to `out`. */
export function refsOf(body: Body, head: Term[], groups: GroupTree, out = new Set<string>()): Set<string> {
  const visit = (t: Term) => {
    if (t.type !== 'ref' || t.terms[0]?.type !== 'var' || t.terms[0].name !== 'data') return
    reached(t.terms, 1, groups, out)
  }
  walkBody(body, visit)
  head.forEach((h) => walkTerm(h, visit))
  return out
}

/**
 * The groups a ref can read, from ref position `i` at `node`: along the
 * positions both have, each ref term matches the segment (a string equal to
 * it, or a dynamic term: variable, ref, call); a group whose path the ref
 * outgrows is read too (`data.a.p.x` reads `data.a.p`), and so is every group
 * below the ref's end (`data.a` reads all of package a). Numbers, booleans and
 * null never name a rule (`data[2]`).
 */
function reached(terms: Term[], i: number, node: GroupTree, out: Set<string>): void {
  if (node.group) out.add(node.group.path)
  if (i >= terms.length) {
    for (const child of node.children.values()) reached(terms, i, child, out)
    return
  }
  const t = terms[i]!
  if (t.type === 'string') {
    const child = node.children.get(t.value)
    if (child) reached(terms, i + 1, child, out)
  } else if (t.type === 'var' || t.type === 'ref' || t.type === 'call') {
    for (const child of node.children.values()) reached(terms, i + 1, child, out)
  }
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
