// Objects: hash maps keyed by any value.
import { T_OBJECT, T_ARRAY, T_SET, vtype, arrLen, arrGet } from "./value";
import { newMap, mapPut, mapFind, mapFindHashed, insertNew, mapRemove, nodeKey, nodeValue, nodeHash, mapCount, opa_map_first, opa_map_next } from "./map";
import { opa_set, opa_set_add } from "./set";
import { opa_value_get } from "./access";
import { opa_value_compare_eq, opa_value_hash } from "./compare";
import { opa_free } from "./alloc";
import { typeError, elementError } from "./strict";

export function opa_object(): usize { return newMap(T_OBJECT); }

/** Insert or overwrite `key` → `value`. */
export function opa_object_insert(obj: usize, key: usize, value: usize): void {
  mapPut(obj, key, value);
}

/**
 * Insert unless the key is present: returns 0 when inserted or already bound
 * to an equal value, 1 on a conflict (IR ObjectInsertOnceStmt; the caller
 * aborts with "object insert conflict").
 */
export function opa_object_insert_once(obj: usize, key: usize, value: usize): i32 {
  let h = opa_value_hash(key);
  let n = mapFindHashed(obj, key, h);
  if (n) return opa_value_compare_eq(nodeValue(n), value) ? 0 : 1;
  insertNew(obj, key, value, h);
  return 0;
}

/** Value at `key`, or 0. */
export function opa_object_get(obj: usize, key: usize): usize {
  let n = mapFind(obj, key);
  return n ? nodeValue(n) : 0;
}

/** Remove `key`; returns 1 when it was present. Key and value are not freed. */
export function opa_object_remove(obj: usize, key: usize): i32 {
  let n = mapRemove(obj, key);
  if (!n) return 0;
  opa_free(n);
  return 1;
}

/**
 * Deep merge of two objects (IR ObjectMergeStmt): keys of both; where both
 * hold objects they are merged recursively, otherwise `a`'s value wins.
 * `a == 0` gives `b`, `b == 0` gives `a`; a non-object operand gives 0.
 */
export function opa_value_merge(a: usize, b: usize): usize {
  if (a == 0) return b;
  if (b == 0) return a;
  if (vtype(a) != T_OBJECT || vtype(b) != T_OBJECT) return 0;
  let r = opa_object();
  let n = opa_map_first(a);
  while (n != 0) {
    let k = nodeKey(n), va = nodeValue(n), h = nodeHash(n);
    let o = mapFindHashed(b, k, h);
    if (o != 0 && vtype(va) == T_OBJECT && vtype(nodeValue(o)) == T_OBJECT) {
      insertNew(r, k, opa_value_merge(va, nodeValue(o)), h);
    } else {
      insertNew(r, k, va, h);
    }
    n = opa_map_next(a, n);
  }
  n = opa_map_first(b);
  while (n != 0) {
    if (mapFindHashed(a, nodeKey(n), nodeHash(n)) == 0) insertNew(r, nodeKey(n), nodeValue(n), nodeHash(n));
    n = opa_map_next(b, n);
  }
  return r;
}

export function opa_object_count(obj: usize): usize { return mapCount(obj); }

// ---- object builtins (names as in OPA's Wasm backend)

// @ts-ignore: decorator
@inline function isObj(v: usize): bool { return v != 0 && vtype(v) == T_OBJECT; }

/** object.get(obj, key, default); an array key is a path. */
export function builtin_object_get(obj: usize, key: usize, dflt: usize): usize {
  if (!isObj(obj)) return typeError("object.get", 1, "object", obj);
  if (key == 0 || dflt == 0) return 0;
  if (vtype(key) == T_ARRAY) {
    let cur = obj;
    let n = arrLen(key);
    for (let i: usize = 0; i < n; i++) {
      cur = opa_value_get(cur, arrGet(key, i));
      if (cur == 0) return dflt;
    }
    return cur;
  }
  let node = mapFind(obj, key);
  return node ? nodeValue(node) : dflt;
}

/** object.keys(obj) → set of keys. */
export function builtin_object_keys(obj: usize): usize {
  if (!isObj(obj)) return typeError("object.keys", 1, "object", obj);
  let r = opa_set();
  let n = opa_map_first(obj);
  while (n != 0) { opa_set_add(r, nodeKey(n)); n = opa_map_next(obj, n); }
  return r;
}

/** Is `k` listed in `keys` (array elements, set elements, or object keys)? -1 = bad keys type. */
function listed(keys: usize, k: usize): i32 {
  let t = vtype(keys);
  if (t == T_SET || t == T_OBJECT) return mapFind(keys, k) != 0 ? 1 : 0;
  if (t == T_ARRAY) {
    let n = arrLen(keys);
    for (let i: usize = 0; i < n; i++) if (opa_value_compare_eq(arrGet(keys, i), k)) return 1;
    return 0;
  }
  return -1;
}

function filterKeys(name: string, obj: usize, keys: usize, keep: bool): usize {
  if (!isObj(obj)) return typeError(name, 1, "object", obj);
  if (keys == 0) return 0;
  let t = vtype(keys);
  if (t != T_ARRAY && t != T_SET && t != T_OBJECT) return typeError(name, 2, "one of {object, set, array}", keys);
  let r = opa_object();
  let n = opa_map_first(obj);
  while (n != 0) {
    if ((listed(keys, nodeKey(n)) == 1) == keep) insertNew(r, nodeKey(n), nodeValue(n), nodeHash(n));
    n = opa_map_next(obj, n);
  }
  return r;
}

/** object.remove(obj, keys) */
export function builtin_object_remove(obj: usize, keys: usize): usize { return filterKeys("object.remove", obj, keys, false); }
/** object.filter(obj, keys) */
export function builtin_object_filter(obj: usize, keys: usize): usize { return filterKeys("object.filter", obj, keys, true); }

function unionInto(r: usize, b: usize): void {
  let n = opa_map_first(b);
  while (n != 0) {
    let k = nodeKey(n), vb = nodeValue(n), h = nodeHash(n);
    let have = mapFindHashed(r, k, h);
    if (have != 0 && isObj(nodeValue(have)) && isObj(vb)) {
      let merged = opa_object();
      unionInto(merged, nodeValue(have));
      unionInto(merged, vb);
      store<u32>(have, <u32>merged, 4);
    } else if (have != 0) store<u32>(have, <u32>vb, 4);
    else insertNew(r, k, vb, h);
    n = opa_map_next(b, n);
  }
}

/** object.union(a, b): recursive merge, b wins on conflicts. */
export function builtin_object_union(a: usize, b: usize): usize {
  if (!isObj(a)) return typeError("object.union", 1, "object", a);
  if (!isObj(b)) return typeError("object.union", 2, "object", b);
  let r = opa_object();
  unionInto(r, a);
  unionInto(r, b);
  return r;
}

/**
 * object.union(a, b) merged into `a`, an object literal the code generator
 * built just before and that nothing else refers to (codegen/union-in-place.ts):
 * the same result as builtin_object_union, without copying `a`.
 */
export function cordon_object_union_into(a: usize, b: usize): usize {
  if (!isObj(b)) return typeError("object.union", 2, "object", b);
  unionInto(a, b);
  return a;
}

/** object.union_n(array of objects) */
export function builtin_object_union_n(objs: usize): usize {
  if (objs == 0 || vtype(objs) != T_ARRAY) return typeError("object.union_n", 1, "array", objs);
  let n = arrLen(objs);
  // OPA checks the elements from the last to the first
  for (let i = n; i > 0; i--) {
    let o = arrGet(objs, i - 1);
    if (!isObj(o)) return elementError("object.union_n", 1, objs, "object", o);
  }
  let r = opa_object();
  for (let i: usize = 0; i < n; i++) unionInto(r, arrGet(objs, i));
  return r;
}
