// internal.template_string: renders `$"...{expr}..."`. The planner passes an
// array whose literal parts are strings and whose expression parts are sets
// of the expression's values (empty: "<undefined>"; more than one value:
// undefined). Non-string values print as Rego terms ("[1, 2]", "{"a": 1}").
import { opa_free } from "./alloc";
import { T_STRING, T_ARRAY, T_SET, vtype, arrLen, arrGet, strLen, strPtr, newStringUninit } from "./value";
import { mapCount, opa_map_first, nodeKey } from "./map";
import { valueTextSpaced, opa_strlen } from "./json-dump";

const UNDEF = memory.data<u8>([60, 117, 110, 100, 101, 102, 105, 110, 101, 100, 62]); // "<undefined>"

export function opa_template_string(parts: usize): usize {
  if (parts == 0 || vtype(parts) != T_ARRAY) return 0;
  let n = arrLen(parts);
  // render each part to (ptr, len, owned) in a scratch table
  let total: usize = 0;
  let texts = newStringUninit(n * 12); // scratch: 3 x u32 per part
  let tab = strPtr(texts);
  for (let i: usize = 0; i < n; i++) {
    let p = arrGet(parts, i);
    let ptr: usize = 0, len: usize = 0, owned: u32 = 0;
    let t = vtype(p);
    if (t == T_STRING) { ptr = strPtr(p); len = strLen(p); }
    else if (t == T_SET) {
      let c = mapCount(p);
      if (c > 1) return 0;
      if (c == 0) { ptr = UNDEF; len = 11; }
      else {
        let e = nodeKey(opa_map_first(p));
        if (vtype(e) == T_STRING) { ptr = strPtr(e); len = strLen(e); }
        else { ptr = valueTextSpaced(e); len = opa_strlen(ptr); owned = 1; }
      }
    } else return 0;
    store<u32>(tab + i * 12, <u32>ptr);
    store<u32>(tab + i * 12 + 4, <u32>len);
    store<u32>(tab + i * 12 + 8, owned);
    total += len;
  }
  let r = newStringUninit(total);
  let out = strPtr(r);
  let o: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    let ptr = <usize>load<u32>(tab + i * 12), len = <usize>load<u32>(tab + i * 12 + 4);
    memory.copy(out + o, ptr, len);
    o += len;
    if (load<u32>(tab + i * 12 + 8)) opa_free(ptr);
  }
  return r;
}
