// Array builtins: array.concat, array.slice, array.reverse, array.flatten,
// numbers.range.
import {
  T_ARRAY, T_NUMBER, vtype, arrLen, arrGet, opa_array_with_cap, opa_array_append, opa_number_int,
} from "./value";
import { opa_number_is_int, opa_number_as_int } from "./number";
import { typeError, intOperandError, bigIntOperandError, isIntegral } from "./strict";

// @ts-ignore: decorator
@inline function isArr(v: usize): bool { return v != 0 && vtype(v) == T_ARRAY; }

export function opa_array_concat(a: usize, b: usize): usize {
  if (!isArr(a)) return typeError("array.concat", 1, "array", a);
  if (!isArr(b)) return typeError("array.concat", 2, "array", b);
  let na = arrLen(a), nb = arrLen(b);
  let r = opa_array_with_cap(na + nb);
  for (let i: usize = 0; i < na; i++) opa_array_append(r, arrGet(a, i));
  for (let i: usize = 0; i < nb; i++) opa_array_append(r, arrGet(b, i));
  return r;
}

function intArg(v: usize): i64 {
  return opa_number_as_int(v);
}
function isIntNum(v: usize): bool { return v != 0 && vtype(v) == T_NUMBER && opa_number_is_int(v) != 0; }

/** array.slice(a, start, stop): indexes clamped to [0, len]; start >= stop → []. */
export function opa_array_slice(a: usize, start: usize, stop: usize): usize {
  if (!isArr(a)) return typeError("array.slice", 1, "array", a);
  if (!isIntNum(start)) return start == 0 ? 0 : intOperandError("array.slice", 2, start);
  if (!isIntNum(stop)) return stop == 0 ? 0 : intOperandError("array.slice", 3, stop);
  let n = <i64>arrLen(a);
  let s = intArg(start), e = intArg(stop);
  if (s < 0) s = 0;
  if (e > n) e = n;
  if (s >= e) return opa_array_with_cap(0);
  let r = opa_array_with_cap(<usize>(e - s));
  for (let i = s; i < e; i++) opa_array_append(r, arrGet(a, <usize>i));
  return r;
}

export function opa_array_reverse(a: usize): usize {
  if (!isArr(a)) return typeError("array.reverse", 1, "array", a);
  let n = arrLen(a);
  let r = opa_array_with_cap(n);
  for (let i: usize = n; i > 0; i--) opa_array_append(r, arrGet(a, i - 1));
  return r;
}

/** array.flatten: one level (elements that are arrays are spliced in). */
export function opa_array_flatten(a: usize): usize {
  if (!isArr(a)) return typeError("array.flatten", 1, "array", a);
  let r = opa_array_with_cap(arrLen(a));
  let n = arrLen(a);
  for (let i: usize = 0; i < n; i++) {
    let e = arrGet(a, i);
    if (vtype(e) == T_ARRAY) {
      let m = arrLen(e);
      for (let j: usize = 0; j < m; j++) opa_array_append(r, arrGet(e, j));
    } else opa_array_append(r, e);
  }
  return r;
}

/** Error for a numbers.range operand that is not an int64 integer (integers beyond int64: undefined). */
function rangeArg(pos: i32, v: usize): usize {
  if (v == 0 || (vtype(v) == T_NUMBER && isIntegral(v))) return 0;
  return bigIntOperandError("numbers.range", pos, v);
}

/** numbers.range(a, b): integers from a to b inclusive (descending when a > b). */
export function opa_numbers_range(a: usize, b: usize): usize {
  if (!isIntNum(a)) return rangeArg(1, a);
  if (!isIntNum(b)) return rangeArg(2, b);
  let x = intArg(a), y = intArg(b);
  let n = x <= y ? y - x : x - y;
  if (n < 0 || n >= 100000000) return 0;
  let r = opa_array_with_cap(<usize>(n + 1));
  if (x <= y) for (let i = x; i <= y; i++) opa_array_append(r, opa_number_int(i));
  else for (let i = x; i >= y; i--) opa_array_append(r, opa_number_int(i));
  return r;
}
