/**
 * The module's start function, when `StaticData` left static data to it
 * (strings.ts): bytes the file does not hold, written into zero memory once
 * on instantiation.
 *
 * - All the policy's static data, when packing pays (`packStaticData`): the
 *   file holds it packed (src/binary/lz.ts), the start function unpacks it in
 *   place first. trivy-checks: 121 KB of data in the file, 56 KB packed.
 * - Static string values (`StringsFilledAtStart`): each header
 *   `[u8 4][u8 1][u16 0][u32 length][u32 bytes ptr][u32 hash]` from the byte
 *   lengths (LEB128) and the run of bytes, and its entry in the
 *   `cordon_strings` table. The hash is the runtime's own (`opa_value_hash` of
 *   the header before byte 1 is set), under the unseeded key the compiler
 *   stores for the others; `cordon_hash_seed` rehashes them all as before.
 * - File names (`CStringsFilledAtStart`): NUL-terminated, each from the bytes
 *   it shares with the name before and the rest.
 *
 * A start function runs on instantiation, before the host can call any
 * export, in Cordon's engine and in OPA's SDK alike. It writes every byte of
 * what it fills in, so it does not rely on a fresh (zero) memory.
 */
import { FunctionBuilder, i32ConstExpr, ValType, type ModuleLinker } from '../binary/index.js'
import { LZ_MIN_MATCH, packLz } from '../binary/lz.js'
import { withoutZeroRuns } from '../binary/zero-runs.js'
import type { ModuleCtx } from './emitter.js'
import type { CStringsFilledAtStart, StringsFilledAtStart } from './strings.js'

const T_STRING = 4
const STRING_HEADER = 16

/** Bytes the unpacking costs in code (measured: ~90), so packing must save more than this. */
const UNPACK_CODE = 128
/** Bytes of a data segment's header: flags, `i32.const` offset, `end`, length. */
const SEGMENT_HEADER = 8

/** Static data packed in the file: `size` bytes at `to` unpack from the packed bytes at `from`. */
export interface PackedData {
  from: number
  to: number
  size: number
}

/**
 * Packs all the static data the linker was given, when that makes the file
 * smaller (by more than the unpacking code): the packed bytes go where
 * unpacking in place is safe (`Packed.lead`), the rest of the region stays
 * reserved and zero until the start function has run.
 */
export function packStaticData(linker: ModuleLinker): PackedData | undefined {
  const added = linker.addedData()
  // Leading zeros (the headers the start function fills in next, at the front) stay out, as a segment leaves them out.
  let zeros = 0
  while (zeros < added.bytes.length && added.bytes[zeros] === 0) zeros++
  const address = added.address + zeros
  const bytes = added.bytes.subarray(zeros)
  let nonZero = 0
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) nonZero++
  if (nonZero < UNPACK_CODE * 2) return undefined
  const packed = packLz(bytes)
  if (packed.bytes.length + UNPACK_CODE >= nonZero) {
    // Not smaller than the bytes alone: weigh it against the segments removeDeadCode would write (no runs
    // of zeros, a header each).
    const segment = { flags: 0, memory: 0, offset: i32ConstExpr(address), bytes }
    const unpacked = withoutZeroRuns(segment).reduce((n, s) => n + s.bytes.length + SEGMENT_HEADER, 0)
    if (packed.bytes.length + UNPACK_CODE >= unpacked) return undefined
  }
  linker.replaceAddedData(address + packed.lead, packed.bytes)
  return { from: address + packed.lead, to: address, size: bytes.length }
}

export interface FilledAtStart {
  packed?: PackedData
  strings?: StringsFilledAtStart
  /** Address of the first entry of `cordon_strings`, the strings' entries first. */
  tableEntries: number
  names?: CStringsFilledAtStart
}

/** Adds the start function that fills in `what`; none when there is nothing to fill in. */
export function addStartFunction(m: ModuleCtx, what: FilledAtStart): void {
  const { packed, strings, names } = what
  if (!packed && !strings && !names) return
  const f = new FunctionBuilder([], [])
  const local = () => f.addLocal(ValType.i32)
  const [cursor, to, from, len, shift, byte] = [local(), local(), local(), local(), local(), local()]
  /** `out` := the unsigned LEB128 number at `cursor`, which moves past it. */
  const readLeb128 = (out: number) => {
    f.i32Const(0).localSet(out).i32Const(0).localSet(shift)
    f.withLoop(undefined, () => {
      f.localGet(cursor).i32Load8U().localSet(byte)
      f.localGet(cursor).i32Const(1).i32Add().localSet(cursor)
      f.localGet(out).localGet(byte).i32Const(0x7f).i32And().localGet(shift).i32Shl().i32Or().localSet(out)
      f.localGet(shift).i32Const(7).i32Add().localSet(shift)
      f.localGet(byte).i32Const(0x80).i32And().brIf(0)
    })
  }
  if (packed) {
    // to: where the output goes; cursor: the packed bytes; len, from: a literal run's or a copy's length and distance.
    f.i32Const(packed.from).localSet(cursor)
    f.i32Const(packed.to).localSet(to)
    f.withBlock('unpacked', () => {
      f.withLoop('token', () => {
        readLeb128(len)
        f.localGet(to).localGet(cursor).localGet(len).memoryCopy()
        f.localGet(to).localGet(len).i32Add().localSet(to)
        f.localGet(cursor).localGet(len).i32Add().localSet(cursor)
        f.localGet(to)
          .i32Const(packed.to + packed.size)
          .i32GeU()
          .brIf('unpacked')
        readLeb128(len)
        readLeb128(from)
        f.localGet(len).i32Const(LZ_MIN_MATCH).i32Add().localSet(len)
        // A copy from at least its length back does not overlap: one memory.copy; else byte by byte.
        f.localGet(from).localGet(len).i32GeU()
        f.withIf(
          () => {
            f.localGet(to).localGet(to).localGet(from).i32Sub().localGet(len).memoryCopy()
            f.localGet(to).localGet(len).i32Add().localSet(to)
          },
          () =>
            f.withLoop(undefined, () => {
              f.localGet(to).localGet(to).localGet(from).i32Sub().i32Load8U().i32Store8()
              f.localGet(to).i32Const(1).i32Add().localSet(to)
              f.localGet(len).i32Const(1).i32Sub().localTee(len).brIf(0)
            }),
        )
        f.br('token')
      })
    })
  }
  if (strings) {
    // to: the header; from: its bytes; byte … : the table entry (`entry` below).
    const entry = local()
    f.i32Const(strings.lengths).localSet(cursor)
    f.i32Const(strings.headers).localSet(to)
    f.i32Const(strings.texts).localSet(from)
    f.i32Const(what.tableEntries).localSet(entry)
    f.withLoop(undefined, () => {
      readLeb128(len)
      f.localGet(to).i32Const(T_STRING).i32Store()
      f.localGet(to).localGet(len).i32Store(4)
      f.localGet(to).localGet(from).i32Store(8)
      f.localGet(to).localGet(to).call(m.rt('opa_value_hash')).i32Store(12)
      f.localGet(to).i32Const(1).i32Store8(1) // the hash is stored
      f.localGet(entry).localGet(to).i32Store()
      f.localGet(entry).i32Const(4).i32Add().localSet(entry)
      f.localGet(from).localGet(len).i32Add().localSet(from)
      f.localGet(to).i32Const(STRING_HEADER).i32Add().localTee(to)
      f.i32Const(strings.headers + STRING_HEADER * strings.count)
        .i32LtU()
        .brIf(0)
    })
  }
  if (names) {
    // to: where the name goes; from: where the name before it starts; len: the bytes they share.
    const rest = local()
    f.i32Const(names.table).localSet(cursor)
    f.i32Const(names.region).localTee(to).localSet(from)
    f.withLoop(undefined, () => {
      readLeb128(len)
      readLeb128(rest)
      f.localGet(to).localGet(from).localGet(len).memoryCopy()
      f.localGet(to).localGet(len).i32Add().localGet(cursor).localGet(rest).memoryCopy()
      f.localGet(cursor).localGet(rest).i32Add().localSet(cursor)
      f.localGet(to).localSet(from)
      // The NUL, and past it.
      f.localGet(to).localGet(len).i32Add().localGet(rest).i32Add().localTee(to).i32Const(0).i32Store8()
      f.localGet(to).i32Const(1).i32Add().localSet(to)
      f.localGet(cursor).i32Const(names.tableEnd).i32LtU().brIf(0)
    })
  }
  const { linker } = m
  linker.setStart(linker.addFunction({ params: [], results: [] }, f, 'cordon_fill_static_data'))
}
