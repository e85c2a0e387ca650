// glob.match(pattern, delimiters, subject) with the gobwas/glob syntax OPA
// uses: `*` (any run without delimiters), `**` (any run), `?` (one code point,
// not a delimiter), `[abc]`, `[a-z]`, `[!...]`, `{alt1,alt2}`, `\` escapes.
// delimiters: [] → ["."]; null → none.
import { opa_free, opa_malloc } from "./alloc";
import { T_STRING, T_ARRAY, T_NULL, vtype, strLen, strPtr, arrLen, arrGet, opa_boolean } from "./value";
import { typeError, elementError } from "./strict";

let delims: usize = 0;      // array value or 0
let defaultDot: bool = false;
let sBase: usize = 0;
let sEnd: usize = 0;
let steps: i32 = 0;
const MAX_STEPS: i32 = 1000000;

function cpLen(p: usize, end: usize): usize {
  let j = p + 1;
  while (j < end && (load<u8>(j) & 0xC0) == 0x80) j++;
  return j - p;
}

function isDelim(p: usize, n: usize): bool {
  if (defaultDot) return n == 1 && load<u8>(p) == 0x2E;
  if (delims == 0) return false;
  let m = arrLen(delims);
  for (let i: usize = 0; i < m; i++) {
    let d = arrGet(delims, i);
    if (vtype(d) == T_STRING && strLen(d) == n && memory.compare(strPtr(d), p, n) == 0) return true;
  }
  return false;
}

/** Decode one code point at p (returns the value; length via cpLen). */
function decode(p: usize, n: usize): u32 {
  let b0 = <u32>load<u8>(p);
  if (n == 1) return b0;
  if (n == 2) return ((b0 & 0x1F) << 6) | (<u32>load<u8>(p + 1) & 0x3F);
  if (n == 3) return ((b0 & 0x0F) << 12) | ((<u32>load<u8>(p + 1) & 0x3F) << 6) | (<u32>load<u8>(p + 2) & 0x3F);
  return ((b0 & 0x07) << 18) | ((<u32>load<u8>(p + 1) & 0x3F) << 12) | ((<u32>load<u8>(p + 2) & 0x3F) << 6) | (<u32>load<u8>(p + 3) & 0x3F);
}

/** End of the bracket expression starting at p ('['), or 0. */
function classEnd(p: usize, end: usize): usize {
  let i = p + 1;
  if (i < end && load<u8>(i) == 0x21) i++;
  if (i < end && load<u8>(i) == 0x5D) i++;
  while (i < end && load<u8>(i) != 0x5D) i++;
  return i < end ? i : 0;
}

function classMatch(p: usize, close: usize, cp: u32): bool {
  let i = p + 1;
  let neg = false;
  if (i < close && load<u8>(i) == 0x21) { neg = true; i++; }
  let hit = false;
  while (i < close) {
    let l = cpLen(i, close);
    let lo = decode(i, l);
    i += l;
    if (i + 1 < close && load<u8>(i) == 0x2D) {
      let l2 = cpLen(i + 1, close);
      let hi = decode(i + 1, l2);
      i += 1 + l2;
      if (cp >= lo && cp <= hi) hit = true;
    } else if (cp == lo) hit = true;
  }
  return hit != neg;
}

/** End of the `{...}` group starting at p, or 0. */
function groupEnd(p: usize, end: usize): usize {
  let depth = 0;
  for (let i = p; i < end; i++) {
    let c = load<u8>(i);
    if (c == 0x5C) { i++; continue; }
    if (c == 0x7B) depth++;
    else if (c == 0x7D && --depth == 0) return i;
  }
  return 0;
}

function match(p: usize, pend: usize, s: usize): bool {
  if (++steps > MAX_STEPS) return false;
  while (p < pend) {
    let c = load<u8>(p);
    if (c == 0x2A) { // *
      if (p + 1 < pend && load<u8>(p + 1) == 0x2A) {
        let q = p + 2;
        for (let k = s; ; ) {
          if (match(q, pend, k)) return true;
          if (k >= sEnd) return false;
          k += cpLen(k, sEnd);
        }
      }
      for (let k = s; ; ) {
        if (match(p + 1, pend, k)) return true;
        if (k >= sEnd) return false;
        let l = cpLen(k, sEnd);
        if (isDelim(k, l)) return false;
        k += l;
      }
    }
    if (s >= sEnd) {
      return false;
    }
    let l = cpLen(s, sEnd);
    if (c == 0x3F) { // ?
      if (isDelim(s, l)) return false;
      p++; s += l;
      continue;
    }
    if (c == 0x5B) { // [
      let close = classEnd(p, pend);
      if (close == 0) return false;
      if (!classMatch(p, close, decode(s, l))) return false;
      p = close + 1; s += l;
      continue;
    }
    if (c == 0x7B) { // {a,b}
      let close = groupEnd(p, pend);
      if (close == 0) return false;
      let restLen = pend - (close + 1);
      let start = p + 1;
      let depth = 0;
      for (let i = p + 1; i <= close; i++) {
        let ch = load<u8>(i);
        if (ch == 0x5C && i < close) { i++; continue; }
        if (ch == 0x7B) depth++;
        else if (ch == 0x7D && depth > 0) depth--;
        else if ((ch == 0x2C && depth == 0) || i == close) {
          // try alternative [start, i) followed by the rest
          let altLen = i - start;
          let buf = opa_malloc(altLen + restLen + 1);
          memory.copy(buf, start, altLen);
          memory.copy(buf + altLen, close + 1, restLen);
          let ok = match(buf, buf + altLen + restLen, s);
          opa_free(buf);
          if (ok) return true;
          start = i + 1;
        }
      }
      return false;
    }
    if (c == 0x5C && p + 1 < pend) p++; // escaped literal
    let pl = cpLen(p, pend);
    if (pl != l || memory.compare(p, s, l) != 0) return false;
    p += pl; s += l;
  }
  return s == sEnd;
}

export function opa_glob_match(pattern: usize, delimiters: usize, subject: usize): usize {
  if (pattern == 0 || subject == 0 || delimiters == 0) return 0;
  if (vtype(pattern) != T_STRING) return typeError("glob.match", 1, "string", pattern);
  let dt = vtype(delimiters);
  if (dt == T_NULL) { delims = 0; defaultDot = false; }
  else if (dt == T_ARRAY) {
    let m = arrLen(delimiters);
    for (let i: usize = 0; i < m; i++) {
      let d = arrGet(delimiters, i);
      if (vtype(d) != T_STRING) return elementError("glob.match", 2, delimiters, "string", d);
      if (strLen(d) == 0 || cpLen(strPtr(d), strPtr(d) + strLen(d)) != strLen(d)) {
        return elementError("glob.match", 2, delimiters, "rune", d);
      }
    }
    delims = delimiters; defaultDot = m == 0;
  }
  else return typeError("glob.match", 2, "one of {array, null}", delimiters);
  if (vtype(subject) != T_STRING) return typeError("glob.match", 3, "string", subject);
  sBase = strPtr(subject);
  sEnd = sBase + strLen(subject);
  steps = 0;
  let ok = match(strPtr(pattern), strPtr(pattern) + strLen(pattern), sBase);
  return opa_boolean(ok ? 1 : 0);
}
