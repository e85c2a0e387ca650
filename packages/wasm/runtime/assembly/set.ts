// Sets and the set builtins (|, &, -, union, intersection).
import { T_SET, T_OBJECT, T_ARRAY, vtype, arrLen, arrGet } from "./value";
import { newMap, mapFind, mapFindHashed, mapAddHashed, mapCount, nodeKey, nodeValue, nodeHash, opa_map_first, opa_map_next } from "./map";
import { opa_value_hash } from "./compare";
import { typeError } from "./strict";

/** Strict-mode type error for the first operand of a binary set builtin that is not a set. */
function setArgs(name: string, a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  if (!isSet(a)) return typeError(name, 1, "set", a);
  return typeError(name, 2, "set", b);
}

export function opa_set(): usize { return newMap(T_SET); }

export function opa_set_add(set: usize, v: usize): void {
  mapAddHashed(set, v, 0, opa_value_hash(v));
}

/**
 * Adds each value of `src` to the set `dst`, as the compiled scan
 * `some x in src { dst += x }` does (the body of `s contains x if some x in
 * src`), in the scan's order: an array's elements, an object's values, a
 * set's elements, which keep their stored hash instead of being hashed again.
 * Returns how many values it visited (the fuel the scan would have burnt);
 * a scalar or undefined `src` has none.
 */
export function cordon_set_add_all(dst: usize, src: usize): i32 {
  if (src == 0) return 0;
  let visited = 0;
  switch (vtype(src)) {
    case T_SET:
    case T_OBJECT: {
      let set = vtype(src) == T_SET;
      let n = opa_map_first(src);
      while (n != 0) {
        if (set) mapAddHashed(dst, nodeKey(n), 0, nodeHash(n));
        else opa_set_add(dst, nodeValue(n));
        visited++;
        n = opa_map_next(src, n);
      }
      break;
    }
    case T_ARRAY: {
      let len = arrLen(src);
      for (let i: usize = 0; i < len; i++) opa_set_add(dst, arrGet(src, i));
      visited = <i32>len;
      break;
    }
  }
  return visited;
}

/** 1 when `v` is an element. */
export function opa_set_contains(set: usize, v: usize): i32 {
  return mapFind(set, v) != 0 ? 1 : 0;
}

// @ts-ignore: decorator
@inline function isSet(v: usize): bool { return v != 0 && vtype(v) == T_SET; }

function addAll(dst: usize, src: usize): void {
  let n = opa_map_first(src);
  while (n != 0) { mapAddHashed(dst, nodeKey(n), 0, nodeHash(n)); n = opa_map_next(src, n); }
}

/** a | b */
export function opa_set_union(a: usize, b: usize): usize {
  if (!isSet(a) || !isSet(b)) return setArgs("or", a, b);
  // With an empty side the union is the other set itself: values are never
  // changed once made (the compiled code adds only to sets it makes), so it
  // may be shared, as opa_value_merge shares a side. `f(x) | g(x) | h(x)`
  // of mostly empty sets then copies nothing.
  if (mapCount(b) == 0) return a;
  if (mapCount(a) == 0) return b;
  let r = opa_set();
  addAll(r, a);
  addAll(r, b);
  return r;
}

/** a & b */
export function opa_set_intersection(a: usize, b: usize): usize {
  if (!isSet(a) || !isSet(b)) return setArgs("and", a, b);
  if (mapCount(a) > mapCount(b)) { let t = a; a = b; b = t; }
  let r = opa_set();
  let n = opa_map_first(a);
  while (n != 0) {
    if (mapFindHashed(b, nodeKey(n), nodeHash(n))) mapAddHashed(r, nodeKey(n), 0, nodeHash(n));
    n = opa_map_next(a, n);
  }
  return r;
}

/** a - b */
export function opa_set_diff(a: usize, b: usize): usize {
  if (!isSet(a) || !isSet(b)) return setArgs("set_diff", a, b);
  let r = opa_set();
  let n = opa_map_first(a);
  while (n != 0) {
    if (!mapFindHashed(b, nodeKey(n), nodeHash(n))) mapAddHashed(r, nodeKey(n), 0, nodeHash(n));
    n = opa_map_next(a, n);
  }
  return r;
}

/** union(set of sets) */
export function opa_sets_union(s: usize): usize {
  if (!isSet(s)) return typeError("union", 1, "set", s);
  let r = opa_set();
  let n = opa_map_first(s);
  while (n != 0) {
    let e = nodeKey(n);
    if (!isSet(e)) return typeError("union", 1, "set", e);
    addAll(r, e);
    n = opa_map_next(s, n);
  }
  return r;
}

/** intersection(set of sets); the empty set of sets gives the empty set. */
export function opa_sets_intersection(s: usize): usize {
  if (!isSet(s)) return typeError("intersection", 1, "set", s);
  let r: usize = 0;
  let n = opa_map_first(s);
  while (n != 0) {
    let e = nodeKey(n);
    if (!isSet(e)) return typeError("intersection", 1, "set", e);
    r = r == 0 ? opa_set_union(e, opa_set()) : opa_set_intersection(r, e);
    n = opa_map_next(s, n);
  }
  return r == 0 ? opa_set() : r;
}
