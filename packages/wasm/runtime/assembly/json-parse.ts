// JSON parser (opa_json_parse) and Rego term parser (opa_value_parse:
// JSON plus set literals `{1, 2}`, `set()`, non-string object keys and
// backtick raw strings). Returns 0 on any syntax error.
import {
  T_STRING, opa_null, opa_boolean, opa_number_int, newRefRaw, newStringUninit, strPtr, opa_array, opa_array_append,
} from "./value";
import { scanNumber, scanIsInt, parseI64, parseOk } from "./number";
import { opa_object } from "./object";
import { opa_set, opa_set_add } from "./set";
import { mapPut } from "./map";
import { copyBytes } from "./mem";

let pos: usize = 0;
let end: usize = 0;
let rego: bool = false;
let depth: i32 = 0;
const MAX_DEPTH: i32 = 1000;

export function opa_json_parse(p: usize, len: usize): usize {
  return parseTop(p, len, false);
}

export function opa_value_parse(p: usize, len: usize): usize {
  return parseTop(p, len, true);
}

function parseTop(p: usize, len: usize, regoMode: bool): usize {
  pos = p;
  end = p + len;
  rego = regoMode;
  depth = 0;
  let v = parseValue();
  if (v == 0) return 0;
  skipWs();
  return pos == end ? v : 0;
}

// @ts-ignore: decorator
@inline function peek(): u32 { return pos < end ? <u32>load<u8>(pos) : 0xFFFFFFFF; }

function skipWs(): void {
  while (pos < end) {
    let c = load<u8>(pos);
    if (c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09) pos++;
    else break;
  }
}

function literal(text: string, v: usize): usize {
  let n = <usize>text.length;
  if (end - pos < n) return 0;
  for (let i: usize = 0; i < n; i++) if (load<u8>(pos + i) != <u8>text.charCodeAt(<i32>i)) return 0;
  pos += n;
  return v;
}

function parseValue(): usize {
  skipWs();
  let c = peek();
  switch (c) {
    case 0x7B: return parseBrace();          // {
    case 0x5B: return parseArray();          // [
    case 0x22: return parseString();         // "
    case 0x74: return literal("true", opa_boolean(1));
    case 0x66: return literal("false", opa_boolean(0));
    case 0x6E: return literal("null", opa_null());
    case 0x73: return rego ? parseEmptySet() : 0; // set()
    case 0x60: return rego ? parseRawString() : 0; // `raw`
  }
  if (c == 0x2D || (c >= 0x30 && c <= 0x39)) return parseNumber();
  return 0;
}

function parseNumber(): usize {
  let start = pos;
  let e = scanNumber(pos, end);
  if (e == 0) return 0;
  pos = e;
  let n = e - start;
  if (scanIsInt) {
    let i = parseI64(start, n);
    if (parseOk) return opa_number_int(i);
  }
  return newRefRaw(start, n);
}

function parseEmptySet(): usize {
  if (literal("set(", 1) == 0) return 0;
  skipWs();
  if (peek() != 0x29) return 0;
  pos++;
  return opa_set();
}

function parseRawString(): usize {
  pos++;
  let start = pos;
  while (pos < end && load<u8>(pos) != 0x60) pos++;
  if (pos >= end) return 0;
  let n = pos - start;
  pos++;
  let v = newStringUninit(n);
  copyBytes(strPtr(v), start, n);
  return v;
}

function hex4(p: usize): i32 {
  let r = 0;
  for (let i: usize = 0; i < 4; i++) {
    let c = <i32>load<u8>(p + i);
    let d: i32;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) d = (c | 0x20) - 0x61 + 10;
    else return -1;
    r = (r << 4) | d;
  }
  return r;
}

function putUtf8(out: usize, cp: u32): usize {
  if (cp < 0x80) { store<u8>(out, <u8>cp); return 1; }
  if (cp < 0x800) {
    store<u8>(out, <u8>(0xC0 | (cp >> 6)));
    store<u8>(out, <u8>(0x80 | (cp & 0x3F)), 1);
    return 2;
  }
  if (cp < 0x10000) {
    store<u8>(out, <u8>(0xE0 | (cp >> 12)));
    store<u8>(out, <u8>(0x80 | ((cp >> 6) & 0x3F)), 1);
    store<u8>(out, <u8>(0x80 | (cp & 0x3F)), 2);
    return 3;
  }
  store<u8>(out, <u8>(0xF0 | (cp >> 18)));
  store<u8>(out, <u8>(0x80 | ((cp >> 12) & 0x3F)), 1);
  store<u8>(out, <u8>(0x80 | ((cp >> 6) & 0x3F)), 2);
  store<u8>(out, <u8>(0x80 | (cp & 0x3F)), 3);
  return 4;
}

function parseString(): usize {
  pos++; // opening quote
  // find the closing quote; the decoded text is never longer than the raw one
  let start = pos;
  let i = pos;
  let escapes = false;
  while (i < end) {
    let c = load<u8>(i);
    if (c == 0x22) break;
    if (c < 0x20) return 0;
    if (c == 0x5C) { escapes = true; i += 2; continue; }
    i++;
  }
  if (i >= end) return 0;
  let raw = i - start;
  let v = newStringUninit(raw);
  let out = strPtr(v);
  if (!escapes) {
    memory.copy(out, start, raw);
    pos = i + 1;
    return v;
  }
  let o: usize = 0;
  let p = start;
  while (p < i) {
    let c = load<u8>(p);
    if (c != 0x5C) { store<u8>(out + o++, c); p++; continue; }
    let e = load<u8>(p + 1);
    p += 2;
    switch (e) {
      case 0x22: store<u8>(out + o++, 0x22); break;
      case 0x5C: store<u8>(out + o++, 0x5C); break;
      case 0x2F: store<u8>(out + o++, 0x2F); break;
      case 0x62: store<u8>(out + o++, 0x08); break;
      case 0x66: store<u8>(out + o++, 0x0C); break;
      case 0x6E: store<u8>(out + o++, 0x0A); break;
      case 0x72: store<u8>(out + o++, 0x0D); break;
      case 0x74: store<u8>(out + o++, 0x09); break;
      case 0x75: {
        if (p + 4 > i) return 0;
        let cp = hex4(p);
        if (cp < 0) return 0;
        p += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          let lo = -1;
          if (p + 6 <= i && load<u8>(p) == 0x5C && load<u8>(p + 1) == 0x75) lo = hex4(p + 2);
          if (lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            p += 6;
          } else cp = 0xFFFD;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) cp = 0xFFFD;
        o += putUtf8(out + o, <u32>cp);
        break;
      }
      default: return 0;
    }
  }
  store<u32>(v, <u32>o, 4);
  pos = i + 1;
  return v;
}

function parseArray(): usize {
  if (++depth > MAX_DEPTH) return 0;
  pos++;
  let arr = opa_array();
  skipWs();
  if (peek() == 0x5D) { pos++; depth--; return arr; }
  while (true) {
    let v = parseValue();
    if (v == 0) return 0;
    opa_array_append(arr, v);
    skipWs();
    let c = peek();
    pos++;
    if (c == 0x2C) {
      // Rego terms allow a trailing comma: [1, 2,]
      if (rego) { skipWs(); if (peek() == 0x5D) { pos++; break; } }
      continue;
    }
    if (c == 0x5D) break;
    return 0;
  }
  depth--;
  return arr;
}

/** `{` starts an object, or (Rego mode) a set literal. */
function parseBrace(): usize {
  if (++depth > MAX_DEPTH) return 0;
  pos++;
  skipWs();
  if (peek() == 0x7D) { pos++; depth--; return opa_object(); }
  let first = parseValue();
  if (first == 0) return 0;
  skipWs();
  let c = peek();
  if (c == 0x3A) {
    if (!rego && load<u8>(first) != T_STRING) return 0;
    let obj = opa_object();
    let key = first;
    while (true) {
      // at ':'
      pos++;
      let v = parseValue();
      if (v == 0) return 0;
      mapPut(obj, key, v);
      skipWs();
      let d = peek();
      pos++;
      if (d == 0x7D) break;
      if (d != 0x2C) return 0;
      skipWs();
      if (rego && peek() == 0x7D) { pos++; break; } // trailing comma
      if (!rego && peek() != 0x22) return 0;
      key = parseValue();
      if (key == 0) return 0;
      skipWs();
      if (peek() != 0x3A) return 0;
    }
    depth--;
    return obj;
  }
  if (!rego) return 0;
  let set = opa_set();
  opa_set_add(set, first);
  while (true) {
    skipWs();
    let d = peek();
    pos++;
    if (d == 0x7D) break;
    if (d != 0x2C) return 0;
    skipWs();
    if (peek() == 0x7D) { pos++; break; } // trailing comma
    let v = parseValue();
    if (v == 0) return 0;
    opa_set_add(set, v);
  }
  depth--;
  return set;
}
