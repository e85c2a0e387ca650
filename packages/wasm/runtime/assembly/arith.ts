// Arithmetic builtins: plus, minus, mul, div, rem, abs, round, ceil, floor,
// to_number. int64 fast path with overflow checks; everything else (big
// integers, decimals, floats) goes through exact decimal arithmetic, except
// division, which is exact for divisible integers and float64 otherwise.
// Non-number operands or an undefined result (division by zero, operands
// too large) give 0 (undefined), or OPA's error in strict mode (strict.ts).
import { opa_free, opa_malloc } from "./alloc";
import {
  T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_SET, N_INT, vtype, numRepr, numInt, boolOf, strPtr, strLen, opa_number_int,
  refPtr, refLen,
} from "./value";
import { decOf, decToValue, decToF64, decLen, opa_number_float, opa_number_ref, textToF64 } from "./number";
import { decAdd, decMul, decRem, decToInteger, MODE_FLOOR, MODE_CEIL, MODE_ROUND } from "./decimal";
import { opa_set_diff } from "./set";
import { typeError, builtinError, isIntegral, msgStartBuiltin, msgLit, msgQuoted, msgAbort, isStrict } from "./strict";

/** Type errors of a binary arithmetic builtin (both operands must be numbers). */
function numArgs(name: string, a: usize, b: usize): usize {
  if (!isNum(a)) return typeError(name, 1, "number", a);
  return typeError(name, 2, "number", b);
}

// @ts-ignore: decorator
@inline function isNum(v: usize): bool { return v != 0 && vtype(v) == T_NUMBER; }
// @ts-ignore: decorator
@inline function bothInt(a: usize, b: usize): bool { return numRepr(a) == N_INT && numRepr(b) == N_INT; }

function decimalAdd(a: usize, b: usize, negateB: bool): usize {
  let da = decOf(a), db = decOf(b);
  let r = decAdd(da, db, negateB);
  opa_free(db);
  opa_free(da);
  return r ? decToValue(r) : 0;
}

export function opa_arith_plus(a: usize, b: usize): usize {
  if (!isNum(a) || !isNum(b)) return numArgs("plus", a, b);
  if (bothInt(a, b)) {
    let x = numInt(a), y = numInt(b), r = x + y;
    if (((x ^ r) & (y ^ r)) >= 0) return opa_number_int(r);
  }
  return decimalAdd(a, b, false);
}

/** a - b for numbers; set difference for sets. */
export function opa_arith_minus(a: usize, b: usize): usize {
  if (a != 0 && b != 0 && vtype(a) == T_SET && vtype(b) == T_SET) return opa_set_diff(a, b);
  if (a == 0 || b == 0) return 0;
  if (!isNum(a) || !isNum(b)) {
    // OPA's order: operand 1 must be a number or set; then operand 2 matches operand 1
    if (a != 0 && !isNum(a) && vtype(a) != T_SET) return typeError("minus", 1, "one of {number, set}", a);
    if (a != 0 && isNum(b)) return typeError("minus", 2, "set", b);
    return typeError("minus", 2, "number", b);
  }
  if (bothInt(a, b)) {
    let x = numInt(a), y = numInt(b), r = x - y;
    if (((x ^ y) & (x ^ r)) >= 0) return opa_number_int(r);
  }
  return decimalAdd(a, b, true);
}

export function opa_arith_multiply(a: usize, b: usize): usize {
  if (!isNum(a) || !isNum(b)) return numArgs("mul", a, b);
  if (bothInt(a, b)) {
    let x = numInt(a), y = numInt(b);
    if (x == 0 || y == 0) return opa_number_int(0);
    if (!((x == -1 && y == i64.MIN_VALUE) || (y == -1 && x == i64.MIN_VALUE))) {
      let r = x * y;
      if (r / x == y) return opa_number_int(r);
    }
  }
  let da = decOf(a), db = decOf(b);
  let r = decMul(da, db);
  opa_free(db);
  opa_free(da);
  return r ? decToValue(r) : 0;
}

function isZero(v: usize): bool {
  if (numRepr(v) == N_INT) return numInt(v) == 0;
  let d = decOf(v);
  let z = load<u32>(d, 4) == 0;
  opa_free(d);
  return z;
}

export function opa_arith_divide(a: usize, b: usize): usize {
  if (!isNum(a) || !isNum(b)) return numArgs("div", a, b);
  if (isZero(b)) return builtinError("div", "divide by zero");
  if (bothInt(a, b)) {
    let x = numInt(a), y = numInt(b);
    if (x == i64.MIN_VALUE && y == -1) return opa_arith_minus(opa_number_int(0), a);
    if (x % y == 0) return opa_number_int(x / y);
    if (x > -9007199254740992 && x < 9007199254740992 && y > -9007199254740992 && y < 9007199254740992) {
      return opa_number_float(<f64>x / <f64>y);
    }
  }
  let da = decOf(a), db = decOf(b);
  let fa = decToF64(da), fb = decToF64(db);
  opa_free(db);
  opa_free(da);
  return opa_number_float(fa / fb);
}

/** Integer remainder (sign of the dividend, exact for big integers); non-integers or b == 0 → undefined. */
export function opa_arith_rem(a: usize, b: usize): usize {
  if (!isNum(a) || !isNum(b)) return numArgs("rem", a, b);
  if (bothInt(a, b)) {
    let x = numInt(a), y = numInt(b);
    if (y == 0) return builtinError("rem", "modulo by zero");
    if (y == -1) return opa_number_int(0);
    return opa_number_int(x % y);
  }
  if (!isIntegral(a) || !isIntegral(b)) return builtinError("rem", "modulo on floating-point number");
  let da = decOf(a), db = decOf(b);
  if (decLen(db) == 0) {
    opa_free(db);
    opa_free(da);
    return builtinError("rem", "modulo by zero");
  }
  let r = decRem(da, db);
  opa_free(db);
  opa_free(da);
  return r ? decToValue(r) : 0;
}

export function opa_arith_abs(a: usize): usize {
  if (!isNum(a)) return typeError("abs", 1, "number", a);
  if (numRepr(a) == N_INT && numInt(a) != i64.MIN_VALUE) {
    let x = numInt(a);
    return x < 0 ? opa_number_int(-x) : a;
  }
  let d = decOf(a);
  store<u32>(d, 0); // clear the sign
  return decToValue(d);
}

function toInteger(name: string, a: usize, mode: i32): usize {
  if (!isNum(a)) return typeError(name, 1, "number", a);
  if (numRepr(a) == N_INT) return a;
  let d = decOf(a);
  let r = decToInteger(d, mode);
  opa_free(d);
  return decToValue(r);
}

export function opa_arith_round(a: usize): usize { return toInteger("round", a, MODE_ROUND); }
export function opa_arith_ceil(a: usize): usize { return toInteger("ceil", a, MODE_CEIL); }
export function opa_arith_floor(a: usize): usize { return toInteger("floor", a, MODE_FLOOR); }

/** ASCII lower-case letter compare: does [p, p+n) equal the literal `lit` ignoring case? */
function eqFold(p: usize, n: usize, lit: string): bool {
  if (n != <usize>lit.length) return false;
  for (let i: usize = 0; i < n; i++) {
    let c = load<u8>(p + i);
    if (c >= 0x41 && c <= 0x5A) c += 32;
    if (c != <u8>lit.charCodeAt(<i32>i)) return false;
  }
  return true;
}

/**
 * Go's strconv.ParseFloat syntax for decimal numbers ([+-] digits [. digits]
 * [e [+-] digits], at least one mantissa digit), rewritten as JSON number text
 * (no '+', no leading zeros, no bare '.') into `out`; returns its length, or
 * -1 when the text is not a decimal number. Hexadecimal floats and
 * underscores (which Go only allows with a base prefix) are not accepted.
 */
function goDecimalToJson(p: usize, n: usize, out: usize): isize {
  let i: usize = 0, o: usize = 0;
  if (i < n && (load<u8>(p) == 0x2B || load<u8>(p) == 0x2D)) {
    if (load<u8>(p) == 0x2D) store<u8>(out + o++, 0x2D);
    i++;
  }
  let intStart = i;
  while (i < n && load<u8>(p + i) >= 0x30 && load<u8>(p + i) <= 0x39) i++;
  let intEnd = i;
  let fracStart = i, fracEnd = i;
  if (i < n && load<u8>(p + i) == 0x2E) {
    i++;
    fracStart = i;
    while (i < n && load<u8>(p + i) >= 0x30 && load<u8>(p + i) <= 0x39) i++;
    fracEnd = i;
  }
  if (intEnd == intStart && fracEnd == fracStart) return -1;
  // integer part without leading zeros (at least one digit)
  let k = intStart;
  while (k + 1 < intEnd && load<u8>(p + k) == 0x30) k++;
  if (k == intEnd) store<u8>(out + o++, 0x30);
  else for (; k < intEnd; k++) store<u8>(out + o++, load<u8>(p + k));
  if (fracEnd > fracStart) {
    store<u8>(out + o++, 0x2E);
    for (k = fracStart; k < fracEnd; k++) store<u8>(out + o++, load<u8>(p + k));
  }
  if (i < n && (load<u8>(p + i) == 0x65 || load<u8>(p + i) == 0x45)) {
    i++;
    store<u8>(out + o++, 0x65);
    if (i < n && (load<u8>(p + i) == 0x2B || load<u8>(p + i) == 0x2D)) {
      if (load<u8>(p + i) == 0x2D) store<u8>(out + o++, 0x2D);
      i++;
    }
    let e0 = i;
    while (i < n && load<u8>(p + i) >= 0x30 && load<u8>(p + i) <= 0x39) store<u8>(out + o++, load<u8>(p + i++));
    if (i == e0) return -1;
  }
  return i == n ? <isize>o : -1;
}

function parseFloatError(s: usize, what: string): usize {
  if (!isStrict()) return 0;
  msgStartBuiltin("to_number");
  msgLit("strconv.ParseFloat: parsing ");
  msgQuoted(s);
  msgLit(": ");
  msgLit(what);
  return msgAbort();
}

/** to_number of a string: Go's ParseFloat syntax; the value is kept exactly. */
function stringToNumber(s: usize): usize {
  let p = strPtr(s), n = strLen(s);
  let direct = opa_number_ref(p, n); // JSON grammar (the common case)
  let v = direct;
  if (v == 0) {
    // "inf", "+Infinity", "nan"... (after any run of signs) are type errors in OPA
    let k: usize = 0;
    while (k < n && (load<u8>(p + k) == 0x2B || load<u8>(p + k) == 0x2D)) k++;
    if (eqFold(p + k, n - k, "inf") || eqFold(p + k, n - k, "infinity") || eqFold(p + k, n - k, "nan")) {
      return typeError("to_number", 1, "valid number string", s);
    }
    let buf = opa_malloc(n + 2);
    let m = goDecimalToJson(p, n, buf);
    if (m >= 0) v = opa_number_ref(buf, <usize>m);
    opa_free(buf);
    if (v == 0) return parseFloatError(s, "invalid syntax");
  }
  if (numRepr(v) != N_INT && !isFinite(textToF64(refPtr(v), refLen(v)))) {
    return parseFloatError(s, "value out of range");
  }
  return v;
}

/** to_number: numbers as is, null → 0, booleans → 0/1, numeric strings parsed; else undefined (or OPA's error). */
export function opa_to_number(v: usize): usize {
  if (v == 0) return 0;
  switch (vtype(v)) {
    case T_NUMBER: return v;
    case T_NULL: return opa_number_int(0);
    case T_BOOLEAN: return opa_number_int(boolOf(v) ? 1 : 0);
    case T_STRING: return stringToNumber(v);
  }
  return typeError("to_number", 1, "one of {null, boolean, number, string}", v);
}
