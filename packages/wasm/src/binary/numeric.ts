/**
 * Zero-immediate numeric instructions as chainable methods, one per opcode:
 * the method name is the text-format name in camelCase (`i32.add` → `i32Add()`,
 * `i64.extend_i32_u` → `i64ExtendI32U()`). `f32` arithmetic is left out (the
 * codegen does not use it); emit it with `op(Op.f32_add)`.
 */
import { Op } from './opcodes.js'

/** Base class of `FunctionBuilder`: numeric instructions on top of `op`. */
export abstract class NumericOps {
  /** Appends one instruction that has no immediates. */
  abstract op(opcode: number): this

  i32Eqz(): this {
    return this.op(Op.i32_eqz)
  }
  i32Eq(): this {
    return this.op(Op.i32_eq)
  }
  i32Ne(): this {
    return this.op(Op.i32_ne)
  }
  i32LtS(): this {
    return this.op(Op.i32_lt_s)
  }
  i32LtU(): this {
    return this.op(Op.i32_lt_u)
  }
  i32GtS(): this {
    return this.op(Op.i32_gt_s)
  }
  i32GtU(): this {
    return this.op(Op.i32_gt_u)
  }
  i32LeS(): this {
    return this.op(Op.i32_le_s)
  }
  i32LeU(): this {
    return this.op(Op.i32_le_u)
  }
  i32GeS(): this {
    return this.op(Op.i32_ge_s)
  }
  i32GeU(): this {
    return this.op(Op.i32_ge_u)
  }
  i64Eqz(): this {
    return this.op(Op.i64_eqz)
  }
  i64Eq(): this {
    return this.op(Op.i64_eq)
  }
  i64Ne(): this {
    return this.op(Op.i64_ne)
  }
  i64LtS(): this {
    return this.op(Op.i64_lt_s)
  }
  i64LtU(): this {
    return this.op(Op.i64_lt_u)
  }
  i64GtS(): this {
    return this.op(Op.i64_gt_s)
  }
  i64GtU(): this {
    return this.op(Op.i64_gt_u)
  }
  i64LeS(): this {
    return this.op(Op.i64_le_s)
  }
  i64LeU(): this {
    return this.op(Op.i64_le_u)
  }
  i64GeS(): this {
    return this.op(Op.i64_ge_s)
  }
  i64GeU(): this {
    return this.op(Op.i64_ge_u)
  }
  f64Eq(): this {
    return this.op(Op.f64_eq)
  }
  f64Ne(): this {
    return this.op(Op.f64_ne)
  }
  f64Lt(): this {
    return this.op(Op.f64_lt)
  }
  f64Gt(): this {
    return this.op(Op.f64_gt)
  }
  f64Le(): this {
    return this.op(Op.f64_le)
  }
  f64Ge(): this {
    return this.op(Op.f64_ge)
  }
  i32Clz(): this {
    return this.op(Op.i32_clz)
  }
  i32Ctz(): this {
    return this.op(Op.i32_ctz)
  }
  i32Popcnt(): this {
    return this.op(Op.i32_popcnt)
  }
  i32Add(): this {
    return this.op(Op.i32_add)
  }
  i32Sub(): this {
    return this.op(Op.i32_sub)
  }
  i32Mul(): this {
    return this.op(Op.i32_mul)
  }
  i32DivS(): this {
    return this.op(Op.i32_div_s)
  }
  i32DivU(): this {
    return this.op(Op.i32_div_u)
  }
  i32RemS(): this {
    return this.op(Op.i32_rem_s)
  }
  i32RemU(): this {
    return this.op(Op.i32_rem_u)
  }
  i32And(): this {
    return this.op(Op.i32_and)
  }
  i32Or(): this {
    return this.op(Op.i32_or)
  }
  i32Xor(): this {
    return this.op(Op.i32_xor)
  }
  i32Shl(): this {
    return this.op(Op.i32_shl)
  }
  i32ShrS(): this {
    return this.op(Op.i32_shr_s)
  }
  i32ShrU(): this {
    return this.op(Op.i32_shr_u)
  }
  i32Rotl(): this {
    return this.op(Op.i32_rotl)
  }
  i32Rotr(): this {
    return this.op(Op.i32_rotr)
  }
  i64Clz(): this {
    return this.op(Op.i64_clz)
  }
  i64Ctz(): this {
    return this.op(Op.i64_ctz)
  }
  i64Popcnt(): this {
    return this.op(Op.i64_popcnt)
  }
  i64Add(): this {
    return this.op(Op.i64_add)
  }
  i64Sub(): this {
    return this.op(Op.i64_sub)
  }
  i64Mul(): this {
    return this.op(Op.i64_mul)
  }
  i64DivS(): this {
    return this.op(Op.i64_div_s)
  }
  i64DivU(): this {
    return this.op(Op.i64_div_u)
  }
  i64RemS(): this {
    return this.op(Op.i64_rem_s)
  }
  i64RemU(): this {
    return this.op(Op.i64_rem_u)
  }
  i64And(): this {
    return this.op(Op.i64_and)
  }
  i64Or(): this {
    return this.op(Op.i64_or)
  }
  i64Xor(): this {
    return this.op(Op.i64_xor)
  }
  i64Shl(): this {
    return this.op(Op.i64_shl)
  }
  i64ShrS(): this {
    return this.op(Op.i64_shr_s)
  }
  i64ShrU(): this {
    return this.op(Op.i64_shr_u)
  }
  i64Rotl(): this {
    return this.op(Op.i64_rotl)
  }
  i64Rotr(): this {
    return this.op(Op.i64_rotr)
  }
  f64Abs(): this {
    return this.op(Op.f64_abs)
  }
  f64Neg(): this {
    return this.op(Op.f64_neg)
  }
  f64Ceil(): this {
    return this.op(Op.f64_ceil)
  }
  f64Floor(): this {
    return this.op(Op.f64_floor)
  }
  f64Trunc(): this {
    return this.op(Op.f64_trunc)
  }
  f64Nearest(): this {
    return this.op(Op.f64_nearest)
  }
  f64Sqrt(): this {
    return this.op(Op.f64_sqrt)
  }
  f64Add(): this {
    return this.op(Op.f64_add)
  }
  f64Sub(): this {
    return this.op(Op.f64_sub)
  }
  f64Mul(): this {
    return this.op(Op.f64_mul)
  }
  f64Div(): this {
    return this.op(Op.f64_div)
  }
  f64Min(): this {
    return this.op(Op.f64_min)
  }
  f64Max(): this {
    return this.op(Op.f64_max)
  }
  f64Copysign(): this {
    return this.op(Op.f64_copysign)
  }
  i32WrapI64(): this {
    return this.op(Op.i32_wrap_i64)
  }
  i32TruncF32S(): this {
    return this.op(Op.i32_trunc_f32_s)
  }
  i32TruncF32U(): this {
    return this.op(Op.i32_trunc_f32_u)
  }
  i32TruncF64S(): this {
    return this.op(Op.i32_trunc_f64_s)
  }
  i32TruncF64U(): this {
    return this.op(Op.i32_trunc_f64_u)
  }
  i64ExtendI32S(): this {
    return this.op(Op.i64_extend_i32_s)
  }
  i64ExtendI32U(): this {
    return this.op(Op.i64_extend_i32_u)
  }
  i64TruncF32S(): this {
    return this.op(Op.i64_trunc_f32_s)
  }
  i64TruncF32U(): this {
    return this.op(Op.i64_trunc_f32_u)
  }
  i64TruncF64S(): this {
    return this.op(Op.i64_trunc_f64_s)
  }
  i64TruncF64U(): this {
    return this.op(Op.i64_trunc_f64_u)
  }
  f64ConvertI32S(): this {
    return this.op(Op.f64_convert_i32_s)
  }
  f64ConvertI32U(): this {
    return this.op(Op.f64_convert_i32_u)
  }
  f64ConvertI64S(): this {
    return this.op(Op.f64_convert_i64_s)
  }
  f64ConvertI64U(): this {
    return this.op(Op.f64_convert_i64_u)
  }
  f64PromoteF32(): this {
    return this.op(Op.f64_promote_f32)
  }
  i32ReinterpretF32(): this {
    return this.op(Op.i32_reinterpret_f32)
  }
  i64ReinterpretF64(): this {
    return this.op(Op.i64_reinterpret_f64)
  }
  f64ReinterpretI64(): this {
    return this.op(Op.f64_reinterpret_i64)
  }
  i32Extend8S(): this {
    return this.op(Op.i32_extend8_s)
  }
  i32Extend16S(): this {
    return this.op(Op.i32_extend16_s)
  }
  i64Extend8S(): this {
    return this.op(Op.i64_extend8_s)
  }
  i64Extend16S(): this {
    return this.op(Op.i64_extend16_s)
  }
  i64Extend32S(): this {
    return this.op(Op.i64_extend32_s)
  }
}
