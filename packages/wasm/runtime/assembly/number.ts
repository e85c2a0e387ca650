// Numbers: int64 fast path, float64, and "ref" numbers that keep their exact
// decimal text. Exact comparison and hashing go through a canonical decimal
// form Dec = (-1)^neg * D * 10^exp, D without leading or trailing zeros.
import { opa_malloc, opa_free } from "./alloc";
import { hashBytes, hashI64 } from "./hash";
import {
  T_NUMBER, N_INT, N_FLOAT, N_REF, vtype, numRepr, numInt, numFloat, refLen, refPtr,
  opa_number_int, newFloatRaw, newRefRaw,
} from "./value";
import { dtoa_buffered } from "util/number";
import { strtod } from "util/string";

// ---- Dec: [u32 neg][u32 len][i32 exp][u8 digits (values 0..9)...]
// @ts-ignore: decorator
@inline export function decNeg(d: usize): bool { return load<u32>(d) != 0; }
// @ts-ignore: decorator
@inline export function decLen(d: usize): usize { return <usize>load<u32>(d, 4); }
// @ts-ignore: decorator
@inline export function decExp(d: usize): i32 { return load<i32>(d, 8); }
// @ts-ignore: decorator
@inline export function decDigits(d: usize): usize { return d + 12; }

export function decNew(cap: usize): usize {
  let d = opa_malloc(12 + cap);
  store<u32>(d, 0);
  store<u32>(d, 0, 4);
  store<i32>(d, 0, 8);
  return d;
}

export function decSet(d: usize, neg: bool, len: usize, exp: i32): void {
  store<u32>(d, neg ? 1 : 0);
  store<u32>(d, <u32>len, 4);
  store<i32>(d, exp, 8);
}

/** Strip leading and trailing zeros; zero becomes len 0, positive, exp 0. */
export function decNormalize(d: usize): void {
  let p = decDigits(d);
  let len = decLen(d);
  let lead: usize = 0;
  while (lead < len && load<u8>(p + lead) == 0) lead++;
  if (lead == len) { decSet(d, false, 0, 0); return; }
  if (lead) { memory.copy(p, p + lead, len - lead); len -= lead; }
  let exp = decExp(d);
  while (load<u8>(p + len - 1) == 0) { len--; exp++; }
  decSet(d, decNeg(d), len, exp);
}

/**
 * Scan a JSON number at [p, end). Returns the end of the number, or 0 if the
 * text there is not a valid JSON number. Sets scanIsInt when it has no
 * fraction and no exponent.
 */
export let scanIsInt: bool = false;
export function scanNumber(p: usize, end: usize): usize {
  let i = p;
  if (i < end && load<u8>(i) == 0x2D) i++;
  if (i >= end) return 0;
  let c = load<u8>(i);
  if (c == 0x30) i++;
  else if (c >= 0x31 && c <= 0x39) { while (i < end && isDigit(load<u8>(i))) i++; }
  else return 0;
  scanIsInt = true;
  if (i < end && load<u8>(i) == 0x2E) {
    i++;
    if (i >= end || !isDigit(load<u8>(i))) return 0;
    while (i < end && isDigit(load<u8>(i))) i++;
    scanIsInt = false;
  }
  if (i < end && (load<u8>(i) | 0x20) == 0x65) {
    i++;
    if (i < end && (load<u8>(i) == 0x2B || load<u8>(i) == 0x2D)) i++;
    if (i >= end || !isDigit(load<u8>(i))) return 0;
    while (i < end && isDigit(load<u8>(i))) i++;
    scanIsInt = false;
  }
  return i;
}

// @ts-ignore: decorator
@inline function isDigit(c: u8): bool { return c >= 0x30 && c <= 0x39; }

/** Parse integer text (optional '-', digits) into i64; sets parseOk = false on overflow. */
export let parseOk: bool = true;
export function parseI64(p: usize, len: usize): i64 {
  let i: usize = 0;
  let neg = false;
  if (len > 0 && load<u8>(p) == 0x2D) { neg = true; i = 1; }
  let acc: u64 = 0;
  parseOk = true;
  let ndig = len - i;
  if (ndig > 19 || ndig == 0) { parseOk = ndig != 0 && allZeros(p + i, ndig); return 0; }
  for (; i < len; i++) acc = acc * 10 + <u64>(load<u8>(p + i) - 0x30);
  if (neg) {
    if (acc > 0x8000000000000000) { parseOk = false; return 0; }
    return -<i64>acc;
  }
  if (acc > 0x7FFFFFFFFFFFFFFF) { parseOk = false; return 0; }
  return <i64>acc;
}

function allZeros(p: usize, n: usize): bool {
  for (let i: usize = 0; i < n; i++) if (load<u8>(p + i) != 0x30) return false;
  return true;
}

/** Parse number text (JSON grammar, also accepts a leading '+') into a Dec. */
function decFromText(p: usize, len: usize): usize {
  let d = decNew(len + 1);
  let out = decDigits(d);
  let n: usize = 0;
  let i: usize = 0;
  let neg = false;
  if (i < len && load<u8>(p) == 0x2D) { neg = true; i++; }
  else if (i < len && load<u8>(p) == 0x2B) i++;
  let frac: i64 = 0;
  let seenDot = false;
  for (; i < len; i++) {
    let c = load<u8>(p + i);
    if (isDigit(c)) {
      if (n == 0 && c == 0x30) { if (seenDot) frac++; continue; }
      store<u8>(out + n, c - 0x30);
      n++;
      if (seenDot) frac++;
    } else if (c == 0x2E) seenDot = true;
    else break;
  }
  let e: i64 = 0;
  if (i < len && (load<u8>(p + i) | 0x20) == 0x65) {
    i++;
    let eneg = false;
    if (i < len && load<u8>(p + i) == 0x2D) { eneg = true; i++; }
    else if (i < len && load<u8>(p + i) == 0x2B) i++;
    for (; i < len; i++) {
      let c = load<u8>(p + i);
      if (!isDigit(c)) break;
      if (e < 0x40000000) e = e * 10 + <i64>(c - 0x30);
    }
    if (eneg) e = -e;
  }
  let exp = e - frac;
  if (exp > 0x3FFFFFFF) exp = 0x3FFFFFFF;
  if (exp < -0x3FFFFFFF) exp = -0x3FFFFFFF;
  decSet(d, neg, n, <i32>exp);
  decNormalize(d);
  return d;
}

function decFromI64(x: i64): usize {
  let d = decNew(20);
  let neg = x < 0;
  let u: u64 = neg ? <u64>(-x) : <u64>x; // -MIN wraps to 2^63, which is right as u64
  let tmp = decDigits(d) + 19;
  let n: usize = 0;
  do {
    store<u8>(tmp - n, <u8>(u % 10));
    u /= 10;
    n++;
  } while (u != 0);
  memory.copy(decDigits(d), tmp - n + 1, n);
  decSet(d, neg, n, 0);
  decNormalize(d);
  return d;
}

// Scratch for float formatting: dtoa writes UTF-16, we keep ASCII.
const dtoaBuf16 = memory.data(128);
export const floatText = memory.data(64);

/** Write the shortest round-trip text of a finite float into floatText; returns its length. */
export function floatToText(f: f64): usize {
  let n = <usize>dtoa_buffered<f64>(dtoaBuf16, f);
  for (let i: usize = 0; i < n; i++) store<u8>(floatText + i, <u8>load<u16>(dtoaBuf16 + (i << 1)));
  // "x.0" from dtoa for integral values: drop the ".0"
  if (n >= 2 && load<u8>(floatText + n - 1) == 0x30 && load<u8>(floatText + n - 2) == 0x2E) n -= 2;
  return n;
}

function decFromF64(f: f64): usize {
  let n = floatToText(f);
  return decFromText(floatText, n);
}

/** Canonical decimal of any number value (caller frees with opa_free). */
export function decOf(v: usize): usize {
  let r = numRepr(v);
  if (r == N_INT) return decFromI64(numInt(v));
  if (r == N_FLOAT) return decFromF64(numFloat(v));
  return decFromText(refPtr(v), refLen(v));
}

/** Magnitude comparison of two normalized Decs. */
function decCmpAbs(a: usize, b: usize): i32 {
  let la = decLen(a), lb = decLen(b);
  if (la == 0 || lb == 0) return la == lb ? 0 : (la == 0 ? -1 : 1);
  let ma = <i64>la + <i64>decExp(a), mb = <i64>lb + <i64>decExp(b);
  if (ma != mb) return ma < mb ? -1 : 1;
  let n = la < lb ? la : lb;
  let pa = decDigits(a), pb = decDigits(b);
  for (let i: usize = 0; i < n; i++) {
    let x = load<u8>(pa + i), y = load<u8>(pb + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return la == lb ? 0 : (la < lb ? -1 : 1);
}

function decCompare(a: usize, b: usize): i32 {
  let na = decNeg(a), nb = decNeg(b);
  if (na != nb) return na ? -1 : 1;
  let c = decCmpAbs(a, b);
  return na ? -c : c;
}

/** If the Dec is an integer that fits i64, set parseOk and return it. */
function decToI64(d: usize): i64 {
  parseOk = false;
  let len = decLen(d);
  if (len == 0) { parseOk = true; return 0; }
  let exp = decExp(d);
  if (exp < 0 || <i64>len + <i64>exp > 19) return 0;
  let acc: u64 = 0;
  let p = decDigits(d);
  for (let i: usize = 0; i < len; i++) acc = acc * 10 + <u64>load<u8>(p + i);
  for (let i = 0; i < exp; i++) {
    if (acc > 1844674407370955161) return 0;
    acc *= 10;
  }
  if (decNeg(d)) {
    if (acc > 0x8000000000000000) return 0;
    parseOk = true;
    return -<i64>acc;
  }
  if (acc > 0x7FFFFFFFFFFFFFFF) return 0;
  parseOk = true;
  return <i64>acc;
}

const PLAIN_LIMIT: i32 = 40;

/** Decimal text of a Dec into a new buffer; returns the buffer, textLen holds the length. */
let textLen: usize = 0;
function decToText(d: usize): usize {
  let len = decLen(d);
  let exp = decExp(d);
  let buf = opa_malloc(len + 96); // plain forms are at most len + 2 + PLAIN_LIMIT + sign
  let n: usize = 0;
  let p = decDigits(d);
  if (len == 0) { store<u8>(buf, 0x30); textLen = 1; return buf; }
  if (decNeg(d)) { store<u8>(buf, 0x2D); n++; }
  let pointPos = <i64>len + <i64>exp; // digits before the decimal point
  if (exp >= 0 && exp <= PLAIN_LIMIT) {
    for (let i: usize = 0; i < len; i++) store<u8>(buf + n++, load<u8>(p + i) + 0x30);
    for (let i = 0; i < exp; i++) store<u8>(buf + n++, 0x30);
  } else if (exp < 0 && pointPos > 0) {
    for (let i: usize = 0; i < len; i++) {
      if (<i64>i == pointPos) store<u8>(buf + n++, 0x2E);
      store<u8>(buf + n++, load<u8>(p + i) + 0x30);
    }
  } else if (exp < 0 && pointPos > -<i64>PLAIN_LIMIT) {
    store<u8>(buf + n++, 0x30);
    store<u8>(buf + n++, 0x2E);
    for (let i: i64 = 0; i < -pointPos; i++) store<u8>(buf + n++, 0x30);
    for (let i: usize = 0; i < len; i++) store<u8>(buf + n++, load<u8>(p + i) + 0x30);
  } else {
    // scientific: d.ddde<x>
    store<u8>(buf + n++, load<u8>(p) + 0x30);
    if (len > 1) {
      store<u8>(buf + n++, 0x2E);
      for (let i: usize = 1; i < len; i++) store<u8>(buf + n++, load<u8>(p + i) + 0x30);
    }
    store<u8>(buf + n++, 0x65);
    let e = pointPos - 1;
    if (e < 0) { store<u8>(buf + n++, 0x2D); e = -e; } else store<u8>(buf + n++, 0x2B);
    n += writeU64(buf + n, <u64>e);
  }
  textLen = n;
  return buf;
}

// Digits are produced last first: they go into this scratch (20 digits at
// most), never past the end of the caller's buffer, which may be an exactly
// sized string followed by live blocks (issue 15).
const digits = memory.data(24);

/** Write unsigned decimal; returns length. Writes exactly that many bytes at buf. */
export function writeU64(buf: usize, u: u64): usize {
  let end: usize = digits + 24;
  let n: usize = 0;
  do { n++; store<u8>(end - n, <u8>(u % 10) + 0x30); u /= 10; } while (u != 0);
  memory.copy(buf, end - n, n);
  return n;
}

/** Write signed decimal; returns length. Writes exactly that many bytes at buf (21 at most). */
export function writeI64(buf: usize, x: i64): usize {
  if (x < 0) {
    store<u8>(buf, 0x2D);
    return 1 + writeU64(buf + 1, <u64>(-x));
  }
  return writeU64(buf, <u64>x);
}

/** Value of a Dec: an int when it fits, else a ref number with canonical text. Frees d. */
export function decToValue(d: usize): usize {
  let i = decToI64(d);
  if (parseOk) { opa_free(d); return opa_number_int(i); }
  let t = decToText(d);
  let v = newRefRaw(t, textLen);
  opa_free(t);
  opa_free(d);
  return v;
}

/** float64 nearest to a Dec's value. */
export function decToF64(d: usize): f64 {
  let t = decToText(d);
  let f = textToF64(t, textLen);
  opa_free(t);
  return f;
}

/** Parse number text with AssemblyScript's strtod via a header-only string. */
export function textToF64(p: usize, len: usize): f64 {
  let s = opa_malloc(16 + (len << 1));
  let chars = s + 16;
  store<u32>(chars - 4, <u32>(len << 1)); // rtSize: what String#length reads
  for (let i: usize = 0; i < len; i++) store<u16>(chars + (i << 1), <u16>load<u8>(p + i));
  let f = strtod(changetype<string>(chars));
  opa_free(s);
  return f;
}

// ---- constructors

/** Float value; integral floats that fit i64 become ints; NaN/Inf give 0 (undefined). */
export function opa_number_float(f: f64): usize {
  if (!isFinite(f)) return 0;
  if (f == Math.trunc(f) && f >= -9223372036854775808.0 && f < 9223372036854775808.0) return opa_number_int(<i64>f);
  return newFloatRaw(f);
}

/** Number from decimal text (JSON grammar). Integers that fit i64 become ints; other text is kept verbatim. 0 if invalid. */
export function opa_number_ref(p: usize, len: usize): usize {
  if (scanNumber(p, p + len) != p + len) return 0;
  if (scanIsInt) {
    let i = parseI64(p, len);
    if (parseOk) return opa_number_int(i);
  }
  return newRefRaw(p, len);
}

/** 1 when v is a number holding an exact integer that fits i64. */
export function opa_number_is_int(v: usize): i32 {
  if (v == 0 || vtype(v) != T_NUMBER) return 0;
  let r = numRepr(v);
  if (r == N_INT) return 1;
  if (r == N_FLOAT) return 0;
  let d = decOf(v);
  decToI64(d);
  opa_free(d);
  return parseOk ? 1 : 0;
}

/** The integer value (0 when not an exact i64 integer; check opa_number_is_int). */
export function opa_number_as_int(v: usize): i64 {
  if (v == 0 || vtype(v) != T_NUMBER) return 0;
  let r = numRepr(v);
  if (r == N_INT) return numInt(v);
  if (r == N_FLOAT) return 0;
  let d = decOf(v);
  let i = decToI64(d);
  opa_free(d);
  return parseOk ? i : 0;
}

/** Nearest float64 (NaN when not a number). */
export function opa_number_as_float(v: usize): f64 {
  if (v == 0 || vtype(v) != T_NUMBER) return NaN;
  let r = numRepr(v);
  if (r == N_INT) return <f64>numInt(v);
  if (r == N_FLOAT) return numFloat(v);
  return textToF64(refPtr(v), refLen(v));
}

// ---- comparison and hashing

function cmpIntFloat(i: i64, f: f64): i32 {
  if (f >= 9223372036854775808.0) return -1;
  if (f < -9223372036854775808.0) return 1;
  let fl = Math.floor(f);
  let fi = <i64>fl;
  if (i < fi) return -1;
  if (i > fi) return 1;
  return f > fl ? -1 : 0;
}

export function numCompare(a: usize, b: usize): i32 {
  let ra = numRepr(a), rb = numRepr(b);
  if (ra == N_INT && rb == N_INT) {
    let x = numInt(a), y = numInt(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (ra == N_FLOAT && rb == N_FLOAT) {
    let x = numFloat(a), y = numFloat(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (ra == N_INT && rb == N_FLOAT) return cmpIntFloat(numInt(a), numFloat(b));
  if (ra == N_FLOAT && rb == N_INT) return -cmpIntFloat(numInt(b), numFloat(a));
  if (ra == N_REF && rb == N_REF && refLen(a) == refLen(b) && memory.compare(refPtr(a), refPtr(b), refLen(a)) == 0) return 0;
  let da = decOf(a);
  let db = decOf(b);
  let c = decCompare(da, db);
  opa_free(db);
  opa_free(da);
  return c;
}

// @ts-ignore: decorator
@inline export function mix32(h: u32): u32 {
  h ^= h >> 16; h *= 0x85EBCA6B; h ^= h >> 13; h *= 0xC2B2AE35; h ^= h >> 16;
  return h;
}

export function numHash(v: usize): u32 {
  if (numRepr(v) == N_INT) return hashI64(numInt(v));
  let d = decOf(v);
  let i = decToI64(d);
  let h: u32;
  if (parseOk) h = hashI64(i);
  else {
    // The keyed hash of the digits, mixed with the sign and exponent.
    h = mix32(hashBytes(decDigits(d), decLen(d)) ^ (decNeg(d) ? 0x5BD1E995 : 0) ^ (<u32>decExp(d) * 0x9E3779B9));
  }
  opa_free(d);
  return h;
}
