// Aggregate builtins: count, sum, product, max, min, sort.
import { opa_free } from "./alloc";
import {
  T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, vtype, arrLen, arrGet, opa_number_int, opa_array_with_cap, opa_array_append,
  opa_boolean,
} from "./value";
import { mapCount, mapKeysArray } from "./map";
import { opa_value_length } from "./access";
import { opa_value_compare, sortValues, sortedKeys } from "./compare";
import { opa_arith_plus, opa_arith_multiply } from "./arith";
import { typeError, elementError } from "./strict";

const SET_OR_ARRAY = "one of {set, array}";

export function opa_agg_count(v: usize): usize {
  if (v == 0) return 0;
  let t = vtype(v);
  if (t == T_ARRAY || t == T_OBJECT || t == T_SET || t == T_STRING) return opa_number_int(<i64>opa_value_length(v));
  return typeError("count", 1, "one of {array, object, set, string}", v);
}

// `count(x) == 0`, `count(x) != 0` and `count(x) > 0` as one call each
// (lowered so by codegen/count-tests.ts): the boolean, without the count's
// number value and the comparison's call. Undefined, and the same strict
// error, where count is.

/** count(v) where it is defined, else -1 (after count's own type error). */
function countOf(v: usize): i64 {
  if (v == 0) return -1;
  let t = vtype(v);
  if (t == T_ARRAY || t == T_OBJECT || t == T_SET || t == T_STRING) return <i64>opa_value_length(v);
  typeError("count", 1, "one of {array, object, set, string}", v);
  return -1;
}

export function cordon_count_eq0(v: usize): usize {
  let n = countOf(v);
  return n < 0 ? 0 : opa_boolean(n == 0 ? 1 : 0);
}

export function cordon_count_neq0(v: usize): usize {
  let n = countOf(v);
  return n < 0 ? 0 : opa_boolean(n != 0 ? 1 : 0);
}

export function cordon_count_gt0(v: usize): usize {
  let n = countOf(v);
  return n < 0 ? 0 : opa_boolean(n > 0 ? 1 : 0);
}

/** Elements of an array or set as a u32 array (caller frees); count in elemCount. */
let elemCount: usize = 0;
function elements(v: usize): usize {
  let t = vtype(v);
  // Sorted, as OPA folds a set: the order decides float rounding.
  if (t == T_SET) { elemCount = mapCount(v); return sortedKeys(v); }
  elemCount = 0;
  return 0;
}

function fold(name: string, v: usize, start: usize, mul: bool): usize {
  if (v == 0) return 0;
  let t = vtype(v);
  let acc = start;
  if (t == T_ARRAY) {
    let n = arrLen(v);
    for (let i: usize = 0; i < n; i++) {
      let e = arrGet(v, i);
      if (vtype(e) != T_NUMBER) return elementError(name, 1, v, "number", e);
      acc = mul ? opa_arith_multiply(acc, e) : opa_arith_plus(acc, e);
      if (acc == 0) return 0;
    }
    return acc;
  }
  if (t == T_SET) {
    let keys = elements(v);
    let n = elemCount;
    for (let i: usize = 0; i < n; i++) {
      let e = <usize>load<u32>(keys + (i << 2));
      if (vtype(e) != T_NUMBER) { opa_free(keys); return elementError(name, 1, v, "number", e); }
    }
    for (let i: usize = 0; i < n && acc != 0; i++) {
      let e = <usize>load<u32>(keys + (i << 2));
      acc = mul ? opa_arith_multiply(acc, e) : opa_arith_plus(acc, e);
    }
    opa_free(keys);
    return acc;
  }
  return typeError(name, 1, SET_OR_ARRAY, v);
}

export function opa_agg_sum(v: usize): usize { return fold("sum", v, opa_number_int(0), false); }
export function opa_agg_product(v: usize): usize { return fold("product", v, opa_number_int(1), true); }

function extreme(name: string, v: usize, sign: i32): usize {
  if (v == 0) return 0;
  let t = vtype(v);
  let best: usize = 0;
  if (t == T_ARRAY) {
    let n = arrLen(v);
    for (let i: usize = 0; i < n; i++) {
      let e = arrGet(v, i);
      if (best == 0 || opa_value_compare(e, best) * sign > 0) best = e;
    }
    return best;
  }
  if (t == T_SET) {
    let keys = elements(v);
    let n = elemCount;
    for (let i: usize = 0; i < n; i++) {
      let e = <usize>load<u32>(keys + (i << 2));
      if (best == 0 || opa_value_compare(e, best) * sign > 0) best = e;
    }
    opa_free(keys);
    return best;
  }
  return typeError(name, 1, SET_OR_ARRAY, v);
}

/** max of an array or set; empty → undefined. */
export function opa_agg_max(v: usize): usize { return extreme("max", v, 1); }
/** min of an array or set; empty → undefined. */
export function opa_agg_min(v: usize): usize { return extreme("min", v, -1); }

/** sort(array | set) → sorted array. */
export function opa_agg_sort(v: usize): usize {
  if (v == 0) return 0;
  let t = vtype(v);
  if (t != T_ARRAY && t != T_SET) return typeError("sort", 1, SET_OR_ARRAY, v);
  let n = t == T_ARRAY ? arrLen(v) : mapCount(v);
  let r = opa_array_with_cap(n);
  if (t == T_ARRAY) for (let i: usize = 0; i < n; i++) opa_array_append(r, arrGet(v, i));
  else {
    let keys = mapKeysArray(v);
    for (let i: usize = 0; i < n; i++) opa_array_append(r, <usize>load<u32>(keys + (i << 2)));
    opa_free(keys);
  }
  sortValues(<usize>load<u32>(r, 12), n);
  return r;
}
