// UTF-8 as Go decodes it (unicode/utf8): a valid sequence (no overlong forms,
// no surrogates, nothing past U+10FFFF) is one rune; every byte of anything
// else is a rune of its own, U+FFFD. Counts, offsets and cuts then agree with
// Go's utf8.RuneCountInString and []rune(s), which OPA's builtins use, also
// for strings that are not valid UTF-8 (base64.decode of arbitrary bytes).

export const RUNE_ERROR: i32 = 0xFFFD;

/** Length in bytes of the rune at p (n > 0 bytes available): its sequence's when valid, else 1. */
export function runeLen(p: usize, n: usize): usize {
  let c0 = load<u8>(p);
  if (c0 < 0x80) return 1;
  if (c0 < 0xC2 || c0 > 0xF4) return 1;
  let need: usize = c0 < 0xE0 ? 2 : (c0 < 0xF0 ? 3 : 4);
  if (n < need) return 1;
  let lo: u8 = 0x80, hi: u8 = 0xBF;
  if (c0 == 0xE0) lo = 0xA0;
  else if (c0 == 0xED) hi = 0x9F;
  else if (c0 == 0xF0) lo = 0x90;
  else if (c0 == 0xF4) hi = 0x8F;
  let c1 = load<u8>(p, 1);
  if (c1 < lo || c1 > hi) return 1;
  for (let i: usize = 2; i < need; i++) {
    let c = load<u8>(p + i);
    if (c < 0x80 || c > 0xBF) return 1;
  }
  return need;
}

/** Is the rune at p, of length len (from runeLen), an invalid byte (U+FFFD)? */
// @ts-ignore: decorator
@inline export function isBadRune(p: usize, len: usize): bool {
  return len == 1 && load<u8>(p) >= 0x80;
}

/** Code point of the rune at p, of length len (from runeLen); U+FFFD for an invalid byte. */
export function runeAt(p: usize, len: usize): i32 {
  let c0 = <i32>load<u8>(p);
  if (len == 1) return c0 < 0x80 ? c0 : RUNE_ERROR;
  let cp = c0 & (len == 2 ? 0x1F : (len == 3 ? 0x0F : 0x07));
  for (let i: usize = 1; i < len; i++) cp = (cp << 6) | (<i32>load<u8>(p + i) & 0x3F);
  return cp;
}

/** Runes in [p, p+n) (Go's utf8.RuneCount). */
export function runeCount(p: usize, n: usize): usize {
  let c: usize = 0;
  for (let i: usize = 0; i < n; c++) i += runeLen(p + i, n - i);
  return c;
}

/** Length in bytes of the last rune of [p, p+n), n > 0 (Go's utf8.DecodeLastRune). */
export function lastRuneLen(p: usize, n: usize): usize {
  let start = n - 1;
  let lim: usize = n >= 4 ? n - 4 : 0;
  while (start > lim && (load<u8>(p + start) & 0xC0) == 0x80) start--;
  let len = runeLen(p + start, n - start);
  return start + len == n ? len : 1;
}
