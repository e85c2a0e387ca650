/**
 * `writeModule`: {@link WasmModule} → bytes, the inverse of `readModule`.
 *
 * Every section is re-encoded with canonical (shortest) LEB128s; raw parts
 * (bodies, constant expressions, custom sections) are copied as they are. For
 * a module whose integers were already canonical, as wat2wasm, binaryen and
 * LLVM write them, reading then writing gives back the same bytes.
 */
import { ByteWriter } from './bytes.js'
import { encodeNameSection } from './names.js'
import { WASM_HEADER } from './reader.js'
import {
  ExternalKind,
  FUNC_TYPE_FORM,
  SECTION_ORDER,
  SectionId,
  type DataSegment,
  type ElementSegment,
  type GlobalType,
  type Limits,
  type TableType,
  type WasmModule,
} from './types.js'

function writeLimits(w: ByteWriter, l: Limits): void {
  const flags = ((l.flags ?? 0) & ~0x01) | (l.max !== undefined ? 0x01 : 0)
  w.u8(flags)
  if (flags & 0x04) {
    w.u64(BigInt(l.min))
    if (l.max !== undefined) w.u64(BigInt(l.max))
  } else {
    w.u32(l.min)
    if (l.max !== undefined) w.u32(l.max)
  }
}

const writeTableType = (w: ByteWriter, t: TableType) => writeLimits(w.u8(t.refType), t.limits)
const writeGlobalType = (w: ByteWriter, g: GlobalType) => w.u8(g.type).u8(g.mutable ? 1 : 0)

function writeElement(w: ByteWriter, seg: ElementSegment): void {
  const { flags } = seg
  w.u32(flags)
  const active = (flags & 0x01) === 0
  if (active && flags & 0x02) w.u32(seg.table)
  if (active) w.bytes(seg.offset!)
  if (flags & 0x03) w.u8(seg.elemType)
  if (flags & 0x04) {
    const exprs = seg.exprs ?? []
    w.u32(exprs.length)
    for (const e of exprs) w.bytes(e)
  } else {
    const funcs = seg.funcIndices ?? []
    w.u32(funcs.length)
    for (const f of funcs) w.u32(f)
  }
}

/** Writes a vector (its length, then each item); true when it is not empty. */
function vec<T>(w: ByteWriter, items: readonly T[], item: (t: T) => void): boolean {
  w.u32(items.length)
  for (const t of items) item(t)
  return items.length > 0
}

function writeImport(w: ByteWriter, { module, name, desc }: WasmModule['imports'][number]): void {
  w.name(module).name(name).u8(desc.kind)
  if (desc.kind === ExternalKind.func) w.u32(desc.typeIndex)
  else if (desc.kind === ExternalKind.table) writeTableType(w, desc.table)
  else if (desc.kind === ExternalKind.memory) writeLimits(w, desc.limits)
  else writeGlobalType(w, desc.global)
}

function writeData(w: ByteWriter, seg: DataSegment): void {
  w.u32(seg.flags)
  if (seg.flags === 2) w.u32(seg.memory)
  if (seg.flags !== 1) w.bytes(seg.offset!)
  w.u32(seg.bytes.length).bytes(seg.bytes)
}

/**
 * One writer per section id; each returns false when the section has nothing
 * to write (and is then left out).
 */
const WRITERS: Record<number, (w: ByteWriter, m: WasmModule) => boolean> = {
  [SectionId.type]: (w, m) =>
    vec(w, m.types, (t) => {
      w.u8(FUNC_TYPE_FORM).u32(t.params.length).bytes(t.params)
      w.u32(t.results.length).bytes(t.results)
    }),
  [SectionId.import]: (w, m) => vec(w, m.imports, (i) => writeImport(w, i)),
  [SectionId.function]: (w, m) => vec(w, m.functions, (t) => w.u32(t)),
  [SectionId.table]: (w, m) => vec(w, m.tables, (t) => writeTableType(w, t)),
  [SectionId.memory]: (w, m) => vec(w, m.memories, (l) => writeLimits(w, l)),
  [SectionId.global]: (w, m) => vec(w, m.globals, (g) => writeGlobalType(w, g.type).bytes(g.init)),
  [SectionId.export]: (w, m) => vec(w, m.exports, (e) => w.name(e.name).u8(e.kind).u32(e.index)),
  [SectionId.start]: (w, m) => m.start !== undefined && (w.u32(m.start), true),
  [SectionId.element]: (w, m) => vec(w, m.elements, (e) => writeElement(w, e)),
  // Kept only when the input had one: memory.init and data.drop need it.
  [SectionId.dataCount]: (w, m) => m.dataCount !== undefined && (w.u32(m.data.length), true),
  [SectionId.code]: (w, m) => vec(w, m.codes, (c) => w.u32(c.length).bytes(c)),
  [SectionId.data]: (w, m) => vec(w, m.data, (d) => writeData(w, d)),
}

function approximateSize(m: WasmModule): number {
  let n = 1024 + m.types.length * 8 + m.imports.length * 32 + m.exports.length * 32
  for (const c of m.codes) n += c.length + 5
  for (const d of m.data) n += d.bytes.length + 16
  for (const c of m.customSections) n += c.bytes.length + c.name.length + 10
  return n
}

/**
 * Encodes a module. Throws when the module is inconsistent in a way that would
 * make the output unreadable (function and code counts differ, or an active
 * segment has no offset).
 *
 * @example
 * const bytes = writeModule(readModule(input)) // same module back
 */
export function writeModule(m: WasmModule): Uint8Array<ArrayBuffer> {
  if (m.functions.length !== m.codes.length) {
    throw new Error(`module has ${m.functions.length} functions but ${m.codes.length} bodies`)
  }
  for (const [i, seg] of m.data.entries()) {
    if (seg.flags !== 1 && !seg.offset) throw new Error(`active data segment ${i} has no offset`)
  }
  for (const [i, seg] of m.elements.entries()) {
    if ((seg.flags & 1) === 0 && !seg.offset) throw new Error(`active element segment ${i} has no offset`)
  }
  const size = approximateSize(m)
  const out = new ByteWriter(size)
  const body = new ByteWriter(size)
  out.bytes(WASM_HEADER)
  // The first custom section called `name` stands for `m.names`; without one,
  // the name section goes last, where tools expect it.
  const namesAt = m.names ? m.customSections.findIndex((c) => c.name === 'name') : -1
  const custom = (name: string, content: Uint8Array) => {
    body.name(name).bytes(content)
    out.u8(SectionId.custom).sized(body)
    body.clear()
  }
  const customsAfter = (after: SectionId) => {
    m.customSections.forEach((c, i) => {
      if (c.after === after) custom(c.name, i === namesAt ? encodeNameSection(m.names!) : c.bytes)
    })
  }
  customsAfter(SectionId.custom)
  for (const id of SECTION_ORDER) {
    if (WRITERS[id]!(body, m)) out.u8(id).sized(body)
    body.clear()
    customsAfter(id)
  }
  if (m.names && namesAt < 0) custom('name', encodeNameSection(m.names))
  return out.toBytes()
}
