/**
 * The Cordon Wasm runtime's hash of a string's UTF-8 bytes
 * (packages/wasm/runtime/assembly/compare.ts `hashBytes`): four bytes a step
 * with a multiply-rotate round, then the tail bytes, then a 32-bit finalizer.
 * The code generator stores it in static strings and the engine in the
 * objects it writes into a module's memory, so it must stay the runtime's
 * exactly: test/engine/write-value.test.ts and
 * packages/wasm/src/codegen/static-strings.test.ts fail when it drifts.
 */
export function runtimeStringHash(bytes: Uint8Array, p: number, n: number): number {
  let h = 0x811c9dc5 ^ n
  let i = 0
  for (; i + 4 <= n; i += 4) {
    const w = bytes[p + i]! | (bytes[p + i + 1]! << 8) | (bytes[p + i + 2]! << 16) | (bytes[p + i + 3]! << 24)
    const x = h ^ Math.imul(w, 0xcc9e2d51)
    h = Math.imul((x << 15) | (x >>> 17), 0x1b873593)
  }
  for (; i < n; i++) h = Math.imul(h ^ bytes[p + i]!, 0x01000193)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
