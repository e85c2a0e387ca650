// Generic value access: get, length, iteration, copy, free.
import { opa_free, opa_malloc, isStatic, blockSize } from "./alloc";
import {
  T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, N_INT, N_REF,
  vtype, numRepr, numInt, arrLen, arrGet, strLen, strPtr, opa_number_int, opa_array_with_cap, opa_array_append,
} from "./value";
import { opa_number_is_int, opa_number_as_int } from "./number";
import { runeCount } from "./utf8";
import { newMap, mapFind, mapFindString, insertNew, mapCount, nodeKey, nodeValue, nodeHash, opa_map_first, opa_map_next, mapFreeStorage } from "./map";
import { keyAfter, sortedView, viewAdvance, viewCurrent } from "./sorted-view";
import { copyBytes } from "./mem";

/** Array index of a number key, or -1. */
function indexOf(key: usize): i64 {
  if (vtype(key) != T_NUMBER) return -1;
  if (numRepr(key) == N_INT) return numInt(key);
  if (!opa_number_is_int(key)) return -1;
  return opa_number_as_int(key);
}

/** v[key]: array element, object value, or the element itself for sets; 0 if absent. */
export function opa_value_get(v: usize, key: usize): usize {
  if (v == 0 || key == 0) return 0;
  switch (vtype(v)) {
    case T_ARRAY: {
      let i = indexOf(key);
      if (i < 0 || i >= <i64>arrLen(v)) return 0;
      return arrGet(v, <usize>i);
    }
    case T_OBJECT: {
      let n = mapFind(v, key);
      return n ? nodeValue(n) : 0;
    }
    case T_SET: {
      let n = mapFind(v, key);
      return n ? nodeKey(n) : 0;
    }
  }
  return 0;
}

/**
 * `v[key]` for a static string key, which carries its hash (a constant key:
 * `input.user`, `r.models`; VALUES.md, offset 12, rewritten by the instance's
 * seed): no hashing at run time. Read here rather than passed by the caller,
 * so each of the thousands of call sites in a big policy is six bytes
 * shorter (issue 18). Arrays have no string keys.
 */
export function cordon_value_get_str(v: usize, key: usize): usize {
  if (v == 0) return 0;
  let t = vtype(v);
  if (t != T_OBJECT && t != T_SET) return 0;
  let n = mapFindString(v, key, load<u32>(key, 12));
  if (n == 0) return 0;
  return t == T_OBJECT ? nodeValue(n) : nodeKey(n);
}

/** cordon_value_get_str twice: v[k1][k2] (a chain of constant keys, src/codegen/lookup-chain.ts). */
export function cordon_value_get_str2(v: usize, k1: usize, k2: usize): usize {
  return cordon_value_get_str(cordon_value_get_str(v, k1), k2);
}

// Scan cursors: the compiled form of `some k, v in x`, without the hashing
// and the number allocations of opa_value_iter + opa_value_get. A cursor is
// 0 before the first element; for an array, the index of the element plus
// one. For an object or a set: with cordon_scan_*, the element's node, in
// bucket order (scans whose order does not show: existence, sets, objects);
// with cordon_scan_sorted_*, a sorted view of the nodes (sorted-view.ts), so
// elements come in Rego's value order as in OPA's evaluator (scans in an
// array comprehension). The view is freed when the scan reaches its end.

/** The cursor after `cursor`, or 0 when there is none (scalars have none). */
export function cordon_scan_next(v: usize, cursor: usize): usize {
  return scanNext(v, cursor);
}

/** cordon_scan_next, inlined where it is called (cordon_scan_step: the generated loops' step). */
// @ts-ignore: decorator
@inline export function scanNext(v: usize, cursor: usize): usize {
  if (v == 0) return 0;
  switch (vtype(v)) {
    case T_ARRAY: return cursor < arrLen(v) ? cursor + 1 : 0;
    case T_OBJECT:
    case T_SET: return cursor == 0 ? opa_map_first(v) : opa_map_next(v, cursor);
  }
  return 0;
}

/** The key at a cursor: the index of an array element, an object's key, a set's element. */
export function cordon_scan_key(v: usize, cursor: usize): usize {
  return vtype(v) == T_ARRAY ? opa_number_int(<i64>(cursor - 1)) : nodeKey(cursor);
}

/** The value at a cursor: the element of an array or a set, an object's value. */
export function cordon_scan_value(v: usize, cursor: usize): usize {
  return scanValue(v, cursor);
}

/** cordon_scan_value, inlined where it is called (cordon_scan_step). */
// @ts-ignore: decorator
@inline export function scanValue(v: usize, cursor: usize): usize {
  switch (vtype(v)) {
    case T_ARRAY: return arrGet(v, cursor - 1);
    case T_OBJECT: return nodeValue(cursor);
  }
  return nodeKey(cursor);
}

/** cordon_scan_next in Rego's value order. */
export function cordon_scan_sorted_next(v: usize, cursor: usize): usize {
  if (v == 0) return 0;
  let t = vtype(v);
  if (t != T_OBJECT && t != T_SET) return cordon_scan_next(v, cursor);
  if (cursor == 0) return mapCount(v) == 0 ? 0 : sortedView(v);
  if (viewAdvance(cursor)) return cursor;
  opa_free(cursor);
  return 0;
}

/** cordon_scan_key for a cursor of cordon_scan_sorted_next. */
export function cordon_scan_sorted_key(v: usize, cursor: usize): usize {
  return vtype(v) == T_ARRAY ? cordon_scan_key(v, cursor) : nodeKey(viewCurrent(cursor));
}

/** cordon_scan_value for a cursor of cordon_scan_sorted_next. */
export function cordon_scan_sorted_value(v: usize, cursor: usize): usize {
  switch (vtype(v)) {
    case T_ARRAY: return arrGet(v, cursor - 1);
    case T_OBJECT: return nodeValue(viewCurrent(cursor));
  }
  return nodeKey(viewCurrent(cursor));
}

/** Elements of a collection; code points of a string; 0 for scalars. */
export function opa_value_length(v: usize): usize {
  if (v == 0) return 0;
  switch (vtype(v)) {
    case T_ARRAY: return arrLen(v);
    case T_OBJECT:
    case T_SET: return mapCount(v);
    case T_STRING: return runeCount(strPtr(v), strLen(v));
  }
  return 0;
}

/**
 * Iteration: `prev == 0` gives the first key; otherwise the key after `prev`;
 * 0 at the end. Object keys and set elements come in Rego's value order. Keys are array indexes (new numbers), object keys, or set
 * elements. The collection must not change during the iteration.
 */
export function opa_value_iter(v: usize, prev: usize): usize {
  if (v == 0) return 0;
  switch (vtype(v)) {
    case T_ARRAY: {
      let next: i64 = prev == 0 ? 0 : indexOf(prev) + 1;
      if (next < 0 || next >= <i64>arrLen(v)) return 0;
      return opa_number_int(next);
    }
    case T_OBJECT:
    case T_SET: return keyAfter(v, prev);
  }
  return 0;
}

/** One-level copy of an array, object or set (scalars are returned as is). */
export function opa_value_shallow_copy(v: usize): usize {
  if (v == 0) return 0;
  let t = vtype(v);
  if (t == T_ARRAY) {
    let n = arrLen(v);
    let r = opa_array_with_cap(n);
    for (let i: usize = 0; i < n; i++) opa_array_append(r, arrGet(v, i));
    return r;
  }
  if (t == T_OBJECT || t == T_SET) {
    let r = newMap(t);
    let n = opa_map_first(v);
    while (n != 0) { insertNew(r, nodeKey(n), nodeValue(n), nodeHash(n)); n = opa_map_next(v, n); }
    return r;
  }
  return v;
}

/** Free a value tree made by the parsers (static values are skipped). */
export function opa_value_free(v: usize): void {
  if (v == 0 || isStatic(v)) return;
  let t = vtype(v);
  if (t == T_ARRAY) {
    let n = arrLen(v);
    for (let i: usize = 0; i < n; i++) opa_value_free(arrGet(v, i));
    let elems = <usize>load<u32>(v, 12);
    if (elems) opa_free(elems);
  } else if (t == T_OBJECT || t == T_SET) {
    let n = opa_map_first(v);
    while (n != 0) {
      opa_value_free(nodeKey(n));
      opa_value_free(nodeValue(n));
      n = opa_map_next(v, n);
    }
    mapFreeStorage(v);
  }
  opa_free(v);
}

;

/** Deep copy (static scalars are shared). */
export function opa_value_copy(v: usize): usize {
  if (v == 0) return 0;
  let t = vtype(v);
  if (t == T_ARRAY) {
    let n = arrLen(v);
    let r = opa_array_with_cap(n);
    for (let i: usize = 0; i < n; i++) opa_array_append(r, opa_value_copy(arrGet(v, i)));
    return r;
  }
  if (t == T_OBJECT || t == T_SET) {
    let r = newMap(t);
    let n = opa_map_first(v);
    while (n != 0) {
      let val = nodeValue(n);
      insertNew(r, opa_value_copy(nodeKey(n)), val ? opa_value_copy(val) : 0, nodeHash(n));
      n = opa_map_next(v, n);
    }
    return r;
  }
  if (isStatic(v)) return v;
  let size = blockSize(v);
  let r = opa_malloc(size);
  copyBytes(r, v, size);
  // fix interior pointers of inline payloads
  if (t == T_STRING && strPtr(v) - v < size) store<u32>(r, <u32>(r + (strPtr(v) - v)), 8);
  if (t == T_NUMBER && numRepr(v) == N_REF && <usize>load<u32>(v, 8) == v + 16) store<u32>(r, <u32>(r + 16), 8);
  return r;
}
