/**
 * Walks the instructions of a function body (or a constant expression) and
 * reports what dead-code removal needs to know: the functions it refers to
 * (`call`, `return_call`, `ref.func`), with the byte span of each index so the
 * index can be rewritten, and every number that may be a static memory
 * address (`i32.const` values and the offsets of loads and stores).
 *
 * It decodes the MVP, sign extension, saturating truncation, bulk memory,
 * reference types, multi-value block types and tail calls. Anything else (SIMD,
 * threads, GC) is a WasmDecodeError: a caller must not guess past an
 * instruction it cannot size.
 */
import { WasmDecodeError } from './errors.js'
import { decodeS32, decodeU32, MAX_LEB_U64 } from './leb128.js'

/** A function index inside a body: its value and the bytes `[start, end)` of its LEB128. */
export interface FuncRef {
  index: number
  start: number
  end: number
}

/** What {@link scanCode} found. */
export interface CodeRefs {
  funcRefs: FuncRef[]
  /** `i32.const` values and load/store offsets, unsigned: the candidates for static addresses. */
  addresses: number[]
  /** True when the code names data segments by index (`memory.init`, `data.drop`). */
  usesDataIndices: boolean
}

const VALTYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f])

/**
 * Scans a function body (local declarations, then the expression up to its
 * final `end`), or with `expr: true` a bare expression such as a constant
 * expression.
 * @throws WasmDecodeError on an instruction it does not know, or a truncated body.
 */
export function scanCode(body: Uint8Array, options: { expr?: boolean } = {}): CodeRefs {
  const refs: CodeRefs = { funcRefs: [], addresses: [], usesDataIndices: false }
  const end = body.length
  let p = 0
  const u32 = (): number => {
    const [v, next] = decodeU32(body, p, end)
    p = next
    return v
  }
  const funcRef = (): void => {
    const start = p
    refs.funcRefs.push({ index: u32(), start, end: p })
  }
  const skipLeb = (): void => {
    const start = p
    while (p < end && body[p]! & 0x80) p++
    if (++p > end || p - start > MAX_LEB_U64) throw new WasmDecodeError('bad LEB128 integer', start)
  }
  const memarg = (): void => {
    const align = u32()
    if (align & 0x40) throw new WasmDecodeError('multi-memory load/store is not supported', p)
    refs.addresses.push(u32())
  }
  if (!options.expr)
    for (let groups = u32(); groups > 0; groups--) {
      u32()
      p++
    }
  let depth = 1
  while (depth > 0) {
    if (p >= end) throw new WasmDecodeError('function body ends before its final end', p)
    const at = p
    const op = body[p++]!
    if (op >= 0x28 && op <= 0x3e) {
      memarg()
      continue
    }
    if (op >= 0x45 && op <= 0xc4) continue // numeric, no immediates
    switch (op) {
      case 0x00:
      case 0x01:
      case 0x0f:
      case 0x1a:
      case 0x1b:
      case 0xd1:
        break
      case 0x02:
      case 0x03:
      case 0x04: // block, loop, if
        depth++
        if (body[p] === 0x40 || VALTYPES.has(body[p]!)) p++
        else skipLeb() // a type index as s33: only its length matters
        break
      case 0x05: // else
        break
      case 0x0b:
        depth--
        break
      case 0x0c:
      case 0x0d: // br, br_if
      case 0x20:
      case 0x21:
      case 0x22:
      case 0x23:
      case 0x24: // locals, globals
      case 0x25:
      case 0x26: // table.get, table.set
        u32()
        break
      case 0x0e: // br_table
        for (let n = u32(); n >= 0; n--) u32()
        break
      case 0x10:
      case 0x12: // call, return_call
      case 0xd2: // ref.func
        funcRef()
        break
      case 0x11:
      case 0x13: // call_indirect, return_call_indirect
        u32()
        u32()
        break
      case 0x1c: // select with types
        p += u32()
        break
      case 0x3f:
      case 0x40: // memory.size, memory.grow
      case 0xd0: // ref.null
        p++
        break
      case 0x41: {
        const [v, next] = decodeS32(body, p, end)
        refs.addresses.push(v >>> 0)
        p = next
        break
      }
      case 0x42:
        skipLeb()
        break
      case 0x43:
        p += 4
        break
      case 0x44:
        p += 8
        break
      case 0xfc:
        prefixed(u32(), at)
        break
      default:
        throw new WasmDecodeError(`instruction 0x${op.toString(16)} is not supported by the code scanner`, at)
    }
  }
  if (!options.expr && p !== end) throw new WasmDecodeError('bytes after the final end of a function body', p)
  return refs

  function prefixed(sub: number, at: number): void {
    switch (sub) {
      case 0:
      case 1:
      case 2:
      case 3:
      case 4:
      case 5:
      case 6:
      case 7: // trunc_sat
        return
      case 8: // memory.init data 0
        refs.usesDataIndices = true
        u32()
        p++
        return
      case 9: // data.drop
        refs.usesDataIndices = true
        u32()
        return
      case 10: // memory.copy 0 0
        p += 2
        return
      case 11: // memory.fill 0
        p++
        return
      case 12:
      case 14: // table.init, table.copy
        u32()
        u32()
        return
      case 13:
      case 15:
      case 16:
      case 17: // elem.drop, table.grow, table.size, table.fill
        u32()
        return
      default:
        throw new WasmDecodeError(`instruction 0xfc ${sub} is not supported by the code scanner`, at)
    }
  }
}
