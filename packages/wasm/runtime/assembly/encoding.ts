// Encoding builtins: json.marshal / json.unmarshal / json.is_valid, base64
// and base64url.
import { opa_free, opa_malloc } from "./alloc";
import { T_STRING, vtype, strLen, strPtr, opa_string, newStringUninit, opa_boolean } from "./value";
import { opa_json_dump, opa_strlen } from "./json-dump";
import { opa_json_parse } from "./json-parse";
import { typeError, isStrict, msgStartBuiltin, msgLit, msgUint, msgBytes, msgAbort } from "./strict";

// @ts-ignore: decorator
@inline function isStr(v: usize): bool { return v != 0 && vtype(v) == T_STRING; }

const HEX = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

/**
 * json.marshal: Go's json.Marshal output, which escapes <, > and & (HTML
 * safety) and U+2028/U+2029 as \u003c, \u003e, \u0026, \u2028, \u2029. They
 * can only occur inside strings, so the dump is rewritten as a whole.
 */
export function opa_json_marshal(v: usize): usize {
  if (v == 0) return 0;
  let text = opa_json_dump(v);
  let n = opa_strlen(text);
  let extra: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    let c = load<u8>(text + i);
    if (c == 0x3C || c == 0x3E || c == 0x26) extra += 5;
    else if (c == 0xE2 && i + 2 < n && load<u8>(text + i + 1) == 0x80 && (load<u8>(text + i + 2) == 0xA8 || load<u8>(text + i + 2) == 0xA9)) extra += 3;
  }
  if (extra == 0) {
    let r = opa_string(text, n);
    opa_free(text);
    return r;
  }
  let r = newStringUninit(n + extra);
  let out = strPtr(r);
  let o: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    let c = load<u8>(text + i);
    let code: u32 = 0;
    if (c == 0x3C || c == 0x3E || c == 0x26) code = c;
    else if (c == 0xE2 && i + 2 < n && load<u8>(text + i + 1) == 0x80 && (load<u8>(text + i + 2) == 0xA8 || load<u8>(text + i + 2) == 0xA9)) {
      code = load<u8>(text + i + 2) == 0xA8 ? 0x2028 : 0x2029;
      i += 2;
    }
    if (code == 0) { store<u8>(out + o++, c); continue; }
    store<u8>(out + o++, 0x5C); store<u8>(out + o++, 0x75);
    for (let k = 12; k >= 0; k -= 4) store<u8>(out + o++, load<u8>(HEX + <usize>((code >> <u32>k) & 15)));
  }
  opa_free(text);
  return r;
}

export function opa_json_unmarshal(s: usize): usize {
  if (!isStr(s)) return typeError("json.unmarshal", 1, "string", s);
  let r = opa_json_parse(strPtr(s), strLen(s));
  if (r == 0 && isStrict()) {
    msgStartBuiltin("json.unmarshal");
    msgLit("invalid JSON text");
    return msgAbort();
  }
  return r;
}

export function opa_json_is_valid(s: usize): usize {
  if (s == 0) return 0;
  if (!isStr(s)) return opa_boolean(0);
  return opa_boolean(opa_json_parse(strPtr(s), strLen(s)) != 0 ? 1 : 0);
}

const STD = memory.data<u8>([
  65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90,
  97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122,
  48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 43, 47,
]);

function encode(name: string, s: usize, url: bool): usize {
  if (!isStr(s)) return typeError(name, 1, "string", s);
  let n = strLen(s), p = strPtr(s);
  let r = newStringUninit(((n + 2) / 3) * 4);
  let out = strPtr(r);
  let o: usize = 0;
  for (let i: usize = 0; i < n; i += 3) {
    let b0 = <u32>load<u8>(p + i);
    let b1 = i + 1 < n ? <u32>load<u8>(p + i + 1) : 0;
    let b2 = i + 2 < n ? <u32>load<u8>(p + i + 2) : 0;
    let w = (b0 << 16) | (b1 << 8) | b2;
    for (let k: u32 = 0; k < 4; k++) {
      let c = load<u8>(STD + <usize>((w >> (18 - 6 * k)) & 63));
      if (url && c == 43) c = 45;
      if (url && c == 47) c = 95;
      store<u8>(out + o + k, c);
    }
    if (i + 1 >= n) store<u8>(out + o + 2, 61);
    if (i + 2 >= n) store<u8>(out + o + 3, 61);
    o += 4;
  }
  return r;
}

function sextet(c: u8, url: bool): i32 {
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 71;
  if (c >= 48 && c <= 57) return c + 4;
  if (!url && c == 43) return 62;
  if (!url && c == 47) return 63;
  if (url && c == 45) return 62;
  if (url && c == 95) return 63;
  return -1;
}

/** Where the last decode failed (a byte offset, as Go's CorruptInputError reports it, approximately). */
let badAt: usize = 0;

/** Decode; requirePadding: input length must be a multiple of 4. Returns 0 when invalid (position in badAt). */
function decode(s: usize, url: bool, requirePadding: bool): usize {
  let n = strLen(s), p = strPtr(s);
  let pad: usize = 0;
  while (pad < 2 && n > pad && load<u8>(p + n - 1 - pad) == 61) pad++;
  badAt = n - pad;
  for (let i: usize = 0; i < n - pad; i++) if (sextet(load<u8>(p + i), url) < 0) { badAt = i; return 0; }
  if (pad > 0 && n % 4 != 0) return 0;
  if (requirePadding && n % 4 != 0) { badAt = n - n % 4; return 0; }
  let m = n - pad; // data characters
  if (m % 4 == 1) { badAt = m - 1; return 0; }
  let tmp = opa_malloc((m * 3) / 4 + 3);
  let o: usize = 0;
  let acc: u32 = 0, bits: u32 = 0;
  for (let i: usize = 0; i < m; i++) {
    let v = sextet(load<u8>(p + i), url);
    if (v < 0) { opa_free(tmp); badAt = i; return 0; }
    acc = (acc << 6) | <u32>v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      store<u8>(tmp + o++, <u8>(acc >> bits));
      acc &= (1 << bits) - 1;
    }
  }
  if (acc != 0) { opa_free(tmp); badAt = m - 1; return 0; } // non-canonical trailing bits
  let r = opa_string(tmp, o);
  opa_free(tmp);
  return r;
}

/** Go's error for corrupt base64 input. */
function corrupt(name: string): usize {
  if (!isStrict()) return 0;
  msgStartBuiltin(name);
  msgLit("illegal base64 data at input byte ");
  msgUint(<u64>badAt);
  return msgAbort();
}

export function opa_base64_encode(s: usize): usize { return encode("base64.encode", s, false); }
export function opa_base64_decode(s: usize): usize {
  if (!isStr(s)) return typeError("base64.decode", 1, "string", s);
  let r = decode(s, false, true);
  return r != 0 ? r : corrupt("base64.decode");
}
/** base64.is_valid: false for anything that is not a valid base64 string (non-strings included). */
export function opa_base64_is_valid(s: usize): usize {
  if (s == 0) return 0;
  if (!isStr(s)) return opa_boolean(0);
  return opa_boolean(decode(s, false, true) != 0 ? 1 : 0);
}
export function opa_base64_url_encode(s: usize): usize { return encode("base64url.encode", s, true); }
/** base64url.decode: padded, or unpadded (raw) input. */
export function opa_base64_url_decode(s: usize): usize {
  if (!isStr(s)) return typeError("base64url.decode", 1, "string", s);
  let r = decode(s, true, false);
  if (r != 0) return r;
  let n = strLen(s);
  if (isStrict() && n % 4 == 1 && (n == 0 || load<u8>(strPtr(s) + n - 1) != 61)) {
    msgStartBuiltin("base64url.decode");
    msgLit("illegal base64url string: ");
    msgBytes(strPtr(s), n);
    return msgAbort();
  }
  return corrupt("base64url.decode");
}
