// json.filter and json.remove: keep / drop the values at a list of paths.
// Paths are "a/b/0" strings (a leading "/" is ignored; ~1 and ~0 unescape to
// "/" and "~") or arrays of segments. Array elements match their decimal index.
import {
  T_STRING, T_ARRAY, T_OBJECT, T_SET, T_NUMBER, vtype, arrLen, arrGet, strLen, strPtr, opa_string, newStringUninit,
  opa_array_with_cap, opa_array_append, opa_null, opa_boolean,
} from "./value";
import { mapFind, mapPut, nodeKey, nodeValue, opa_map_first, opa_map_next } from "./map";
import { opa_object } from "./object";
import { opa_json_marshal } from "./encoding";
import { writeI64 } from "./number";
import { typeError, isStrict, msgStartOperand, msgLit, msgTypeName, msgAbort } from "./strict";

/** A trie is an object: segment string → child trie; key null marks a terminal. */
function child(trie: usize, seg: usize): usize {
  let n = mapFind(trie, seg);
  return n ? nodeValue(n) : 0;
}
function isTerminal(trie: usize): bool { return mapFind(trie, opa_null()) != 0; }

function segmentOf(v: usize): usize {
  if (vtype(v) == T_STRING) return v;
  return opa_json_marshal(v);
}

function unescape(p: usize, n: usize): usize {
  let r = newStringUninit(n);
  let out = strPtr(r);
  let o: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    let c = load<u8>(p + i);
    if (c == 0x7E && i + 1 < n && (load<u8>(p + i + 1) == 0x31 || load<u8>(p + i + 1) == 0x30)) {
      store<u8>(out + o++, load<u8>(p + i + 1) == 0x31 ? 0x2F : 0x7E);
      i++;
    } else store<u8>(out + o++, c);
  }
  store<u32>(r, <u32>o, 4);
  return r;
}

/**
 * Segments of one path as an array of strings (empty: skip the path), or 0
 * when malformed. As OPA: "" is no path; leading slashes are dropped, so "/"
 * is the path [""].
 */
function segments(path: usize): usize {
  let t = vtype(path);
  if (t == T_ARRAY) {
    let n = arrLen(path);
    let r = opa_array_with_cap(n);
    for (let i: usize = 0; i < n; i++) opa_array_append(r, segmentOf(arrGet(path, i)));
    return r;
  }
  if (t != T_STRING) return 0;
  let p = strPtr(path), n = strLen(path);
  let r = opa_array_with_cap(4);
  if (n == 0) return r;
  while (n > 0 && load<u8>(p) == 0x2F) { p++; n--; }
  let start: usize = 0;
  for (let i: usize = 0; i <= n; i++) {
    if (i == n || load<u8>(p + i) == 0x2F) {
      opa_array_append(r, unescape(p + start, i - start));
      start = i + 1;
    }
  }
  return r;
}

/** The malformed path element buildTrie stopped at. */
let badPath: usize = 0;

function buildTrie(paths: usize): usize {
  let t = vtype(paths);
  if (t != T_ARRAY && t != T_SET) return 0;
  badPath = 0;
  let root = opa_object();
  let n: usize = t == T_ARRAY ? arrLen(paths) : 0;
  let nd: usize = t == T_SET ? opa_map_first(paths) : 0;
  let i: usize = 0;
  while (t == T_ARRAY ? i < n : nd != 0) {
    let p = t == T_ARRAY ? arrGet(paths, i) : nodeKey(nd);
    if (t == T_ARRAY) i++; else nd = opa_map_next(paths, nd);
    let segs = segments(p);
    if (segs == 0) { badPath = p; return 0; }
    let m = arrLen(segs);
    if (m == 0) continue;
    let node = root;
    for (let k: usize = 0; k < m && !isTerminal(node); k++) {
      let seg = arrGet(segs, k);
      let c = child(node, seg);
      if (c == 0) { c = opa_object(); mapPut(node, seg, c); }
      node = c;
    }
    mapPut(node, opa_null(), opa_boolean(1));
  }
  return root;
}

const numBuf = memory.data(48);
function indexKey(i: usize): usize {
  let n = writeI64(numBuf, <i64>i);
  return opa_string(numBuf, n);
}

function keyFor(k: usize): usize {
  return vtype(k) == T_STRING ? k : (vtype(k) == T_NUMBER ? opa_json_marshal(k) : 0);
}

function filter(v: usize, trie: usize): usize {
  if (isTerminal(trie)) return v;
  let t = vtype(v);
  if (t == T_OBJECT) {
    let r = opa_object();
    let nd = opa_map_first(v);
    while (nd) {
      let key = keyFor(nodeKey(nd));
      let c = key ? child(trie, key) : 0;
      if (c) {
        let f = filter(nodeValue(nd), c);
        if (f) mapPut(r, nodeKey(nd), f);
      }
      nd = opa_map_next(v, nd);
    }
    return r;
  }
  if (t == T_ARRAY) {
    let n = arrLen(v);
    let r = opa_array_with_cap(0);
    for (let i: usize = 0; i < n; i++) {
      let c = child(trie, indexKey(i));
      if (c) {
        let f = filter(arrGet(v, i), c);
        if (f) opa_array_append(r, f);
      }
    }
    return r;
  }
  return 0;
}

function remove(v: usize, trie: usize): usize {
  let t = vtype(v);
  if (t == T_OBJECT) {
    let r = opa_object();
    let nd = opa_map_first(v);
    while (nd) {
      let key = keyFor(nodeKey(nd));
      let c = key ? child(trie, key) : 0;
      if (c == 0) mapPut(r, nodeKey(nd), nodeValue(nd));
      else if (!isTerminal(c)) mapPut(r, nodeKey(nd), remove(nodeValue(nd), c));
      nd = opa_map_next(v, nd);
    }
    return r;
  }
  if (t == T_ARRAY) {
    let n = arrLen(v);
    let r = opa_array_with_cap(n);
    for (let i: usize = 0; i < n; i++) {
      let c = child(trie, indexKey(i));
      if (c == 0) opa_array_append(r, arrGet(v, i));
      else if (!isTerminal(c)) opa_array_append(r, remove(arrGet(v, i), c));
    }
    return r;
  }
  return v;
}

/** Strict-mode errors of json.filter / json.remove (0 when there is none to raise). */
function argsError(name: string, obj: usize, paths: usize): usize {
  if (obj == 0 || paths == 0) return 0;
  if (vtype(obj) != T_OBJECT) return typeError(name, 1, "object", obj);
  let t = vtype(paths);
  if (t != T_ARRAY && t != T_SET) return typeError(name, 2, "one of {set, array}", paths);
  if (badPath != 0 && isStrict()) {
    msgStartOperand(name, 2);
    msgLit("must be one of {set, array} containing string paths or array of path segments but got ");
    msgTypeName(badPath);
    return msgAbort();
  }
  return 0;
}

export function builtin_json_filter(obj: usize, paths: usize): usize {
  if (obj == 0 || paths == 0 || vtype(obj) != T_OBJECT) return argsError("json.filter", obj, paths);
  let trie = buildTrie(paths);
  if (trie == 0) return argsError("json.filter", obj, paths);
  let r = filter(obj, trie);
  return r ? r : opa_object();
}

export function builtin_json_remove(obj: usize, paths: usize): usize {
  if (obj == 0 || paths == 0 || vtype(obj) != T_OBJECT) return argsError("json.remove", obj, paths);
  let trie = buildTrie(paths);
  if (trie == 0) return argsError("json.remove", obj, paths);
  return remove(obj, trie);
}
