// graph.reachable and walk (opa_value_transitive_closure).
import { opa_free, opa_malloc, opa_realloc } from "./alloc";
import {
  T_ARRAY, T_OBJECT, T_SET, vtype, arrLen, arrGet, opa_array_with_cap, opa_array_append, opa_number_int,
} from "./value";
import { mapCount, mapFind, nodeKey, nodeValue, opa_map_first, opa_map_next } from "./map";
import { sortedView, viewAdvance, viewCurrent } from "./sorted-view";
import { opa_set, opa_set_add, opa_set_contains } from "./set";
import { typeError } from "./strict";

/**
 * graph.reachable(graph, initial): nodes reachable from `initial` that are
 * keys of `graph`. Edges are arrays or sets of nodes (any other value: no
 * edges, as in OPA).
 */
export function builtin_graph_reachable(graph: usize, initial: usize): usize {
  if (graph == 0 || initial == 0) return 0;
  if (vtype(graph) != T_OBJECT) return typeError("graph.reachable", 1, "object", graph);
  let ti = vtype(initial);
  if (ti != T_ARRAY && ti != T_SET) return typeError("graph.reachable", 2, "{array, set}", initial);
  let reached = opa_set();
  // work queue of value pointers
  let cap: usize = 64;
  let q = opa_malloc(cap << 2);
  let qlen: usize = 0;
  if (ti == T_ARRAY) {
    let n = arrLen(initial);
    for (let i: usize = 0; i < n; i++) { if (qlen == cap) { cap <<= 1; q = opa_realloc(q, cap << 2); } store<u32>(q + (qlen++ << 2), <u32>arrGet(initial, i)); }
  } else {
    let nd = opa_map_first(initial);
    while (nd) { if (qlen == cap) { cap <<= 1; q = opa_realloc(q, cap << 2); } store<u32>(q + (qlen++ << 2), <u32>nodeKey(nd)); nd = opa_map_next(initial, nd); }
  }
  while (qlen > 0) {
    let node = <usize>load<u32>(q + (--qlen << 2));
    if (opa_set_contains(reached, node)) continue;
    let gn = mapFind(graph, node);
    if (gn == 0) continue;
    opa_set_add(reached, node);
    let edges = nodeValue(gn);
    let te = vtype(edges);
    if (te == T_ARRAY) {
      let n = arrLen(edges);
      for (let i: usize = 0; i < n; i++) { if (qlen == cap) { cap <<= 1; q = opa_realloc(q, cap << 2); } store<u32>(q + (qlen++ << 2), <u32>arrGet(edges, i)); }
    } else if (te == T_SET) {
      let nd = opa_map_first(edges);
      while (nd) { if (qlen == cap) { cap <<= 1; q = opa_realloc(q, cap << 2); } store<u32>(q + (qlen++ << 2), <u32>nodeKey(nd)); nd = opa_map_next(edges, nd); }
    }
  }
  opa_free(q);
  return reached;
}

function walkInto(out: usize, path: usize, v: usize): void {
  let pair = opa_array_with_cap(2);
  opa_array_append(pair, path);
  opa_array_append(pair, v);
  opa_array_append(out, pair);
  let t = vtype(v);
  if (t == T_ARRAY) {
    let n = arrLen(v);
    for (let i: usize = 0; i < n; i++) walkInto(out, extend(path, opa_number_int(<i64>i)), arrGet(v, i));
  } else if ((t == T_OBJECT || t == T_SET) && mapCount(v) > 0) {
    // Keys in Rego's value order, as OPA's walk visits them.
    let view = sortedView(v);
    do {
      let nd = viewCurrent(view);
      walkInto(out, extend(path, nodeKey(nd)), t == T_OBJECT ? nodeValue(nd) : nodeKey(nd));
    } while (viewAdvance(view));
    opa_free(view);
  }
}

function extend(path: usize, k: usize): usize {
  let n = arrLen(path);
  let r = opa_array_with_cap(n + 1);
  for (let i: usize = 0; i < n; i++) opa_array_append(r, arrGet(path, i));
  opa_array_append(r, k);
  return r;
}

/** walk(x): array of [path, value] for x and every nested value, pre-order. */
export function opa_value_transitive_closure(v: usize): usize {
  if (v == 0) return 0;
  let out = opa_array_with_cap(8);
  walkInto(out, opa_array_with_cap(0), v);
  return out;
}
