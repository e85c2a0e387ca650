// The objects builtins() and entrypoints() return (name → id), built from a
// compact encoding in static data (src/codegen/abi-funcs.ts writes it): each
// name, in id order, as the number of leading bytes it shares with the name
// before it and the bytes that follow, both counts unsigned LEB128. A big set's
// entrypoint names share long prefixes (`builtin/aws/apigateway/aws0001/deny`,
// `…/aws0002/deny`): 6 KB of names instead of 23 KB of JSON (issue 18).
import { opa_object, opa_object_insert } from "./object";
import { newStringUninit, strPtr, opa_number_int } from "./value";

/** Unsigned LEB128 at `p`: the value in the low 32 bits, the address after it in the high 32. */
function uleb(p: usize): u64 {
  let v: u32 = 0;
  let shift: u32 = 0;
  let b: u32;
  do {
    b = load<u8>(p++);
    v |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  return (<u64>p << 32) | v;
}

/** The object mapping the `count` names encoded at `p` to their ids 0 … count-1. */
export function cordon_name_table(p: usize, count: u32): usize {
  let obj = opa_object();
  let prev: usize = 0;
  for (let id: u32 = 0; id < count; id++) {
    let r = uleb(p);
    let shared = <usize>(<u32>r);
    r = uleb(<usize>(r >> 32));
    let rest = <usize>(<u32>r);
    p = <usize>(r >> 32);
    let s = newStringUninit(shared + rest);
    if (shared > 0) memory.copy(strPtr(s), strPtr(prev), shared);
    memory.copy(strPtr(s) + shared, p, rest);
    p += rest;
    opa_object_insert(obj, s, opa_number_int(<i64>id));
    prev = s;
  }
  return obj;
}
