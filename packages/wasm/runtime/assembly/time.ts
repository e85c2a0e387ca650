// time.parse_rfc3339_ns inside the module, for the timestamps policies meet
// on every decision (a request's time, a restriction's effective_from).
// It accepts exactly what Go's RFC 3339 fast path accepts
// (YYYY-MM-DDTHH:MM:SS[.digits](Z|±HH:MM)) and gives the same nanoseconds;
// everything else (other types, other forms, times outside int64 ns) is
// HOST_FALLBACK, and the generated code then calls the host implementation,
// which has Go's whole parser and OPA's error messages.
import { T_STRING, vtype, strLen, strPtr, opa_number_int } from "./value";

/** Not a value: "ask the host" (value pointers are 8-byte aligned and never 1). */
export const HOST_FALLBACK: usize = 1;

// The range of seconds whose nanoseconds surely fit int64 (the rest goes to the host).
const MAX_SECONDS: i64 = 9_223_372_035;

/** Decimal digits at [p, p+n) as a number, or -1 when one is not a digit. */
// @ts-ignore: decorator
@inline function digits(p: usize, n: usize): i32 {
  let x: i32 = 0;
  for (let i: usize = 0; i < n; i++) {
    let c = <i32>load<u8>(p + i) - 0x30;
    if (c < 0 || c > 9) return -1;
    x = x * 10 + c;
  }
  return x;
}

function isLeap(y: i32): bool {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

function daysInMonth(m: i32, y: i32): i32 {
  if (m == 2) return isLeap(y) ? 29 : 28;
  return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date. In i32: every year
 * here has four digits (0..9999), so no step leaves i32 (an i64 division
 * costs several times an i32 one, on every time parsed).
 */
function daysFromCivil(y: i32, m: i32, d: i32): i64 {
  let yy = m <= 2 ? y - 1 : y;
  let era = (yy >= 0 ? yy : yy - 399) / 400;
  let yoe = yy - era * 400;
  let mp = (m + 9) % 12;
  let doy = (153 * mp + 2) / 5 + d - 1;
  let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return <i64>(era * 146097 + doe - 719468);
}

export function cordon_time_parse_rfc3339_ns(v: usize): usize {
  if (v == 0 || vtype(v) != T_STRING) return HOST_FALLBACK;
  let p = strPtr(v);
  let n = strLen(v);
  if (n < 20) return HOST_FALLBACK;
  if (load<u8>(p + 4) != 0x2D || load<u8>(p + 7) != 0x2D || load<u8>(p + 10) != 0x54 || load<u8>(p + 13) != 0x3A || load<u8>(p + 16) != 0x3A) return HOST_FALLBACK;
  let year = digits(p, 4), month = digits(p + 5, 2), day = digits(p + 8, 2);
  let hour = digits(p + 11, 2), minute = digits(p + 14, 2), second = digits(p + 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(month, year)) return HOST_FALLBACK;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return HOST_FALLBACK;
  let i: usize = 19;
  // Fraction: all its digits are consumed, the first nine count (as in Go).
  let nsec: i64 = 0;
  if (i + 1 < n && load<u8>(p + i) == 0x2E && digits(p + i + 1, 1) >= 0) {
    i++;
    let scale: i64 = 100_000_000;
    while (i < n) {
      let c = <i32>load<u8>(p + i) - 0x30;
      if (c < 0 || c > 9) break;
      nsec += <i64>c * scale;
      scale /= 10;
      i++;
    }
  }
  let offset: i64 = 0;
  let rest = n - i;
  if (rest == 1 && load<u8>(p + i) == 0x5A) {
    // Z
  } else if (rest == 6 && load<u8>(p + i + 3) == 0x3A) {
    let sign = load<u8>(p + i);
    let oh = digits(p + i + 1, 2), om = digits(p + i + 4, 2);
    if ((sign != 0x2B && sign != 0x2D) || oh < 0 || oh > 23 || om < 0 || om > 59) return HOST_FALLBACK;
    offset = <i64>(oh * 60 + om) * 60;
    if (sign == 0x2D) offset = -offset;
  } else {
    return HOST_FALLBACK;
  }
  let seconds = daysFromCivil(year, month, day) * 86400 + <i64>(hour * 3600 + minute * 60 + second) - offset;
  if (seconds > MAX_SECONDS || seconds < -MAX_SECONDS) return HOST_FALLBACK;
  return opa_number_int(seconds * 1_000_000_000 + nsec);
}
