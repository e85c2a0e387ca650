/**
 * The module's start function when `StaticData` left static string headers
 * to it (`StringsFilledAtStart`, strings.ts): for each string, its header
 * `[u8 4][u8 1][u16 0][u32 length][u32 bytes ptr][u32 hash]` from the byte
 * lengths (LEB128) and the run of bytes, and its entry in the `cordon_strings`
 * table. The hash is the runtime's own (`opa_value_hash` of the header before
 * byte 1 is set), under the unseeded key the compiler stores for the others;
 * `cordon_hash_seed` rehashes them all as before.
 *
 * A start function runs on instantiation, before the host can call any
 * export, in Cordon's engine and in OPA's SDK alike; memory that no data
 * segment fills is zero on a fresh memory, which both hosts give a module.
 */
import { FunctionBuilder, ValType } from '../binary/index.js'
import type { ModuleCtx } from './emitter.js'
import type { StringsFilledAtStart } from './strings.js'

const T_STRING = 4
const STRING_HEADER = 16

/** Adds the start function that fills in `s`; `tableEntries` is the address of its first entry in `cordon_strings`. */
export function addStringInit(m: ModuleCtx, s: StringsFilledAtStart, tableEntries: number): void {
  const f = new FunctionBuilder([], [])
  const [header, lengths, text, entry, len, shift, byte] = Array.from({ length: 7 }, () => f.addLocal(ValType.i32))
  f.i32Const(s.headers).localSet(header!)
  f.i32Const(s.lengths).localSet(lengths!)
  f.i32Const(s.texts).localSet(text!)
  f.i32Const(tableEntries).localSet(entry!)
  f.withLoop('string', () => {
    // len := the next LEB128 length
    f.i32Const(0).localSet(len!).i32Const(0).localSet(shift!)
    f.withLoop('byte', () => {
      f.localGet(lengths!).i32Load8U().localSet(byte!)
      f.localGet(lengths!).i32Const(1).i32Add().localSet(lengths!)
      f.localGet(len!).localGet(byte!).i32Const(0x7f).i32And().localGet(shift!).i32Shl().i32Or().localSet(len!)
      f.localGet(shift!).i32Const(7).i32Add().localSet(shift!)
      f.localGet(byte!).i32Const(0x80).i32And().brIf('byte')
    })
    f.localGet(header!).i32Const(T_STRING).i32Store()
    f.localGet(header!).localGet(len!).i32Store(4)
    f.localGet(header!).localGet(text!).i32Store(8)
    f.localGet(header!).localGet(header!).call(m.rt('opa_value_hash')).i32Store(12)
    f.localGet(header!).i32Const(1).i32Store8(1) // the hash is stored
    f.localGet(entry!).localGet(header!).i32Store()
    f.localGet(entry!).i32Const(4).i32Add().localSet(entry!)
    f.localGet(text!).localGet(len!).i32Add().localSet(text!)
    f.localGet(header!).i32Const(STRING_HEADER).i32Add().localTee(header!)
    f.i32Const(s.headers + STRING_HEADER * s.count).i32LtU().brIf('string')
  })
  const { linker } = m
  linker.setStart(linker.addFunction({ params: [], results: [] }, f, 'cordon_fill_static_strings'))
}
