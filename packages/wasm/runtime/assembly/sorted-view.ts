// Enumeration of sets and object keys in Rego's value order, the order OPA's
// evaluator enumerates them in (`[x | some x in {3, 1, 2}]` is `[1, 2, 3]`);
// the hash table's bucket order is arbitrary. Lookups keep using the table.
//
// A sorted view is one block: [u32 position][u32 count][u32 node]×count, the
// map's nodes sorted by key. It is valid while the map is not modified; the
// caller frees it (opa_free), or it goes with the evaluation's heap.
import { opa_malloc } from "./alloc";
import { mapCount, nodeKey, opa_map_first, opa_map_next } from "./map";
import { opa_value_compare, sortNodes } from "./compare";

export function sortedView(m: usize): usize {
  let n = mapCount(m);
  let view = opa_malloc(8 + (n << 2));
  store<u32>(view, 0);
  store<u32>(view, <u32>n, 4);
  let nodes = view + 8;
  let i: usize = 0;
  let nd = opa_map_first(m);
  while (nd != 0) {
    store<u32>(nodes + (i << 2), <u32>nd);
    i++;
    nd = opa_map_next(m, nd);
  }
  sortNodes(nodes, n);
  return view;
}

// @ts-ignore: decorator
@inline function viewCount(view: usize): usize { return <usize>load<u32>(view, 4); }
// @ts-ignore: decorator
@inline function viewPosition(view: usize): usize { return <usize>load<u32>(view); }
// @ts-ignore: decorator
@inline function viewNode(view: usize, i: usize): usize { return <usize>load<u32>(view + 8 + (i << 2)); }
// @ts-ignore: decorator
@inline export function viewCurrent(view: usize): usize { return viewNode(view, viewPosition(view)); }

/** Moves a view to its next node; false (and the view unchanged) at the end. */
export function viewAdvance(view: usize): bool {
  let pos = viewPosition(view) + 1;
  if (pos >= viewCount(view)) return false;
  store<u32>(view, <u32>pos);
  return true;
}

/** The smallest key of `m` greater than `prev` (any key when `prev` is 0), or 0: one step without a view. */
export function keyAfter(m: usize, prev: usize): usize {
  let best: usize = 0;
  let nd = opa_map_first(m);
  while (nd != 0) {
    let k = nodeKey(nd);
    if (opa_value_compare(k, prev) > 0 && (best == 0 || opa_value_compare(k, best) < 0)) best = k;
    nd = opa_map_next(m, nd);
  }
  return best;
}
