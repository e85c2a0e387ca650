/** walk (a relation: every [path, value] pair, root first) and graph reachability. */
import { RegoObject, RegoSet, typeName, type Value } from '../value/index.js'
import { obj, operandError } from './core-util.js'
import type { BuiltinImpl } from './types.js'

function walk(v: Value, path: Value[], out: Value[]): void {
  out.push([path, v])
  if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i], out))
  else if (v instanceof RegoObject) for (const [k, x] of v.entries()) walk(x, [...path, k], out)
  else if (v instanceof RegoSet) for (const x of v.values()) walk(x, [...path, x], out)
}

/** The vertices of an array or set of edges; nothing for anything else. */
function vertices(v: Value | undefined): Value[] {
  if (Array.isArray(v)) return v
  if (v instanceof RegoSet) return v.values()
  return []
}

function initial(name: string, v: Value): Value[] {
  if (Array.isArray(v) || v instanceof RegoSet) return vertices(v)
  throw operandError(name, 2, `must be {array, set} but got ${typeName(v)}`)
}

function reachable([g, init]: Value[]): Value {
  const graph = obj('graph.reachable', g!, 1)
  const queue = [...initial('graph.reachable', init!)]
  const reached = new RegoSet()
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!
    const edges = graph.get(node)
    if (edges === undefined) continue
    for (const n of vertices(edges)) if (!reached.has(n)) queue.push(n)
    reached.add(node)
  }
  return reached
}

function pathBuilder(graph: RegoObject, root: Value, path: Value[], out: RegoSet, reached: RegoSet): void {
  const edges = graph.get(root)
  if (edges === undefined) {
    out.add(path)
    return
  }
  const here = [...path, root]
  const next = vertices(edges)
  if (next.length === 0) {
    out.add(here)
    return
  }
  const seen = new RegoSet([...reached.values(), root])
  for (const n of next) {
    if (seen.has(n)) out.add(here)
    else pathBuilder(graph, n, here, out, seen)
  }
}

function reachablePaths([g, init]: Value[]): Value {
  const graph = obj('graph.reachable_paths', g!, 1)
  const out = new RegoSet()
  for (const node of initial('graph.reachable_paths', init!)) {
    const edges = graph.get(node)
    if (edges === undefined) continue
    const next = vertices(edges)
    if (next.length === 0) out.add([node])
    else for (const n of next) pathBuilder(graph, n, [node], out, new RegoSet([node]))
  }
  return out
}

export const walkGraphImpls: Record<string, BuiltinImpl> = {
  walk: ([v]) => {
    const out: Value[] = []
    walk(v!, [], out)
    return out
  },
  'graph.reachable': reachable,
  'graph.reachable_paths': reachablePaths,
}
