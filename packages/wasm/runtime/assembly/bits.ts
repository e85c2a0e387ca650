// Bitwise builtins on integers that fit int64 (larger integer operands →
// undefined, without an error even in strict mode: OPA computes them exactly).
import { T_NUMBER, vtype, opa_number_int } from "./value";
import { opa_number_is_int, opa_number_as_int } from "./number";
import { opa_arith_multiply } from "./arith";
import { bigIntOperandError, operandError, isIntegral } from "./strict";

// @ts-ignore: decorator
@inline function isInt(v: usize): bool { return v != 0 && vtype(v) == T_NUMBER && opa_number_is_int(v) != 0; }

/** Why operand `pos` is not an int64 integer: OPA's BigIntOperand error when it is not an integer at all, else 0. */
function badInt(name: string, pos: i32, v: usize): usize {
  if (v == 0) return 0;
  if (vtype(v) == T_NUMBER && isIntegral(v)) return 0; // an integer beyond int64: undefined
  return bigIntOperandError(name, pos, v);
}

/** 0 after raising the error of the first bad operand (OPA checks operand 1 first). */
function bad2(name: string, a: usize, b: usize): usize {
  if (!isInt(a)) return badInt(name, 1, a);
  return badInt(name, 2, b);
}

export function opa_bits_or(a: usize, b: usize): usize {
  return isInt(a) && isInt(b) ? opa_number_int(opa_number_as_int(a) | opa_number_as_int(b)) : bad2("bits.or", a, b);
}
export function opa_bits_and(a: usize, b: usize): usize {
  return isInt(a) && isInt(b) ? opa_number_int(opa_number_as_int(a) & opa_number_as_int(b)) : bad2("bits.and", a, b);
}
export function opa_bits_xor(a: usize, b: usize): usize {
  return isInt(a) && isInt(b) ? opa_number_int(opa_number_as_int(a) ^ opa_number_as_int(b)) : bad2("bits.xor", a, b);
}
export function opa_bits_negate(a: usize): usize {
  return isInt(a) ? opa_number_int(~opa_number_as_int(a)) : badInt("bits.negate", 1, a);
}
const NEGATIVE_SHIFT = "must be an unsigned integer number but got a negative integer";

/** a << b, exact (big results through multiplication); b must be >= 0. */
export function opa_bits_shiftleft(a: usize, b: usize): usize {
  if (!isInt(a) || !isInt(b)) return bad2("bits.lsh", a, b);
  let x = opa_number_as_int(a), n = opa_number_as_int(b);
  if (n < 0) return operandError("bits.lsh", 2, NEGATIVE_SHIFT);
  if (n > 4096) return 0;
  if (n < 63) {
    let r = x << n;
    if ((r >> n) == x) return opa_number_int(r);
  }
  let r = a;
  let two = opa_number_int(2);
  for (let i: i64 = 0; i < n && r != 0; i++) r = opa_arith_multiply(r, two);
  return r;
}
/** a >> b (arithmetic); b must be >= 0. */
export function opa_bits_shiftright(a: usize, b: usize): usize {
  if (!isInt(a) || !isInt(b)) return bad2("bits.rsh", a, b);
  let x = opa_number_as_int(a), n = opa_number_as_int(b);
  if (n < 0) return operandError("bits.rsh", 2, NEGATIVE_SHIFT);
  return opa_number_int(n >= 63 ? (x < 0 ? -1 : 0) : x >> n);
}
