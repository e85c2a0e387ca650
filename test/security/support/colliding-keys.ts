/**
 * Object keys forged to collide under the runtime's string hash as it was
 * before it was keyed (issue 14.7): an unseeded multiply-rotate hash whose
 * rounds can be run backwards, so any key's last four bytes can be solved
 * for a chosen state. Every key here has the same 32-bit hash under it, so
 * all land in one bucket of any table size.
 */

const C1 = 0xcc9e2d51
const C2 = 0x1b873593

/** The old hash (packages/wasm/runtime/assembly/compare.ts `hashBytes` before 14.7). */
export function legacyStringHash(bytes: Uint8Array): number {
  const n = bytes.length
  let h = 0x811c9dc5 ^ n
  let i = 0
  for (; i + 4 <= n; i += 4) h = Math.imul(rotl(h ^ Math.imul(word(bytes, i), C1), 15), C2)
  for (; i < n; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * `count` distinct 12-character ASCII keys with one legacy hash: eight free
 * characters (a counter), then the four that take the state to a fixed target,
 * kept when those are printable.
 */
export function collidingKeys(count: number): string[] {
  const invC1 = inverse(C1)
  const invC2 = inverse(C2)
  const target = 0x2545f491
  const out: string[] = []
  const bytes = new Uint8Array(12)
  for (let i = 0; out.length < count; i++) {
    const prefix = i.toString(36).padStart(8, '0')
    for (let j = 0; j < 8; j++) bytes[j] = prefix.charCodeAt(j)
    let h = 0x811c9dc5 ^ 12
    for (let j = 0; j < 8; j += 4) h = Math.imul(rotl(h ^ Math.imul(word(bytes, j), C1), 15), C2)
    // round(h, w) = target  ⇔  w = ((rotr(target · C2⁻¹, 15)) ^ h) · C1⁻¹
    const w = Math.imul(rotl(Math.imul(target, invC2), 17) ^ h, invC1)
    let printable = true
    for (let k = 0; k < 4; k++) {
      const c = (w >>> (8 * k)) & 0xff
      if (c < 0x21 || c > 0x7e || c === 0x22 || c === 0x5c) printable = false
      bytes[8 + k] = c
    }
    if (printable) out.push(String.fromCharCode(...bytes))
  }
  return out
}

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r))
const word = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)

/** The inverse of an odd number modulo 2³² (Newton's iteration). */
function inverse(c: number): number {
  let x = c
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(c, x))
  return x
}
