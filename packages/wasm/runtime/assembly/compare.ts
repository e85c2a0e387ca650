// Rego's total order, equality and hashing.
// Order: null < boolean < number < string < array < object < set.
import { opa_malloc, opa_free } from "./alloc";
import {
  T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET,
  vtype, boolOf, strLen, strPtr, arrLen, arrGet,
} from "./value";
import { numCompare, numHash, mix32 } from "./number";
import { hashBytes } from "./hash";
import { mapCount, mapFind, mapKeysArray, nodeKey, nodeValue, nodeHash, opa_map_first, opa_map_next } from "./map";

function cmpBytes(pa: usize, la: usize, pb: usize, lb: usize): i32 {
  let n = la < lb ? la : lb;
  let c = memory.compare(pa, pb, n);
  if (c != 0) return c < 0 ? -1 : 1;
  return la == lb ? 0 : (la < lb ? -1 : 1);
}

/** Sort `n` value pointers stored as u32 at `p` (merge sort, stable). */
export function sortValues(p: usize, n: usize): void { sortPointers(p, n, false); }

/** Sort `n` map nodes stored as u32 at `p` by their keys. */
export function sortNodes(p: usize, n: usize): void { sortPointers(p, n, true); }

/** Compares two entries of a pointer array: values, or nodes by key. */
// @ts-ignore: decorator
@inline function cmpAt(a: u32, b: u32, nodes: bool): i32 {
  return nodes ? opa_value_compare(nodeKey(<usize>a), nodeKey(<usize>b)) : opa_value_compare(<usize>a, <usize>b);
}

function sortPointers(p: usize, n: usize, nodes: bool): void {
  if (n < 2) return;
  if (n <= 12) {
    for (let i: usize = 1; i < n; i++) {
      let x = load<u32>(p + (i << 2));
      let j = i;
      while (j > 0 && cmpAt(load<u32>(p + ((j - 1) << 2)), x, nodes) > 0) {
        store<u32>(p + (j << 2), load<u32>(p + ((j - 1) << 2)));
        j--;
      }
      store<u32>(p + (j << 2), x);
    }
    return;
  }
  let tmp = opa_malloc(n << 2);
  mergeSort(p, tmp, n, nodes);
  opa_free(tmp);
}

function mergeSort(p: usize, tmp: usize, n: usize, nodes: bool): void {
  if (n <= 12) { sortPointers(p, n, nodes); return; }
  let h = n >> 1;
  mergeSort(p, tmp, h, nodes);
  mergeSort(p + (h << 2), tmp, n - h, nodes);
  let i: usize = 0, j: usize = h, k: usize = 0;
  while (i < h && j < n) {
    let a = load<u32>(p + (i << 2)), b = load<u32>(p + (j << 2));
    if (cmpAt(b, a, nodes) < 0) { store<u32>(tmp + (k << 2), b); j++; }
    else { store<u32>(tmp + (k << 2), a); i++; }
    k++;
  }
  while (i < h) { store<u32>(tmp + (k << 2), load<u32>(p + (i << 2))); i++; k++; }
  while (j < n) { store<u32>(tmp + (k << 2), load<u32>(p + (j << 2))); j++; k++; }
  memory.copy(p, tmp, n << 2);
}

/** Sorted keys (objects) or elements (sets) as a u32 array the caller frees. */
export function sortedKeys(m: usize): usize {
  let keys = mapKeysArray(m);
  sortValues(keys, mapCount(m));
  return keys;
}

/** Total order: -1, 0 or 1. Undefined (0 pointer) sorts before everything. */
export function opa_value_compare(a: usize, b: usize): i32 {
  if (a == b) return 0;
  if (a == 0) return -1;
  if (b == 0) return 1;
  let ta = vtype(a), tb = vtype(b);
  if (ta != tb) return ta < tb ? -1 : 1;
  switch (ta) {
    case T_NULL: return 0;
    case T_BOOLEAN: {
      let x = boolOf(a), y = boolOf(b);
      return x == y ? 0 : (x ? 1 : -1);
    }
    case T_NUMBER: return numCompare(a, b);
    case T_STRING: return cmpBytes(strPtr(a), strLen(a), strPtr(b), strLen(b));
    case T_ARRAY: {
      let la = arrLen(a), lb = arrLen(b);
      let n = la < lb ? la : lb;
      for (let i: usize = 0; i < n; i++) {
        let c = opa_value_compare(arrGet(a, i), arrGet(b, i));
        if (c != 0) return c;
      }
      return la == lb ? 0 : (la < lb ? -1 : 1);
    }
    case T_OBJECT: {
      let la = mapCount(a), lb = mapCount(b);
      let ka = sortedKeys(a), kb = sortedKeys(b);
      let n = la < lb ? la : lb;
      let c = 0;
      for (let i: usize = 0; i < n && c == 0; i++) {
        let x = <usize>load<u32>(ka + (i << 2)), y = <usize>load<u32>(kb + (i << 2));
        c = opa_value_compare(x, y);
        if (c == 0) c = opa_value_compare(nodeValue(mapFind(a, x)), nodeValue(mapFind(b, y)));
      }
      opa_free(kb);
      opa_free(ka);
      if (c != 0) return c;
      return la == lb ? 0 : (la < lb ? -1 : 1);
    }
    case T_SET: {
      let la = mapCount(a), lb = mapCount(b);
      let ka = sortedKeys(a), kb = sortedKeys(b);
      let n = la < lb ? la : lb;
      let c = 0;
      for (let i: usize = 0; i < n && c == 0; i++) {
        c = opa_value_compare(<usize>load<u32>(ka + (i << 2)), <usize>load<u32>(kb + (i << 2)));
      }
      opa_free(kb);
      opa_free(ka);
      if (c != 0) return c;
      return la == lb ? 0 : (la < lb ? -1 : 1);
    }
  }
  return 0;
}

/**
 * 1 when `v` is undefined (0) or false: the planner's `x != false` test of a
 * body expression fails, without the constant operand, joined with the test
 * for undefined of the call or lookup that set `x` (issue 18).
 */
export function cordon_undefined_or_false(v: usize): i32 {
  return v == 0 || (vtype(v) == T_BOOLEAN && !boolOf(v)) ? 1 : 0;
}

/** 1 when equal (Rego equality: numbers by value), else 0. No sorting needed. */
export function opa_value_compare_eq(a: usize, b: usize): i32 {
  if (a == b) return 1;
  if (a == 0 || b == 0) return 0;
  let ta = vtype(a);
  if (ta != vtype(b)) return 0;
  switch (ta) {
    case T_NULL: return 1;
    case T_BOOLEAN: return boolOf(a) == boolOf(b) ? 1 : 0;
    case T_NUMBER: return numCompare(a, b) == 0 ? 1 : 0;
    case T_STRING: {
      let n = strLen(a);
      return n == strLen(b) && memory.compare(strPtr(a), strPtr(b), n) == 0 ? 1 : 0;
    }
    case T_ARRAY: {
      let n = arrLen(a);
      if (n != arrLen(b)) return 0;
      for (let i: usize = 0; i < n; i++) if (!opa_value_compare_eq(arrGet(a, i), arrGet(b, i))) return 0;
      return 1;
    }
    case T_OBJECT: {
      if (mapCount(a) != mapCount(b)) return 0;
      let n = opa_map_first(a);
      while (n != 0) {
        let o = mapFind(b, nodeKey(n));
        if (o == 0 || !opa_value_compare_eq(nodeValue(n), nodeValue(o))) return 0;
        n = opa_map_next(a, n);
      }
      return 1;
    }
    case T_SET: {
      if (mapCount(a) != mapCount(b)) return 0;
      let n = opa_map_first(a);
      while (n != 0) {
        if (mapFind(b, nodeKey(n)) == 0) return 0;
        n = opa_map_next(a, n);
      }
      return 1;
    }
  }
  return 0;
}

/**
 * A string's hash: stored in it (byte 1 set: static strings, data strings,
 * and the runtime's own strings once hashed), else hashed from its bytes and
 * kept when the string has room for it (byte 2 set, value.ts).
 */
// @ts-ignore: decorator
@inline function stringHash(v: usize): u32 {
  if (load<u8>(v, 1) != 0) return load<u32>(v, 12);
  let h = hashBytes(strPtr(v), strLen(v));
  if (load<u8>(v, 2) != 0) {
    store<u32>(v, h, 12);
    store<u8>(v, 1, 1);
  }
  return h;
}

/** Hash consistent with opa_value_compare_eq. */
export function opa_value_hash(v: usize): u32 {
  if (v == 0) return 0;
  switch (vtype(v)) {
    case T_NULL: return 0x6E756C6C;
    case T_BOOLEAN: return boolOf(v) ? 0x74727565 : 0x66616C73;
    case T_NUMBER: return numHash(v);
    case T_STRING: return stringHash(v);
    case T_ARRAY: {
      let h: u32 = 0xA5A5A5A5;
      let n = arrLen(v);
      for (let i: usize = 0; i < n; i++) h = mix32(h * 31 + opa_value_hash(arrGet(v, i)));
      return h;
    }
    case T_OBJECT: {
      let h: u32 = 0x0B1EC700;
      let n = opa_map_first(v);
      while (n != 0) {
        h += mix32(nodeHash(n) * 31 + opa_value_hash(nodeValue(n)));
        n = opa_map_next(v, n);
      }
      return mix32(h);
    }
    case T_SET: {
      let h: u32 = 0x5E7C0DE0;
      let n = opa_map_first(v);
      while (n != 0) {
        h += mix32(nodeHash(n) + 0x9E3779B9);
        n = opa_map_next(v, n);
      }
      return mix32(h);
    }
  }
  return 0;
}
