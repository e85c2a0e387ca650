// Type builtins: is_* (boolean values) and type_name.
import {
  T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, vtype, opa_boolean, opa_string_ref,
} from "./value";

function is(v: usize, t: u8): usize { return v == 0 ? 0 : opa_boolean(vtype(v) == t ? 1 : 0); }

export function opa_types_is_null(v: usize): usize { return is(v, T_NULL); }
export function opa_types_is_boolean(v: usize): usize { return is(v, T_BOOLEAN); }
export function opa_types_is_number(v: usize): usize { return is(v, T_NUMBER); }
export function opa_types_is_string(v: usize): usize { return is(v, T_STRING); }
export function opa_types_is_array(v: usize): usize { return is(v, T_ARRAY); }
export function opa_types_is_object(v: usize): usize { return is(v, T_OBJECT); }
export function opa_types_is_set(v: usize): usize { return is(v, T_SET); }

// "null" "boolean" "number" "string" "array" "object" "set", packed
const NAMES = memory.data<u8>([
  110, 117, 108, 108,
  98, 111, 111, 108, 101, 97, 110,
  110, 117, 109, 98, 101, 114,
  115, 116, 114, 105, 110, 103,
  97, 114, 114, 97, 121,
  111, 98, 106, 101, 99, 116,
  115, 101, 116,
]);
const OFFS = memory.data<u8>([0, 4, 11, 17, 23, 28, 34, 37]);

export function opa_types_name(v: usize): usize {
  if (v == 0) return 0;
  let t = <usize>vtype(v) - 1;
  let start = <usize>load<u8>(OFFS + t);
  let end = <usize>load<u8>(OFFS + t + 1);
  return opa_string_ref(NAMES + start, end - start);
}
