// String builtins. Strings are UTF-8 byte ranges; positions in indexof and
// substring count runes as Go does (utf8.ts: an invalid byte is one rune).
// Wrong argument types → 0 (undefined), or OPA's error in strict mode (strict.ts).
import { opa_free, opa_malloc } from "./alloc";
import {
  T_STRING, T_ARRAY, T_SET, T_NUMBER, vtype, strLen, strPtr, arrLen, arrGet, newStringUninit, opa_string, opa_string_ref,
  opa_boolean, opa_number_int, opa_array, opa_array_append,
} from "./value";
import { mapCount } from "./map";
import { sortedKeys } from "./compare";
import { opa_number_is_int, opa_number_as_int, decOf, decNeg, decLen, decExp, decDigits } from "./number";
import { decToInteger, MODE_CEIL, MODE_FLOOR } from "./decimal";
import { typeError, operandError, elementError, builtinError, intOperandError } from "./strict";
import { CASE_TABLE, CASE_ROWS } from "./unicase-table";
import { runeLen, runeAt, runeCount, lastRuneLen, isBadRune, RUNE_ERROR } from "./utf8";
import { copyBytes } from "./mem";

/** Type error for the first of two operands that is not a string (0 if both are). */
function strArgs2(name: string, a: usize, b: usize): usize {
  if (!isStr(a)) return typeError(name, 1, "string", a);
  return typeError(name, 2, "string", b);
}

// @ts-ignore: decorator
@inline function isStr(v: usize): bool { return v != 0 && vtype(v) == T_STRING; }

/** Byte offset of the first occurrence of needle in hay at or after `from`, or -1. */
function find(hp: usize, hn: usize, np: usize, nn: usize, from: usize): isize {
  if (nn == 0) return <isize>from;
  if (nn > hn) return -1;
  let first = load<u8>(np);
  for (let i = from; i + nn <= hn; i++) {
    if (load<u8>(hp + i) == first && memory.compare(hp + i, np, nn) == 0) return <isize>i;
  }
  return -1;
}

/** concat(delimiter, array|set of strings) */
export function opa_strings_concat(delim: usize, coll: usize): usize {
  if (!isStr(delim)) return typeError("concat", 1, "string", delim);
  if (coll == 0) return 0;
  let t = vtype(coll);
  let n: usize;
  let items: usize = 0;
  if (t == T_ARRAY) n = arrLen(coll);
  else if (t == T_SET) { n = mapCount(coll); items = sortedKeys(coll); }
  else return typeError("concat", 2, "one of {set, array}", coll);
  let dl = strLen(delim);
  let total: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    let e = items ? <usize>load<u32>(items + (i << 2)) : arrGet(coll, i);
    if (!isStr(e)) { if (items) opa_free(items); return elementError("concat", 2, coll, "string", e); }
    total += strLen(e) + (i ? dl : 0);
  }
  let r = newStringUninit(total);
  let out = strPtr(r);
  let o: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    let e = items ? <usize>load<u32>(items + (i << 2)) : arrGet(coll, i);
    if (i) { copyBytes(out + o, strPtr(delim), dl); o += dl; }
    copyBytes(out + o, strPtr(e), strLen(e));
    o += strLen(e);
  }
  if (items) opa_free(items);
  return r;
}

export function opa_strings_startswith(s: usize, prefix: usize): usize {
  if (!isStr(s) || !isStr(prefix)) return strArgs2("startswith", s, prefix);
  let n = strLen(prefix);
  return opa_boolean(n <= strLen(s) && memory.compare(strPtr(s), strPtr(prefix), n) == 0 ? 1 : 0);
}

export function opa_strings_endswith(s: usize, suffix: usize): usize {
  if (!isStr(s) || !isStr(suffix)) return strArgs2("endswith", s, suffix);
  let n = strLen(suffix), m = strLen(s);
  return opa_boolean(n <= m && memory.compare(strPtr(s) + m - n, strPtr(suffix), n) == 0 ? 1 : 0);
}

export function opa_strings_contains(s: usize, sub: usize): usize {
  if (!isStr(s) || !isStr(sub)) return strArgs2("contains", s, sub);
  return opa_boolean(find(strPtr(s), strLen(s), strPtr(sub), strLen(sub), 0) >= 0 ? 1 : 0);
}

function runesBefore(p: usize, bytes: usize): i64 {
  return <i64>runeCount(p, bytes);
}

/** indexof(s, sub): code-point index or -1; an empty sub is an error (undefined). */
export function opa_strings_indexof(s: usize, sub: usize): usize {
  if (!isStr(s) || !isStr(sub)) return strArgs2("indexof", s, sub);
  if (strLen(sub) == 0) return builtinError("indexof", "empty search character");
  let i = find(strPtr(s), strLen(s), strPtr(sub), strLen(sub), 0);
  return opa_number_int(i < 0 ? -1 : runesBefore(strPtr(s), <usize>i));
}

/** Byte offset of rune `k` (or the end). */
function runeOffset(p: usize, n: usize, k: i64): usize {
  let c: i64 = 0;
  for (let i: usize = 0; i < n; c++) {
    if (c == k) return i;
    i += runeLen(p + i, n - i);
  }
  return n;
}

/** A new string of the bytes [p, p+n) with each invalid byte as U+FFFD (Go's string([]rune(s))). */
function runesString(p: usize, n: usize): usize {
  let bad: usize = 0;
  for (let i: usize = 0; i < n;) {
    let l = runeLen(p + i, n - i);
    if (isBadRune(p + i, l)) bad++;
    i += l;
  }
  if (bad == 0) return opa_string(p, n);
  let r = newStringUninit(n + bad * 2);
  let o = strPtr(r);
  for (let i: usize = 0; i < n;) {
    let l = runeLen(p + i, n - i);
    if (isBadRune(p + i, l)) o += encodeAt(o, RUNE_ERROR);
    else { memory.copy(o, p + i, l); o += l; }
    i += l;
  }
  return r;
}

/** substring(s, start, length): code points; length < 0 means to the end. */
export function opa_strings_substring(s: usize, start: usize, length: usize): usize {
  if (!isStr(s)) return typeError("substring", 1, "string", s);
  if (start == 0 || length == 0) return 0;
  if (vtype(start) != T_NUMBER || !opa_number_is_int(start)) return intOperandError("substring", 2, start);
  if (vtype(length) != T_NUMBER || !opa_number_is_int(length)) return intOperandError("substring", 3, length);
  let st = opa_number_as_int(start), ln = opa_number_as_int(length);
  if (st < 0) return builtinError("substring", "negative offset");
  let p = strPtr(s), n = strLen(s);
  let b0 = runeOffset(p, n, st);
  let b1 = ln < 0 ? n : runeOffset(p, n, st + ln);
  return runesString(p + b0, b1 - b0);
}

/** Decodes the rune at p (n bytes available) as Go does: code point in decCp (U+FFFD for an invalid byte), length in decN. */
let decCp: i32 = 0;
let decN: usize = 0;
function decodeAt(p: usize, n: usize): void {
  decN = runeLen(p, n);
  decCp = runeAt(p, decN);
}

function utf8Len(cp: i32): usize { return cp < 0x80 ? 1 : (cp < 0x800 ? 2 : (cp < 0x10000 ? 3 : 4)); }

function encodeAt(out: usize, cp: i32): usize {
  if (cp < 0x80) { store<u8>(out, <u8>cp); return 1; }
  if (cp < 0x800) { store<u8>(out, <u8>(0xC0 | (cp >> 6))); store<u8>(out + 1, <u8>(0x80 | (cp & 0x3F))); return 2; }
  if (cp < 0x10000) {
    store<u8>(out, <u8>(0xE0 | (cp >> 12))); store<u8>(out + 1, <u8>(0x80 | ((cp >> 6) & 0x3F)));
    store<u8>(out + 2, <u8>(0x80 | (cp & 0x3F)));
    return 3;
  }
  store<u8>(out, <u8>(0xF0 | (cp >> 18))); store<u8>(out + 1, <u8>(0x80 | ((cp >> 12) & 0x3F)));
  store<u8>(out + 2, <u8>(0x80 | ((cp >> 6) & 0x3F))); store<u8>(out + 3, <u8>(0x80 | (cp & 0x3F)));
  return 4;
}

/**
 * Go's unicode.ToUpper / ToLower: the Unicode simple (one code point to one
 * code point) case mapping, from the generated table in unicase-table.ts
 * (binary search over ranges; ß, ŉ, ǰ… keep their case as in Go).
 */
function mapCase(cp: i32, upper: bool): i32 {
  if (cp < 0x80) {
    if (upper && cp >= 0x61 && cp <= 0x7A) return cp - 32;
    if (!upper && cp >= 0x41 && cp <= 0x5A) return cp + 32;
    return cp;
  }
  let lo: i32 = 0, hi: i32 = CASE_ROWS - 1;
  while (lo <= hi) {
    let mid = (lo + hi) >>> 1;
    let row = CASE_TABLE + (<usize>mid << 4);
    let first = load<i32>(row), last = load<i32>(row, 4);
    if (cp < first) hi = mid - 1;
    else if (cp > last) lo = mid + 1;
    else {
      let d = upper ? load<i32>(row, 8) : load<i32>(row, 12);
      if (d == 0x7FFFFFFF) { // alternating Upper/Lower run
        let base = first + ((cp - first) & ~1);
        return upper ? base : base + 1;
      }
      return cp + d;
    }
  }
  return cp;
}

function mapStringCase(name: string, s: usize, upper: bool): usize {
  if (!isStr(s)) return typeError(name, 1, "string", s);
  let n = strLen(s), src = strPtr(s);
  let ascii = true;
  for (let i: usize = 0; i < n; i++) if (load<u8>(src + i) >= 0x80) { ascii = false; break; }
  if (ascii) {
    let r = newStringUninit(n);
    let dst = strPtr(r);
    for (let i: usize = 0; i < n; i++) {
      let c = load<u8>(src + i);
      if (upper && c >= 0x61 && c <= 0x7A) c -= 32;
      else if (!upper && c >= 0x41 && c <= 0x5A) c += 32;
      store<u8>(dst + i, c);
    }
    return r;
  }
  // mapped length first (a case pair can differ in UTF-8 length: ı/I, ſ/S, Ⱥ/ⱥ)
  let total: usize = 0;
  for (let i: usize = 0; i < n; i += decN) {
    decodeAt(src + i, n - i);
    total += utf8Len(mapCase(decCp, upper));
  }
  let r = newStringUninit(total);
  let dst = strPtr(r);
  let o: usize = 0;
  for (let i: usize = 0; i < n; i += decN) {
    decodeAt(src + i, n - i);
    o += encodeAt(dst + o, mapCase(decCp, upper)); // an invalid byte becomes U+FFFD, as in Go's strings.Map
  }
  return r;
}

/** upper/lower: Unicode simple case mapping per code point, as Go's strings.ToUpper / ToLower. */
export function opa_strings_upper(s: usize): usize { return mapStringCase("upper", s, true); }
export function opa_strings_lower(s: usize): usize { return mapStringCase("lower", s, false); }

export function opa_strings_trim_prefix(s: usize, prefix: usize): usize {
  if (!isStr(s) || !isStr(prefix)) return strArgs2("trim_prefix", s, prefix);
  let n = strLen(prefix);
  if (n <= strLen(s) && memory.compare(strPtr(s), strPtr(prefix), n) == 0) return opa_string(strPtr(s) + n, strLen(s) - n);
  return s;
}

export function opa_strings_trim_suffix(s: usize, suffix: usize): usize {
  if (!isStr(s) || !isStr(suffix)) return strArgs2("trim_suffix", s, suffix);
  let n = strLen(suffix), m = strLen(s);
  if (n <= m && memory.compare(strPtr(s) + m - n, strPtr(suffix), n) == 0) return opa_string(strPtr(s), m - n);
  return s;
}

/** Go's unicode.IsSpace. */
function isSpaceCp(c: i32): bool {
  if (c < 0x80) return c == 0x20 || (c >= 0x09 && c <= 0x0D);
  if (c == 0x85 || c == 0xA0 || c == 0x1680 || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000) return true;
  return c >= 0x2000 && c <= 0x200A;
}

/** trim_space: Unicode white space (Go's strings.TrimSpace). */
export function opa_strings_trim_space(s: usize): usize {
  if (!isStr(s)) return typeError("trim_space", 1, "string", s);
  let p = strPtr(s), a: usize = 0, b = strLen(s);
  while (a < b) {
    decodeAt(p + a, b - a);
    if (!isSpaceCp(decCp)) break;
    a += decN;
  }
  while (b > a) {
    let k = b - lastRuneLen(p + a, b - a);
    decodeAt(p + k, b - k);
    if (!isSpaceCp(decCp)) break;
    b = k;
  }
  return opa_string(p + a, b - a);
}

/** split(s, delimiter) → array of strings. */
export function opa_strings_split(s: usize, d: usize): usize {
  if (!isStr(s) || !isStr(d)) return strArgs2("split", s, d);
  let r = opa_array();
  let p = strPtr(s), n = strLen(s), dp = strPtr(d), dn = strLen(d);
  if (dn == 0) {
    // split into code points
    let i: usize = 0;
    while (i < n) {
      let j = i + runeLen(p + i, n - i);
      opa_array_append(r, opa_string(p + i, j - i));
      i = j;
    }
    return r;
  }
  let from: usize = 0;
  while (true) {
    let k = find(p, n, dp, dn, from);
    if (k < 0) break;
    opa_array_append(r, opa_string(p + from, <usize>k - from));
    from = <usize>k + dn;
  }
  opa_array_append(r, opa_string(p + from, n - from));
  return r;
}

/** replace(s, old, new): every occurrence (an empty `old` matches before every code point and at the end, as in Go). */
export function opa_strings_replace(s: usize, old: usize, nw: usize): usize {
  if (!isStr(s) || !isStr(old)) return strArgs2("replace", s, old);
  if (!isStr(nw)) return typeError("replace", 3, "string", nw);
  let p = strPtr(s), n = strLen(s), op = strPtr(old), on = strLen(old);
  if (on == 0) return insertEverywhere(s, nw);
  let count: usize = 0;
  let from: usize = 0;
  while (true) {
    let k = find(p, n, op, on, from);
    if (k < 0) break;
    count++;
    from = <usize>k + on;
  }
  if (count == 0) return s;
  let nn = strLen(nw);
  let r = newStringUninit(n - count * on + count * nn);
  let out = strPtr(r);
  let o: usize = 0;
  from = 0;
  while (true) {
    let k = find(p, n, op, on, from);
    if (k < 0) break;
    memory.copy(out + o, p + from, <usize>k - from); o += <usize>k - from;
    memory.copy(out + o, strPtr(nw), nn); o += nn;
    from = <usize>k + on;
  }
  memory.copy(out + o, p + from, n - from);
  return r;
}


/** Go's strings.NewReplacer("", nw): nw before every code point and at the end. */
function insertEverywhere(s: usize, nw: usize): usize {
  let p = strPtr(s), n = strLen(s), nn = strLen(nw);
  let runes = runeCount(p, n);
  if (nn == 0) return s;
  let r = newStringUninit(n + (runes + 1) * nn);
  let out = strPtr(r);
  let o: usize = 0;
  let i: usize = 0;
  while (i < n) {
    memory.copy(out + o, strPtr(nw), nn); o += nn;
    let j = i + runeLen(p + i, n - i);
    memory.copy(out + o, p + i, j - i); o += j - i;
    i = j;
  }
  memory.copy(out + o, strPtr(nw), nn);
  return r;
}

/** strings.reverse: reverses code points. */
export function opa_strings_reverse(s: usize): usize {
  if (!isStr(s)) return typeError("strings.reverse", 1, "string", s);
  let n = strLen(s), p = strPtr(s);
  let r = newStringUninit(n);
  let out = strPtr(r);
  let i: usize = 0;
  while (i < n) {
    let j = i + runeLen(p + i, n - i);
    memory.copy(out + n - j, p + i, j - i);
    i = j;
  }
  return r;
}

/** Is the rune [cp, cp+len) one of the cutset's (Go's strings.ContainsRune: U+FFFD matches any invalid byte)? */
function inCutset(cp: usize, len: usize, cut: usize): bool {
  let r = runeAt(cp, len);
  let cn = strLen(cut), c = strPtr(cut);
  let i: usize = 0;
  while (i < cn) {
    let l = runeLen(c + i, cn - i);
    if (runeAt(c + i, l) == r) return true;
    i += l;
  }
  return false;
}

function trimCut(name: string, s: usize, cut: usize, left: bool, right: bool): usize {
  if (!isStr(s) || !isStr(cut)) return strArgs2(name, s, cut);
  let p = strPtr(s), n = strLen(s);
  let a: usize = 0, b = n;
  if (left) {
    while (a < b) {
      let l = runeLen(p + a, n - a);
      if (!inCutset(p + a, l, cut)) break;
      a += l;
    }
  }
  if (right) {
    while (b > a) {
      let k = b - lastRuneLen(p + a, b - a);
      if (!inCutset(p + k, b - k, cut)) break;
      b = k;
    }
  }
  return opa_string(p + a, b - a);
}

export function opa_strings_trim(s: usize, cut: usize): usize { return trimCut("trim", s, cut, true, true); }
export function opa_strings_trim_left(s: usize, cut: usize): usize { return trimCut("trim_left", s, cut, true, false); }
export function opa_strings_trim_right(s: usize, cut: usize): usize { return trimCut("trim_right", s, cut, false, true); }

const DIGITS = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

/** format_int(number, base): base 2, 8, 10 or 16; truncated toward zero; exact for any size. */
export function opa_strings_format_int(x: usize, base: usize): usize {
  if (x == 0 || base == 0) return 0;
  if (vtype(x) != T_NUMBER) return typeError("format_int", 1, "number", x);
  if (vtype(base) != T_NUMBER) return typeError("format_int", 2, "number", base);
  let bi: i64 = opa_number_is_int(base) ? opa_number_as_int(base) : 0;
  if (bi != 2 && bi != 8 && bi != 10 && bi != 16) return operandError("format_int", 2, "must be one of {2, 8, 10, 16}");
  let b = <u32>bi;
  let d = decOf(x);
  let t = decToInteger(d, decNeg(d) ? MODE_CEIL : MODE_FLOOR);
  opa_free(d);
  // decimal digits of |t| (values 0..9), most significant first
  let len = decLen(t), exp = decExp(t);
  let n = len + <usize>exp;
  if (n > 100000) { opa_free(t); return 0; }
  let digs = opa_malloc(n + 1);
  memory.copy(digs, decDigits(t), len);
  memory.fill(digs + len, 0, <usize>exp);
  let neg = decNeg(t) && len > 0;
  opa_free(t);
  // repeated short division by b; remainders are the digits, least significant first
  let out = opa_malloc(n * 4 + 2);
  let o: usize = 0;
  let start: usize = 0;
  while (start < n) {
    let rem: u32 = 0;
    for (let i = start; i < n; i++) {
      let cur = rem * 10 + <u32>load<u8>(digs + i);
      store<u8>(digs + i, <u8>(cur / b));
      rem = cur % b;
    }
    store<u8>(out + o++, load<u8>(DIGITS + <usize>rem));
    while (start < n && load<u8>(digs + start) == 0) start++;
  }
  if (o == 0) store<u8>(out + o++, 0x30);
  if (neg) store<u8>(out + o++, 0x2D);
  let r = newStringUninit(o);
  let rp = strPtr(r);
  for (let i: usize = 0; i < o; i++) store<u8>(rp + i, load<u8>(out + o - 1 - i));
  opa_free(out);
  opa_free(digs);
  return r;
}
