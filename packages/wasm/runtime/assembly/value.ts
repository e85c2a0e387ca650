// Value layout (see ../VALUES.md). Every value is a pointer into linear memory;
// the byte at offset 0 is the type tag (same numbering as OPA's C runtime).
import { opa_malloc, opa_free, isStatic, blockSize, alloc16 } from "./alloc";
import { abortWith } from "./abi";
import { copyBytes } from "./mem";

export const T_NULL: u8 = 1;
export const T_BOOLEAN: u8 = 2;
export const T_NUMBER: u8 = 3;
export const T_STRING: u8 = 4;
export const T_ARRAY: u8 = 5;
export const T_OBJECT: u8 = 6;
export const T_SET: u8 = 7;

// number representations (byte at offset 1)
export const N_INT: u8 = 1;
export const N_FLOAT: u8 = 2;
export const N_REF: u8 = 3;

// Statically allocated singletons (below the heap base, never freed).
const nullValue = memory.data<u32>([1, 0]);
const falseValue = memory.data<u32>([2, 0]);
const trueValue = memory.data<u32>([2, 1]);

// @ts-ignore: decorator
@inline export function vtype(v: usize): u8 { return load<u8>(v); }

export function opa_value_type(v: usize): i32 {
  return v == 0 ? 0 : <i32>load<u8>(v);
}

export function opa_null(): usize { return nullValue; }

export function opa_boolean(b: i32): usize { return b ? trueValue : falseValue; }

// @ts-ignore: decorator
@inline export function boolOf(v: usize): bool { return load<u32>(v, 4) != 0; }

/** Boolean value of a boolean, or -1 when `v` is not a boolean. */
export function opa_value_boolean(v: usize): i32 {
  if (v == 0 || vtype(v) != T_BOOLEAN) return -1;
  return boolOf(v) ? 1 : 0;
}

// ---- numbers: [u8 type][u8 repr][u16 0][u32 ref len][i64 | f64 | u32 ref ptr]
export function opa_number_int(i: i64): usize {
  let v = opa_malloc(16);
  store<u32>(v, <u32>T_NUMBER | (<u32>N_INT << 8));
  store<u32>(v, 0, 4);
  store<i64>(v, i, 8);
  return v;
}

export function newFloatRaw(f: f64): usize {
  let v = opa_malloc(16);
  store<u32>(v, <u32>T_NUMBER | (<u32>N_FLOAT << 8));
  store<u32>(v, 0, 4);
  store<f64>(v, f, 8);
  return v;
}

/** Number from decimal text that is kept verbatim (the text is copied). */
export function newRefRaw(ptr: usize, len: usize): usize {
  let v = opa_malloc(16 + len);
  store<u32>(v, <u32>T_NUMBER | (<u32>N_REF << 8));
  store<u32>(v, <u32>len, 4);
  store<u32>(v, <u32>(v + 16), 8);
  memory.copy(v + 16, ptr, len);
  return v;
}

// @ts-ignore: decorator
@inline export function numRepr(v: usize): u8 { return load<u8>(v, 1); }
// @ts-ignore: decorator
@inline export function numInt(v: usize): i64 { return load<i64>(v, 8); }
// @ts-ignore: decorator
@inline export function numFloat(v: usize): f64 { return load<f64>(v, 8); }
// @ts-ignore: decorator
@inline export function refLen(v: usize): usize { return <usize>load<u32>(v, 4); }
// @ts-ignore: decorator
@inline export function refPtr(v: usize): usize { return <usize>load<u32>(v, 8); }

/** Overwrite a number in place with an integer (IR AssignIntStmt). */
export function opa_value_number_set_int(v: usize, i: i64): void {
  if (v == 0 || vtype(v) != T_NUMBER || isStatic(v)) abortWith("opa_value_number_set_int: not a heap number");
  store<u8>(v, N_INT, 1);
  store<u32>(v, 0, 4);
  store<i64>(v, i, 8);
}

// ---- strings: [u8 type][u8 hash stored][u8 hash room][u8 0][u32 len][u32 ptr][u32 hash] (+ inline bytes)
// The runtime's own strings have a 16-byte header: room at offset 12 for the
// hash (byte 2 set), which opa_value_hash keeps there the first time it
// hashes the string (byte 1 then set, as in static strings). A string made
// once is often hashed again and again (a denial's reason, added to one set
// after another): the bytes are hashed once.
const STR_HEADER: usize = 16;
const HASH_ROOM: u32 = 1 << 16;

export function opa_string(ptr: usize, len: usize): usize {
  let v = newStringUninit(len);
  copyBytes(v + STR_HEADER, ptr, len);
  return v;
}

/** String value referring to bytes that stay valid (e.g. a data segment); no copy. */
export function opa_string_ref(ptr: usize, len: usize): usize {
  let v = opa_malloc(STR_HEADER);
  store<u32>(v, <u32>T_STRING | HASH_ROOM);
  store<u32>(v, <u32>len, 4);
  store<u32>(v, <u32>ptr, 8);
  return v;
}

/** New string with `len` uninitialised bytes; returns the value. */
export function newStringUninit(len: usize): usize {
  let v = opa_malloc(STR_HEADER + len);
  store<u32>(v, <u32>T_STRING | HASH_ROOM);
  store<u32>(v, <u32>len, 4);
  store<u32>(v, <u32>(v + STR_HEADER), 8);
  return v;
}

// @ts-ignore: decorator
@inline export function strLen(v: usize): usize { return <usize>load<u32>(v, 4); }
// @ts-ignore: decorator
@inline export function strPtr(v: usize): usize { return <usize>load<u32>(v, 8); }

export function opa_string_len(v: usize): usize { return strLen(v); }
export function opa_string_ptr(v: usize): usize { return strPtr(v); }

// ---- arrays: [u8 type][..][u32 len][u32 cap][u32 elems] elems = u32[cap]
export function opa_array_with_cap(cap: usize): usize {
  let v = alloc16();
  store<u32>(v, <u32>T_ARRAY);
  store<u32>(v, 0, 4);
  store<u32>(v, <u32>cap, 8);
  store<u32>(v, cap ? <u32>opa_malloc(cap << 2) : 0, 12);
  return v;
}

export function opa_array(): usize { return opa_array_with_cap(0); }

// @ts-ignore: decorator
@inline export function arrLen(v: usize): usize { return <usize>load<u32>(v, 4); }
// @ts-ignore: decorator
@inline export function arrGet(v: usize, i: usize): usize {
  return <usize>load<u32>(<usize>load<u32>(v, 12) + (i << 2));
}

export function opa_array_append(arr: usize, elem: usize): void {
  let len = arrLen(arr);
  let cap = <usize>load<u32>(arr, 8);
  let elems = <usize>load<u32>(arr, 12);
  if (len == cap) {
    let ncap: usize = cap < 4 ? <usize>4 : cap << 1;
    let ne = opa_malloc(ncap << 2);
    if (elems) {
      copyBytes(ne, elems, len << 2);
      opa_free(elems);
    }
    elems = ne;
    store<u32>(arr, <u32>ncap, 8);
    store<u32>(arr, <u32>elems, 12);
  }
  store<u32>(elems + (len << 2), <u32>elem);
  store<u32>(arr, <u32>(len + 1), 4);
}

/** Element `i` of an array (no bounds check beyond returning 0). */
export function opa_array_get(arr: usize, i: usize): usize {
  if (i >= arrLen(arr)) return 0;
  return arrGet(arr, i);
}

/** Overwrite element `i` (must be < len). */
export function opa_array_set(arr: usize, i: usize, v: usize): void {
  if (i >= arrLen(arr)) abortWith("opa_array_set: index out of range");
  store<u32>(<usize>load<u32>(arr, 12) + (i << 2), <u32>v);
}

;
