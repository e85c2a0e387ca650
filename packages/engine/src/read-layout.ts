/**
 * The walk the two readers of a Cordon module's values share (the layout of
 * packages/wasm/runtime/VALUES.md): null, booleans, integers, strings and
 * arrays read alike into both value models, plain JSON for verdicts
 * (read-value.ts) and the builtins' Values (read-term.ts); each reader says
 * how it reads a string's bytes, the other numbers, objects and sets.
 */

import { MemoryViews } from './memory-views.js'
import { N_INT, T_ARRAY, T_BOOLEAN, T_NULL, T_NUMBER, T_OBJECT, T_SET, T_STRING } from './value-layout.js'

export abstract class LayoutReader<T> extends MemoryViews {
  /** Arrays, objects and sets nested deeper than this make `value` throw `tooDeep()`. */
  protected readonly maxDepth: number = Infinity

  /** The value at `v` (not 0), `depth` levels inside the value being read. */
  protected value(v: number, depth = 0): T {
    if (depth > this.maxDepth) throw this.tooDeep()
    switch (this.bytes[v]) {
      case T_NULL:
        return null as T
      case T_BOOLEAN:
        return (this.u32[(v + 4) >> 2]! !== 0) as T
      case T_NUMBER:
        return this.bytes[v + 1] === N_INT ? this.integer(v) : this.decimal(v)
      case T_STRING:
        return this.string(this.u32[(v + 8) >> 2]!, this.u32[(v + 4) >> 2]!) as T
      case T_ARRAY: {
        const n = this.u32[(v + 4) >> 2]!
        const elems = this.u32[(v + 12) >> 2]!
        const out = new Array<T>(n)
        for (let i = 0; i < n; i++) out[i] = this.value(this.u32[(elems + 4 * i) >> 2]!, depth + 1)
        return out as T
      }
      case T_OBJECT:
        return this.object(v, depth)
      case T_SET:
        return this.set(v, depth)
      default:
        throw new Error(`not a value at ${v} (type byte ${this.bytes[v]})`)
    }
  }

  /** An int64 number: a JS number when it is a safe integer, else the reader's reading of the BigInt. */
  private integer(v: number): T {
    const hi = this.view.getInt32(v + 12, true)
    if (hi >= -0x200000 && hi < 0x200000) {
      const n = hi * 4294967296 + this.u32[(v + 8) >> 2]!
      if (Number.isSafeInteger(n)) return n as T
    }
    return this.bigInteger(this.view.getBigInt64(v + 8, true))
  }

  protected abstract tooDeep(): Error
  protected abstract string(ptr: number, len: number): string
  /** An integer beyond ±(2^53 - 1). */
  protected abstract bigInteger(n: bigint): T
  /** A number that is not an int64: a float, or exact decimal text. */
  protected abstract decimal(v: number): T
  protected abstract object(v: number, depth: number): T
  protected abstract set(v: number, depth: number): T
}
