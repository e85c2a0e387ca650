/**
 * Constant expressions (global initialisers, segment offsets, element items)
 * are kept as raw bytes. Their end has to be found by walking the few
 * instructions allowed in them, because an `end` byte (0x0b) can also occur
 * inside an immediate.
 */
import type { ByteReader } from './bytes.js'
import { ByteWriter } from './bytes.js'
import { decodeS32 } from './leb128.js'

const END = 0x0b
const I32_CONST = 0x41

/**
 * Reads one constant expression, up to and including its `end`, and returns it
 * as a view of the input. Accepts the MVP constants, `global.get`, `ref.null`,
 * `ref.func`, `v128.const` and the extended-const arithmetic.
 * @throws WasmDecodeError on an instruction not allowed in a constant expression.
 */
export function readConstExpr(r: ByteReader, what = 'constant expression'): Uint8Array {
  const start = r.pos
  for (;;) {
    const at = r.pos
    const op = r.u8(what)
    switch (op) {
      case END:
        return r.bytes.subarray(start, r.pos)
      case I32_CONST:
        r.s32()
        break
      case 0x42: // i64.const
        r.s64()
        break
      case 0x43: // f32.const
        r.skip(4, 'f32 immediate')
        break
      case 0x44: // f64.const
        r.skip(8, 'f64 immediate')
        break
      case 0x23: // global.get
      case 0xd2: // ref.func
        r.u32('index')
        break
      case 0xd0: // ref.null
        r.u8('reference type')
        break
      case 0x6a: // i32.add, i32.sub, i32.mul, i64.add, i64.sub, i64.mul (extended-const)
      case 0x6b:
      case 0x6c:
      case 0x7c:
      case 0x7d:
      case 0x7e:
        break
      case 0xfd: {
        const sub = r.u32('SIMD opcode')
        if (sub !== 12) r.fail(`SIMD opcode ${sub} not allowed in a ${what}`, at)
        r.skip(16, 'v128 immediate')
        break
      }
      default:
        r.fail(`opcode 0x${op.toString(16)} not allowed in a ${what}`, at)
    }
  }
}

/** `i32.const value; end` as bytes. Values above 2^31-1 wrap to their signed form. */
export function i32ConstExpr(value: number): Uint8Array<ArrayBuffer> {
  return new ByteWriter(8)
    .u8(I32_CONST)
    .s32(value | 0)
    .u8(END)
    .toBytes()
}

/**
 * The value of a constant expression that is exactly `i32.const n; end`, or
 * undefined for anything else (e.g. `global.get`).
 */
export function evalI32ConstExpr(expr: Uint8Array): number | undefined {
  if (expr[0] !== I32_CONST) return undefined
  try {
    const [v, next] = decodeS32(expr, 1)
    return next === expr.length - 1 && expr[next] === END ? v : undefined
  } catch {
    return undefined
  }
}
