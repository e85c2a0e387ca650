/**
 * Rego rules may not depend on themselves, directly or through other rules
 * (`rego_recursion_error`, OPA's message: "rule data.x.p is recursive:
 * data.x.p -> data.x.q -> data.x.p"). Each rule on a cycle is reported once.
 */
import type { CompileState } from './types.js'

export function checkRecursion(state: CompileState): void {
  for (const group of state.rules.values()) {
    const cycle = pathBack(state.graph, group.path)
    if (!cycle) continue
    const first = [...group.rules, ...group.defaults].sort((a, b) => a.loc.offset - b.loc.offset)[0]!
    state.report('rego_recursion_error', first.loc, `rule ${group.path} is recursive: ${cycle.join(' -> ')}`)
  }
}

/** The shortest path from `start` back to itself, as node list `start … start`. */
function pathBack(graph: ReadonlyMap<string, ReadonlySet<string>>, start: string): string[] | undefined {
  const parent = new Map<string, string>()
  const queue = [...(graph.get(start) ?? [])]
  for (const d of queue) parent.set(d, start)
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!
    if (node === start) {
      const path = [start]
      for (let n = parent.get(start)!; n !== start; n = parent.get(n)!) path.unshift(n)
      return [start, ...path]
    }
    for (const d of graph.get(node) ?? []) {
      if (!parent.has(d)) {
        parent.set(d, node)
        queue.push(d)
      }
    }
  }
  return undefined
}
