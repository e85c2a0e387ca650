/**
 * The Cordon Wasm runtime's hash of a string's UTF-8 bytes
 * (packages/wasm/runtime/assembly/hash.ts `hashBytes`): HalfSipHash-1-3 under
 * a 64-bit key, `[k0, k1]`. Key 0 is the one a module has before its host
 * seeds it (`cordon_hash_seed`): the code generator stores hashes under it in
 * static strings. The engine seeds each instance with a random key and lays
 * out objects with hashes under that key, so it must stay the runtime's
 * exactly: test/engine/write-value.test.ts and
 * packages/wasm/src/codegen/static-strings.test.ts fail when it drifts.
 */
export type RuntimeHashKey = readonly [k0: number, k1: number]

const UNSEEDED: RuntimeHashKey = [0, 0]

/** The runtime's hash of the `n` UTF-8 bytes at `bytes[p]`, under `key` (default: the unseeded key 0). */
export function runtimeStringHash(bytes: Uint8Array, p: number, n: number, key: RuntimeHashKey = UNSEEDED): number {
  const k0 = key[0] | 0
  const k1 = key[1] | 0
  let v0 = k0
  let v1 = k1
  let v2 = 0x6c796765 ^ k0
  let v3 = 0x74656462 ^ k1
  const end = n & ~3
  let i = 0
  for (;;) {
    let m: number
    const last = i === end
    if (!last) {
      m = bytes[p + i]! | (bytes[p + i + 1]! << 8) | (bytes[p + i + 2]! << 16) | (bytes[p + i + 3]! << 24)
      i += 4
    } else {
      // The last word: the length's low byte on top, then the tail bytes.
      m = n << 24
      const left = n - end
      if (left >= 3) m |= bytes[p + end + 2]! << 16
      if (left >= 2) m |= bytes[p + end + 1]! << 8
      if (left >= 1) m |= bytes[p + end]!
    }
    v3 ^= m
    v0 = (v0 + v1) | 0
    v1 = (v1 << 5) | (v1 >>> 27)
    v1 ^= v0
    v0 = (v0 << 16) | (v0 >>> 16)
    v2 = (v2 + v3) | 0
    v3 = (v3 << 8) | (v3 >>> 24)
    v3 ^= v2
    v0 = (v0 + v3) | 0
    v3 = (v3 << 7) | (v3 >>> 25)
    v3 ^= v0
    v2 = (v2 + v1) | 0
    v1 = (v1 << 13) | (v1 >>> 19)
    v1 ^= v2
    v2 = (v2 << 16) | (v2 >>> 16)
    v0 ^= m
    if (last) break
  }
  v2 ^= 0xff
  for (let r = 0; r < 3; r++) {
    v0 = (v0 + v1) | 0
    v1 = (v1 << 5) | (v1 >>> 27)
    v1 ^= v0
    v0 = (v0 << 16) | (v0 >>> 16)
    v2 = (v2 + v3) | 0
    v3 = (v3 << 8) | (v3 >>> 24)
    v3 ^= v2
    v0 = (v0 + v3) | 0
    v3 = (v3 << 7) | (v3 >>> 25)
    v3 ^= v0
    v2 = (v2 + v1) | 0
    v1 = (v1 << 13) | (v1 >>> 19)
    v1 ^= v2
    v2 = (v2 << 16) | (v2 >>> 16)
  }
  return (v1 ^ v3) >>> 0
}
