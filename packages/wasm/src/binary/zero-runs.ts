/**
 * `withoutZeroRuns`: a data segment as a module file holds it, without the
 * zeros a fresh memory has anyway (`removeDeadCode` writes segments so; the
 * code generator weighs packing its data against that, filled-at-start.ts).
 * Internal: not exported from the package.
 */
import { evalI32ConstExpr, i32ConstExpr } from './const-expr.js'
import type { DataSegment } from './types.js'

/** A zero run at least this long splits a segment: a segment header costs about 6 bytes. */
const MIN_ZERO_RUN = 16

/**
 * An active segment without its zero bytes (leading, trailing, and runs of
 * MIN_ZERO_RUN or more inside): a host instantiates a module on a new memory,
 * which reads as zero where no segment writes.
 */
export function withoutZeroRuns(seg: DataSegment): DataSegment[] {
  const base = evalI32ConstExpr(seg.offset!)! >>> 0
  const b = seg.bytes
  const out: DataSegment[] = []
  let p = 0
  for (;;) {
    while (p < b.length && b[p] === 0) p++
    if (p >= b.length) return out
    // The piece ends before the next run of MIN_ZERO_RUN zeros (or at the end), trailing zeros cut.
    let end = p
    let zeros = 0
    let q = p
    for (; q < b.length && zeros < MIN_ZERO_RUN; q++) {
      if (b[q] === 0) zeros++
      else {
        zeros = 0
        end = q + 1
      }
    }
    out.push({ ...seg, offset: i32ConstExpr(base + p), bytes: b.subarray(p, end) })
    p = q
  }
}
