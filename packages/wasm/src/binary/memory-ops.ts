/**
 * Memory instructions (loads, stores, size, grow, bulk copy and fill) as
 * chainable methods, the middle layer of `FunctionBuilder`. Loads and stores
 * take the static `offset` and an alignment hint in bytes, as in the text
 * format; both default to what the text format defaults to.
 */
import type { ByteWriter } from './bytes.js'
import { NumericOps } from './numeric.js'
import { MISC_PREFIX, Op, PrefixedOp } from './opcodes.js'

/** Base class of `FunctionBuilder`: memory instructions on top of its byte sink. */
export abstract class MemoryOps extends NumericOps {
  /** Where instructions are written. */
  protected abstract get w(): ByteWriter

  /**
   * A load or store with its memarg. `align` is in bytes as in the text format
   * (defaults to the natural alignment) and is encoded as its log2.
   */
  protected mem(opcode: number, natural: number, offset: number, align = natural): this {
    const log2 = Math.log2(align)
    if (!Number.isInteger(log2) || align > natural) {
      throw new RangeError(`alignment ${align} must be a power of two ≤ ${natural}`)
    }
    this.w.u8(opcode).u32(log2).u32(offset)
    return this
  }

  i32Load(offset = 0, align?: number): this {
    return this.mem(Op.i32_load, 4, offset, align)
  }

  i32Load8S(offset = 0, align?: number): this {
    return this.mem(Op.i32_load8_s, 1, offset, align)
  }

  i32Load8U(offset = 0, align?: number): this {
    return this.mem(Op.i32_load8_u, 1, offset, align)
  }

  i32Load16S(offset = 0, align?: number): this {
    return this.mem(Op.i32_load16_s, 2, offset, align)
  }

  i32Load16U(offset = 0, align?: number): this {
    return this.mem(Op.i32_load16_u, 2, offset, align)
  }

  i64Load(offset = 0, align?: number): this {
    return this.mem(Op.i64_load, 8, offset, align)
  }

  f64Load(offset = 0, align?: number): this {
    return this.mem(Op.f64_load, 8, offset, align)
  }

  i32Store(offset = 0, align?: number): this {
    return this.mem(Op.i32_store, 4, offset, align)
  }

  i32Store8(offset = 0, align?: number): this {
    return this.mem(Op.i32_store8, 1, offset, align)
  }

  i32Store16(offset = 0, align?: number): this {
    return this.mem(Op.i32_store16, 2, offset, align)
  }

  i64Store(offset = 0, align?: number): this {
    return this.mem(Op.i64_store, 8, offset, align)
  }

  f64Store(offset = 0, align?: number): this {
    return this.mem(Op.f64_store, 8, offset, align)
  }

  memorySize(): this {
    this.w.u8(Op.memory_size).u8(0)
    return this
  }

  memoryGrow(): this {
    this.w.u8(Op.memory_grow).u8(0)
    return this
  }

  /** `memory.copy` (bulk memory): pops dest, src, length. */
  memoryCopy(): this {
    this.w.u8(MISC_PREFIX).u32(PrefixedOp.memory_copy).u8(0).u8(0)
    return this
  }

  /** `memory.fill` (bulk memory): pops dest, byte value, length. */
  memoryFill(): this {
    this.w.u8(MISC_PREFIX).u32(PrefixedOp.memory_fill).u8(0)
    return this
  }
}
