/**
 * Names prefix-coded: per name, the number of leading bytes it shares with
 * the name before it and the bytes after those, both counts unsigned
 * LEB128. Sorted names with long common directories or packages (trivy-checks'
 * file names and entrypoints) shrink to a fraction. Two readers decode it:
 * the runtime's `cordon_name_table` (runtime/assembly/names.ts) and the
 * start function's file names (filled-at-start.ts).
 */
import { sizeU32, writeU32 } from '../binary/leb128.js'

/** `names` (UTF-8 bytes, in the order the reader rebuilds them) prefix-coded. */
export function prefixCode(names: readonly Uint8Array[]): Uint8Array {
  const sharedCounts = names.map((b, i) => commonPrefix(b, names[i - 1]))
  let size = 0
  names.forEach((b, i) => {
    const rest = b.length - sharedCounts[i]!
    size += sizeU32(sharedCounts[i]!) + sizeU32(rest) + rest
  })
  const out = new Uint8Array(size)
  let at = 0
  names.forEach((b, i) => {
    const shared = sharedCounts[i]!
    at = writeU32(out, at, shared)
    at = writeU32(out, at, b.length - shared)
    out.set(b.subarray(shared), at)
    at += b.length - shared
  })
  return out
}

function commonPrefix(a: Uint8Array, b: Uint8Array | undefined): number {
  let n = 0
  if (b) while (n < a.length && n < b.length && a[n] === b[n]) n++
  return n
}
