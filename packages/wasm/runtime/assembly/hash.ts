// The runtime's keyed hash: HalfSipHash-1-3 (SipHash on 32-bit words, 64-bit
// key, 32-bit output; Linux's hsiphash) of bytes and of 64-bit integers. The
// key is 0 until the host seeds the instance (`cordon_hash_seed`, exported by
// the generated code); then a client cannot forge keys that share a bucket
// (hash flooding, issue 14.7). Static strings carry hashes made with key 0 at
// build time and are rehashed on seeding (seed.ts).
// @cordon/builtins `runtimeStringHash` is the same function in JS.

let k0: u32 = 0;
let k1: u32 = 0;
const scratch = memory.data(8);

/** The hash of the `n` bytes at `p`. */
export function hashBytes(p: usize, n: usize): u32 {
  let v0 = k0, v1 = k1, v2 = 0x6C796765 ^ k0, v3 = 0x74656462 ^ k1;
  let end = n & ~(<usize>3);
  let i: usize = 0;
  while (true) {
    let m: u32;
    let last = i == end;
    if (!last) {
      m = load<u32>(p + i);
      i += 4;
    } else {
      // The last word: the length's low byte on top, then the tail bytes.
      m = <u32>n << 24;
      let left = n - end;
      if (left >= 3) m |= <u32>load<u8>(p + end + 2) << 16;
      if (left >= 2) m |= <u32>load<u8>(p + end + 1) << 8;
      if (left >= 1) m |= <u32>load<u8>(p + end);
    }
    v3 ^= m;
    v0 += v1; v1 = rotl<u32>(v1, 5); v1 ^= v0; v0 = rotl<u32>(v0, 16);
    v2 += v3; v3 = rotl<u32>(v3, 8); v3 ^= v2;
    v0 += v3; v3 = rotl<u32>(v3, 7); v3 ^= v0;
    v2 += v1; v1 = rotl<u32>(v1, 13); v1 ^= v2; v2 = rotl<u32>(v2, 16);
    v0 ^= m;
    if (last) break;
  }
  v2 ^= 0xFF;
  for (let r = 0; r < 3; r++) {
    v0 += v1; v1 = rotl<u32>(v1, 5); v1 ^= v0; v0 = rotl<u32>(v0, 16);
    v2 += v3; v3 = rotl<u32>(v3, 8); v3 ^= v2;
    v0 += v3; v3 = rotl<u32>(v3, 7); v3 ^= v0;
    v2 += v1; v1 = rotl<u32>(v1, 13); v1 ^= v2; v2 = rotl<u32>(v2, 16);
  }
  return v1 ^ v3;
}

/** The hash of a 64-bit integer: of its 8 bytes, little-endian. */
export function hashI64(x: i64): u32 {
  store<i64>(scratch, x);
  return hashBytes(scratch, 8);
}

/** Sets the key; the caller rehashes whatever was hashed with the old one. */
export function setHashKey(a: u32, b: u32): void {
  k0 = a;
  k1 = b;
}
