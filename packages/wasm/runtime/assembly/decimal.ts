// Exact decimal arithmetic on Dec values (see number.ts): +, -, *, and
// floor/ceil/round. Big integers are the Decs with exp >= 0.
import { opa_malloc, opa_free } from "./alloc";
import { decNew, decSet, decNormalize, decNeg, decLen, decExp, decDigits } from "./number";

/** Refuse operands whose aligned digit strings would exceed this (result: undefined). */
const MAX_DIGITS: i64 = 100000;

// @ts-ignore: decorator
@inline function digitAt(x: usize, p: i64): u32 {
  let k = p - <i64>decExp(x);
  let len = <i64>decLen(x);
  if (k < 0 || k >= len) return 0;
  return <u32>load<u8>(decDigits(x) + <usize>(len - 1 - k));
}

function cmpAbs(a: usize, b: usize): i32 {
  let la = decLen(a), lb = decLen(b);
  if (la == 0 || lb == 0) return la == lb ? 0 : (la == 0 ? -1 : 1);
  let ma = <i64>la + <i64>decExp(a), mb = <i64>lb + <i64>decExp(b);
  if (ma != mb) return ma < mb ? -1 : 1;
  let n = la < lb ? la : lb;
  for (let i: usize = 0; i < n; i++) {
    let x = load<u8>(decDigits(a) + i), y = load<u8>(decDigits(b) + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return la == lb ? 0 : (la < lb ? -1 : 1);
}

/** a + (negateB ? -b : b); 0 when the operands are too far apart. */
export function decAdd(a: usize, b: usize, negateB: bool): usize {
  let na = decNeg(a);
  let nb = decNeg(b) != negateB;
  if (decLen(b) == 0) nb = false;
  if (decLen(a) == 0 && decLen(b) == 0) { let z = decNew(1); decSet(z, false, 0, 0); return z; }
  let lo: i64, hi: i64;
  if (decLen(a) == 0) { lo = <i64>decExp(b); hi = lo + <i64>decLen(b); }
  else if (decLen(b) == 0) { lo = <i64>decExp(a); hi = lo + <i64>decLen(a); }
  else {
    let ea = <i64>decExp(a), eb = <i64>decExp(b);
    lo = ea < eb ? ea : eb;
    let ha = ea + <i64>decLen(a), hb = eb + <i64>decLen(b);
    hi = ha > hb ? ha : hb;
  }
  let n = hi - lo + 1;
  if (n > MAX_DIGITS) return 0;
  let r = decNew(<usize>n);
  let out = decDigits(r);
  let neg: bool;
  if (na == nb) {
    let carry: u32 = 0;
    for (let i: i64 = 0; i < n; i++) {
      let s = digitAt(a, lo + i) + digitAt(b, lo + i) + carry;
      carry = s >= 10 ? 1 : 0;
      store<u8>(out + <usize>(n - 1 - i), <u8>(s - carry * 10));
    }
    neg = na;
  } else {
    // subtract the smaller magnitude from the larger
    let c = cmpAbs(a, b);
    let x = a, y = b;
    neg = na;
    if (c < 0) { x = b; y = a; neg = nb; }
    let borrow: i32 = 0;
    for (let i: i64 = 0; i < n; i++) {
      let s = <i32>digitAt(x, lo + i) - <i32>digitAt(y, lo + i) - borrow;
      borrow = s < 0 ? 1 : 0;
      store<u8>(out + <usize>(n - 1 - i), <u8>(s + borrow * 10));
    }
    if (c == 0) neg = false;
  }
  decSet(r, neg, <usize>n, <i32>lo);
  decNormalize(r);
  return r;
}

export function decMul(a: usize, b: usize): usize {
  let la = decLen(a), lb = decLen(b);
  if (la == 0 || lb == 0) { let z = decNew(1); decSet(z, false, 0, 0); return z; }
  if (<i64>la + <i64>lb > MAX_DIGITS) return 0;
  let e = <i64>decExp(a) + <i64>decExp(b);
  if (e > 0x3FFFFFFF || e < -0x3FFFFFFF) return 0;
  let n = la + lb;
  // accumulate little-endian in u32 cells, then carry
  let acc = opa_malloc(n << 2);
  memory.fill(acc, 0, n << 2);
  let pa = decDigits(a), pb = decDigits(b);
  for (let i: usize = 0; i < la; i++) {
    let x = <u32>load<u8>(pa + la - 1 - i);
    if (x == 0) continue;
    for (let j: usize = 0; j < lb; j++) {
      let cell = acc + ((i + j) << 2);
      store<u32>(cell, load<u32>(cell) + x * <u32>load<u8>(pb + lb - 1 - j));
    }
    // keep cells small: propagate carries every row
    if ((i & 31) == 31) carryAll(acc, n);
  }
  carryAll(acc, n);
  let r = decNew(n);
  let out = decDigits(r);
  for (let k: usize = 0; k < n; k++) store<u8>(out + n - 1 - k, <u8>load<u32>(acc + (k << 2)));
  opa_free(acc);
  decSet(r, decNeg(a) != decNeg(b), n, <i32>e);
  decNormalize(r);
  return r;
}

function carryAll(acc: usize, n: usize): void {
  let carry: u32 = 0;
  for (let k: usize = 0; k < n; k++) {
    let cell = acc + (k << 2);
    let v = load<u32>(cell) + carry;
    carry = v / 10;
    store<u32>(cell, v % 10);
  }
}

export const MODE_FLOOR: i32 = 0;
export const MODE_CEIL: i32 = 1;
export const MODE_ROUND: i32 = 2; // half away from zero (Go's math.Round)

/** floor / ceil / round to an integer Dec. */
export function decToInteger(d: usize, mode: i32): usize {
  let len = decLen(d);
  let exp = decExp(d);
  let r = decNew(len + 1);
  if (len == 0 || exp >= 0) {
    memory.copy(decDigits(r), decDigits(d), len);
    decSet(r, decNeg(d), len, exp);
    return r;
  }
  let neg = decNeg(d);
  let k = <i64>len + <i64>exp; // integer digits
  let intLen: usize = k > 0 ? <usize>k : 0;
  memory.copy(decDigits(r), decDigits(d), intLen);
  decSet(r, neg, intLen, 0);
  let bump = false; // move one away from zero
  if (mode == MODE_FLOOR) bump = neg;
  else if (mode == MODE_CEIL) bump = !neg;
  else {
    let first: u32 = k >= 0 ? <u32>load<u8>(decDigits(d) + intLen) : 0;
    bump = first >= 5;
  }
  decNormalize(r);
  if (!bump) {
    if (decLen(r) == 0) decSet(r, false, 0, 0);
    return r;
  }
  let one = decNew(1);
  store<u8>(decDigits(one), 1);
  decSet(one, neg, 1, 0);
  let s = decAdd(r, one, false);
  opa_free(one);
  opa_free(r);
  return s;
}

/**
 * Remainder of integer Decs, truncated division (sign of the dividend), by
 * schoolbook long division. `b` must be a nonzero integer; returns 0 when the
 * operands are not integers or too long.
 */
export function decRem(a: usize, b: usize): usize {
  if (decExp(a) < 0 || decExp(b) < 0 || decLen(b) == 0) return 0;
  let digitsA = <i64>decLen(a) + <i64>decExp(a);
  if (digitsA > MAX_DIGITS) return 0;
  // |b|
  let mb = decNew(decLen(b));
  memory.copy(decDigits(mb), decDigits(b), decLen(b));
  decSet(mb, false, decLen(b), decExp(b));
  let r = decNew(1);
  decSet(r, false, 0, 0);
  let d = decNew(1);
  for (let p = digitsA - 1; p >= 0; p--) {
    // r = r * 10 + digit
    if (decLen(r) != 0) store<i32>(r, decExp(r) + 1, 8);
    let dig = digitAt(a, p);
    if (dig != 0) {
      store<u8>(decDigits(d), <u8>dig);
      decSet(d, false, 1, 0);
      let s = decAdd(r, d, false);
      opa_free(r);
      r = s;
    }
    while (cmpAbs(r, mb) >= 0) {
      let s = decAdd(r, mb, true);
      opa_free(r);
      r = s;
    }
  }
  opa_free(d);
  opa_free(mb);
  if (decLen(r) != 0 && decNeg(a)) store<u32>(r, 1);
  return r;
}
