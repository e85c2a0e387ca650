// Membership (`in`): internal.member_2 and internal.member_3; all / any.
import { T_ARRAY, T_OBJECT, T_SET, T_BOOLEAN, vtype, arrLen, arrGet, boolOf, opa_boolean } from "./value";
import { mapFind, nodeValue, opa_map_first, opa_map_next, nodeKey } from "./map";
import { opa_value_compare_eq } from "./compare";
import { opa_value_get } from "./access";
import { typeError } from "./strict";

/** `x in coll`: array elements, object values, set elements. */
export function builtin_member(x: usize, coll: usize): usize {
  if (x == 0 || coll == 0) return 0;
  let t = vtype(coll);
  if (t == T_ARRAY) {
    let n = arrLen(coll);
    for (let i: usize = 0; i < n; i++) if (opa_value_compare_eq(arrGet(coll, i), x)) return opa_boolean(1);
    return opa_boolean(0);
  }
  if (t == T_SET) return opa_boolean(mapFind(coll, x) != 0 ? 1 : 0);
  if (t == T_OBJECT) {
    let n = opa_map_first(coll);
    while (n != 0) {
      if (opa_value_compare_eq(nodeValue(n), x)) return opa_boolean(1);
      n = opa_map_next(coll, n);
    }
    return opa_boolean(0);
  }
  return opa_boolean(0);
}

/** `k, v in coll`: coll[k] == v for arrays and objects; for sets, k is an element and k == v. */
export function builtin_member3(k: usize, v: usize, coll: usize): usize {
  if (k == 0 || v == 0 || coll == 0) return 0;
  let t = vtype(coll);
  if (t == T_SET) return opa_boolean(mapFind(coll, k) != 0 && opa_value_compare_eq(k, v) ? 1 : 0);
  if (t == T_ARRAY || t == T_OBJECT) {
    let e = opa_value_get(coll, k);
    return opa_boolean(e != 0 && opa_value_compare_eq(e, v) ? 1 : 0);
  }
  return opa_boolean(0);
}

function allAny(name: string, coll: usize, all: bool): usize {
  if (coll == 0) return 0;
  let t = vtype(coll);
  if (t == T_ARRAY) {
    let n = arrLen(coll);
    for (let i: usize = 0; i < n; i++) {
      let e = arrGet(coll, i);
      let truth = vtype(e) == T_BOOLEAN && boolOf(e);
      if (all && !truth) return opa_boolean(0);
      if (!all && truth) return opa_boolean(1);
    }
    return opa_boolean(all ? 1 : 0);
  }
  if (t == T_SET) {
    let n = opa_map_first(coll);
    while (n != 0) {
      let e = nodeKey(n);
      let truth = vtype(e) == T_BOOLEAN && boolOf(e);
      if (all && !truth) return opa_boolean(0);
      if (!all && truth) return opa_boolean(1);
      n = opa_map_next(coll, n);
    }
    return opa_boolean(all ? 1 : 0);
  }
  return typeError(name, 1, "one of {array, set}", coll);
}

export function opa_agg_all(coll: usize): usize { return allAny("all", coll, true); }
export function opa_agg_any(coll: usize): usize { return allAny("any", coll, false); }
