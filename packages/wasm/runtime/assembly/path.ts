// opa_value_add_path / opa_value_remove_path (ABI 1.0).
// Error codes: 0 ok, 1 internal, 2 invalid type, 3 invalid path.
import { T_ARRAY, T_OBJECT, vtype, arrLen, arrGet } from "./value";
import { mapFind, mapPut, mapRemove, nodeKey, nodeValue } from "./map";
import { opa_object } from "./object";
import { opa_value_free, opa_value_copy } from "./access";
import { opa_free } from "./alloc";

const OK: i32 = 0;
const ERR_TYPE: i32 = 2;
const ERR_PATH: i32 = 3;

function check(base: usize, path: usize): i32 {
  if (base == 0 || vtype(base) != T_OBJECT) return ERR_TYPE;
  if (path == 0 || vtype(path) != T_ARRAY) return ERR_TYPE;
  if (arrLen(path) == 0) return ERR_PATH;
  return OK;
}

/** Set base[path...] = value, creating objects on the way; existing values are replaced. */
export function opa_value_add_path(base: usize, path: usize, value: usize): i32 {
  let e = check(base, path);
  if (e != OK) return e;
  let n = arrLen(path);
  // validate first, so that base is untouched on error
  let cur = base;
  for (let i: usize = 0; i + 1 < n; i++) {
    let node = mapFind(cur, arrGet(path, i));
    if (node == 0) break;
    cur = nodeValue(node);
    if (vtype(cur) != T_OBJECT) return ERR_PATH;
  }
  cur = base;
  for (let i: usize = 0; i + 1 < n; i++) {
    let key = arrGet(path, i);
    let node = mapFind(cur, key);
    if (node == 0) {
      let o = opa_object();
      mapPut(cur, opa_value_copy(key), o);
      cur = o;
    } else cur = nodeValue(node);
  }
  let leaf = arrGet(path, n - 1);
  let node = mapFind(cur, leaf);
  if (node) {
    let old = nodeValue(node);
    store<u32>(node, <u32>value, 4);
    if (old != value) opa_value_free(old);
  } else mapPut(cur, opa_value_copy(leaf), value);
  return OK;
}

/** Delete base[path...]; the removed key and value are freed. Missing path → 3. */
export function opa_value_remove_path(base: usize, path: usize): i32 {
  let e = check(base, path);
  if (e != OK) return e;
  let n = arrLen(path);
  let cur = base;
  for (let i: usize = 0; i + 1 < n; i++) {
    let node = mapFind(cur, arrGet(path, i));
    if (node == 0) return ERR_PATH;
    cur = nodeValue(node);
    if (vtype(cur) != T_OBJECT) return ERR_PATH;
  }
  let node = mapRemove(cur, arrGet(path, n - 1));
  if (node == 0) return ERR_PATH;
  opa_value_free(nodeValue(node));
  opa_value_free(nodeKey(node));
  opa_free(node);
  return OK;
}
