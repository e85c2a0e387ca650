// Serialisers: opa_json_dump (JSON) and opa_value_dump (Rego term text).
// Both write canonical order: object keys and set elements sorted by the
// Rego total order. Output is NUL-terminated.
import { opa_malloc, opa_free, opa_realloc } from "./alloc";
import {
  T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, N_INT, N_FLOAT,
  vtype, boolOf, numRepr, numInt, numFloat, refLen, refPtr, strLen, strPtr, arrLen, arrGet,
} from "./value";
import { writeI64, floatToText, floatText } from "./number";
import { mapCount, mapFind, nodeValue } from "./map";
import { sortedKeys } from "./compare";
import { copyBytes } from "./mem";

let buf: usize = 0;
let len: usize = 0;
let cap: usize = 0;
/** Rego term text with ", " and ": " separators (how Rego prints terms, e.g. in template strings). */
let spaced: bool = false;

// @ts-ignore: decorator
@inline function putComma(): void {
  putByte(0x2C);
  if (spaced) putByte(0x20);
}
// @ts-ignore: decorator
@inline function putColon(): void {
  putByte(0x3A);
  if (spaced) putByte(0x20);
}

function reserve(n: usize): void {
  if (len + n > cap) {
    let ncap = cap << 1;
    if (ncap < len + n) ncap = len + n + 64;
    buf = opa_realloc(buf, ncap);
    cap = ncap;
  }
}

// @ts-ignore: decorator
@inline function putByte(b: u8): void {
  reserve(1);
  store<u8>(buf + len, b);
  len++;
}

function putBytes(p: usize, n: usize): void {
  reserve(n);
  copyBytes(buf + len, p, n);
  len += n;
}

function putAscii(s: string): void {
  let n = <usize>s.length;
  reserve(n);
  for (let i: usize = 0; i < n; i++) store<u8>(buf + len + i, <u8>s.charCodeAt(<i32>i));
  len += n;
}

const HEX = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

function putQuoted(p: usize, n: usize): void {
  reserve(n + 2);
  putByte(0x22);
  for (let i: usize = 0; i < n; i++) {
    let c = load<u8>(p + i);
    if (c == 0x22 || c == 0x5C) { putByte(0x5C); putByte(c); }
    else if (c < 0x20) {
      putByte(0x5C);
      if (c == 0x0A) putByte(0x6E);
      else if (c == 0x09) putByte(0x74);
      else if (c == 0x0D) putByte(0x72);
      else if (c == 0x08) putByte(0x62);
      else if (c == 0x0C) putByte(0x66);
      else {
        putAscii("u00");
        putByte(load<u8>(HEX + (<usize>c >> 4)));
        putByte(load<u8>(HEX + (<usize>c & 15)));
      }
    } else putByte(c);
  }
  putByte(0x22);
}

function putNumber(v: usize): void {
  let r = numRepr(v);
  if (r == N_INT) {
    reserve(48);
    len += writeI64(buf + len, numInt(v));
  } else if (r == N_FLOAT) {
    let n = floatToText(numFloat(v));
    putBytes(floatText, n);
  } else putBytes(refPtr(v), refLen(v));
}

function putValue(v: usize, json: bool): void {
  switch (vtype(v)) {
    case T_NULL: putAscii("null"); return;
    case T_BOOLEAN: if (boolOf(v)) putAscii("true"); else putAscii("false"); return;
    case T_NUMBER: putNumber(v); return;
    case T_STRING: putQuoted(strPtr(v), strLen(v)); return;
    case T_ARRAY: {
      putByte(0x5B);
      let n = arrLen(v);
      for (let i: usize = 0; i < n; i++) {
        if (i) putComma();
        putValue(arrGet(v, i), json);
      }
      putByte(0x5D);
      return;
    }
    case T_OBJECT: {
      let n = mapCount(v);
      let keys = sortedKeys(v);
      putByte(0x7B);
      for (let i: usize = 0; i < n; i++) {
        if (i) putComma();
        let k = <usize>load<u32>(keys + (i << 2));
        if (json && vtype(k) != T_STRING) {
          // non-string key: its JSON text, as a string
          let start = len;
          putValue(k, true);
          let tlen = len - start;
          let tmp = opa_malloc(tlen);
          memory.copy(tmp, buf + start, tlen);
          len = start;
          putQuoted(tmp, tlen);
          opa_free(tmp);
        } else putValue(k, json);
        putColon();
        putValue(nodeValue(mapFind(v, k)), json);
      }
      putByte(0x7D);
      opa_free(keys);
      return;
    }
    case T_SET: {
      let n = mapCount(v);
      if (!json && n == 0) { putAscii("set()"); return; }
      let keys = sortedKeys(v);
      putByte(json ? 0x5B : 0x7B);
      for (let i: usize = 0; i < n; i++) {
        if (i) putComma();
        putValue(<usize>load<u32>(keys + (i << 2)), json);
      }
      putByte(json ? 0x5D : 0x7D);
      opa_free(keys);
      return;
    }
  }
}

function dump(v: usize, json: bool, withSpaces: bool = false): usize {
  spaced = withSpaces;
  cap = 64;
  len = 0;
  buf = opa_malloc(cap);
  if (v == 0) {
    // undefined has no JSON form; write an empty string (callers test for 0 first)
  } else putValue(v, json);
  putByte(0);
  spaced = false;
  let out = buf;
  buf = 0;
  return out;
}

/** NUL-terminated JSON text; sets become arrays, non-string keys strings. */
export function opa_json_dump(v: usize): usize { return dump(v, true); }

/** NUL-terminated Rego term text (sets as `{...}`/`set()`, keys kept). */
export function opa_value_dump(v: usize): usize { return dump(v, false); }

/** Byte length of a NUL-terminated string. */
export function opa_strlen(p: usize): usize {
  let n: usize = 0;
  while (load<u8>(p + n) != 0) n++;
  return n;
}

/** NUL-terminated Rego term text with ", " / ": " separators. */
export function valueTextSpaced(v: usize): usize {
  let out = dump(v, false, true);
  return out;
}
