/**
 * `readModule`: bytes → {@link WasmModule}.
 *
 * Sections are decoded into structures, but function bodies, constant
 * expressions and unknown custom sections stay views into the input, so the
 * cost is proportional to the number of declarations, not to the code size.
 * Every count is checked against the bytes left and every section must end
 * exactly where its size says, so malformed input fails fast with the offset
 * of the problem and never loops.
 */
import { ByteReader } from './bytes.js'
import { readConstExpr } from './const-expr.js'
import { WasmDecodeError } from './errors.js'
import { parseNameSection } from './names.js'
import {
  emptyModule,
  ExternalKind,
  FUNC_TYPE_FORM,
  SECTION_ORDER,
  SectionId,
  type DataSegment,
  type ElementSegment,
  type GlobalType,
  type ImportDesc,
  type Limits,
  type TableType,
  type WasmModule,
} from './types.js'

/** The 8-byte preamble: `\0asm` and version 1. */
export const WASM_HEADER = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00)

const SECTION_NAMES: Record<number, string> = Object.fromEntries(Object.entries(SectionId).map(([k, v]) => [v, k]))

/** Name of a section id for messages, e.g. `code (10)`. */
export function sectionName(id: number): string {
  return `${SECTION_NAMES[id] ?? 'unknown'} (${id})`
}

function readLimits(r: ByteReader): Limits {
  const at = r.pos
  const flags = r.u8('limits flags')
  if (flags > 0x07) r.fail(`invalid limits flags 0x${flags.toString(16)}`, at)
  // 64-bit memories encode their limits as u64; keep them as numbers.
  const big = (flags & 0x04) !== 0
  const read = () => (big ? Number(r.u64()) : r.u32('limit'))
  const min = read()
  const limits: Limits = flags & 0x01 ? { min, max: read() } : { min }
  if (flags & ~0x01) limits.flags = flags
  return limits
}

function readTableType(r: ByteReader): TableType {
  const refType = r.u8('table element type')
  return { refType, limits: readLimits(r) }
}

function readGlobalType(r: ByteReader): GlobalType {
  const type = r.u8('global type')
  const at = r.pos
  const mut = r.u8('global mutability')
  if (mut > 1) r.fail(`invalid global mutability ${mut}`, at)
  return { type, mutable: mut === 1 }
}

function readValTypes(r: ByteReader): number[] {
  const n = r.count('value type')
  const out = new Array<number>(n)
  for (let i = 0; i < n; i++) out[i] = r.u8('value type')
  return out
}

function readTypes(r: ByteReader, m: WasmModule): void {
  const n = r.count('type', 3)
  for (let i = 0; i < n; i++) {
    const at = r.pos
    const form = r.u8('type form')
    if (form !== FUNC_TYPE_FORM) r.fail(`unsupported type form 0x${form.toString(16)}`, at)
    const params = readValTypes(r)
    m.types.push({ params, results: readValTypes(r) })
  }
}

function readImportDesc(r: ByteReader): ImportDesc {
  const at = r.pos
  const kind = r.u8('import kind')
  switch (kind) {
    case ExternalKind.func:
      return { kind, typeIndex: r.u32('type index') }
    case ExternalKind.table:
      return { kind, table: readTableType(r) }
    case ExternalKind.memory:
      return { kind, limits: readLimits(r) }
    case ExternalKind.global:
      return { kind, global: readGlobalType(r) }
    default:
      return r.fail(`unsupported import kind ${kind}`, at)
  }
}

function readImports(r: ByteReader, m: WasmModule): void {
  const n = r.count('import', 4)
  for (let i = 0; i < n; i++) {
    const module = r.name('import module name')
    const name = r.name('import name')
    m.imports.push({ module, name, desc: readImportDesc(r) })
  }
}

function readFunctions(r: ByteReader, m: WasmModule): void {
  const n = r.count('function')
  for (let i = 0; i < n; i++) m.functions.push(r.u32('type index'))
}

function readTables(r: ByteReader, m: WasmModule): void {
  const n = r.count('table', 2)
  for (let i = 0; i < n; i++) m.tables.push(readTableType(r))
}

function readMemories(r: ByteReader, m: WasmModule): void {
  const n = r.count('memory', 2)
  for (let i = 0; i < n; i++) m.memories.push(readLimits(r))
}

function readGlobals(r: ByteReader, m: WasmModule): void {
  const n = r.count('global', 3)
  for (let i = 0; i < n; i++) {
    const type = readGlobalType(r)
    m.globals.push({ type, init: readConstExpr(r, 'global initialiser') })
  }
}

function readExports(r: ByteReader, m: WasmModule): void {
  const n = r.count('export', 3)
  for (let i = 0; i < n; i++) {
    const name = r.name('export name')
    const at = r.pos
    const kind = r.u8('export kind')
    if (kind > ExternalKind.global) r.fail(`unsupported export kind ${kind}`, at)
    m.exports.push({ name, kind: kind as ExternalKind, index: r.u32('export index') })
  }
}

function readElement(r: ByteReader): ElementSegment {
  const at = r.pos
  const flags = r.u32('element segment flags')
  if (flags > 7) r.fail(`invalid element segment flags ${flags}`, at)
  const active = (flags & 0x01) === 0
  const seg: ElementSegment = { flags, table: 0, elemType: flags & 0x04 ? 0x70 : 0x00 }
  if (active && flags & 0x02) seg.table = r.u32('table index')
  if (active) seg.offset = readConstExpr(r, 'element offset')
  // Flags 0 and 4 imply the element type; every other form spells it out.
  if (flags & 0x03) seg.elemType = r.u8('element type')
  const n = r.count('element')
  if (flags & 0x04) {
    seg.exprs = []
    for (let i = 0; i < n; i++) seg.exprs.push(readConstExpr(r, 'element expression'))
  } else {
    seg.funcIndices = new Array<number>(n)
    for (let i = 0; i < n; i++) seg.funcIndices[i] = r.u32('function index')
  }
  return seg
}

function readElements(r: ByteReader, m: WasmModule): void {
  const n = r.count('element segment', 2)
  for (let i = 0; i < n; i++) m.elements.push(readElement(r))
}

function readCodes(r: ByteReader, m: WasmModule): void {
  const n = r.count('function body', 2)
  if (n !== m.functions.length) {
    r.fail(`code section has ${n} bodies but the function section declares ${m.functions.length}`)
  }
  for (let i = 0; i < n; i++) {
    const size = r.u32('function body size')
    m.codes.push(r.bytesView(size, `body of function ${i}`))
  }
}

function readData(r: ByteReader, m: WasmModule): void {
  const n = r.count('data segment', 2)
  for (let i = 0; i < n; i++) {
    const at = r.pos
    const flags = r.u32('data segment flags')
    if (flags > 2) r.fail(`invalid data segment flags ${flags}`, at)
    const seg: DataSegment = { flags, memory: 0, bytes: new Uint8Array(0) }
    if (flags === 2) seg.memory = r.u32('memory index')
    if (flags !== 1) seg.offset = readConstExpr(r, 'data offset')
    seg.bytes = r.bytesView(r.u32('data segment size'), `data segment ${i}`)
    m.data.push(seg)
  }
}

const READERS: Record<number, (r: ByteReader, m: WasmModule) => void> = {
  [SectionId.type]: readTypes,
  [SectionId.import]: readImports,
  [SectionId.function]: readFunctions,
  [SectionId.table]: readTables,
  [SectionId.memory]: readMemories,
  [SectionId.global]: readGlobals,
  [SectionId.export]: readExports,
  [SectionId.start]: (r, m) => void (m.start = r.u32('start function index')),
  [SectionId.element]: readElements,
  [SectionId.dataCount]: (r, m) => void (m.dataCount = r.u32('data count')),
  [SectionId.code]: readCodes,
  [SectionId.data]: readData,
}

function readCustom(r: ByteReader, m: WasmModule, after: SectionId): void {
  const name = r.name('custom section name')
  const bytes = r.bytesView(r.remaining, `custom section ${name}`)
  if (name === 'name' && m.names === undefined) m.names = parseNameSection(bytes)
  m.customSections.push({ name, after, bytes })
}

function checkHeader(bytes: Uint8Array): void {
  if (bytes.length < 8) throw new WasmDecodeError('not a WebAssembly module: shorter than the 8-byte header', 0)
  for (let i = 0; i < 4; i++) {
    if (bytes[i] !== WASM_HEADER[i]) throw new WasmDecodeError('not a WebAssembly module: bad magic number', i)
  }
  for (let i = 4; i < 8; i++) {
    if (bytes[i] !== WASM_HEADER[i]) throw new WasmDecodeError('unsupported WebAssembly binary version', i)
  }
}

/**
 * Parses a WebAssembly binary module.
 *
 * The result holds views into `input` (function bodies, data, custom sections),
 * so do not modify `input` while the module is in use.
 *
 * @example
 * const m = readModule(await fs.readFile('runtime.wasm'))
 * m.codes.length === m.functions.length // true
 * @throws WasmDecodeError naming the problem and its byte offset.
 */
export function readModule(input: Uint8Array | ArrayBuffer): WasmModule {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input)
  checkHeader(bytes)
  const m = emptyModule()
  const r = new ByteReader(bytes, 8)
  let lastRank = -1
  let after: SectionId = SectionId.custom
  while (!r.done) {
    const idAt = r.pos
    const id = r.u8('section id')
    const sizeAt = r.pos
    const size = r.u32('section size')
    if (size > r.remaining) {
      r.fail(`${sectionName(id)} section size ${size} exceeds the ${r.remaining} bytes left`, sizeAt)
    }
    const s = new ByteReader(bytes, r.pos, r.pos + size)
    r.pos += size
    if (id === SectionId.custom) {
      readCustom(s, m, after)
      continue
    }
    const rank = SECTION_ORDER.indexOf(id as SectionId)
    if (rank < 0) r.fail(`unknown section id ${id}`, idAt)
    if (rank <= lastRank) r.fail(`${sectionName(id)} section out of order or repeated`, idAt)
    lastRank = rank
    after = id as SectionId
    READERS[id]!(s, m)
    if (!s.done) s.fail(`${sectionName(id)} section has ${s.remaining} unread bytes at its end`)
  }
  if (m.codes.length !== m.functions.length) {
    r.fail(`function section declares ${m.functions.length} functions but there are ${m.codes.length} bodies`)
  }
  if (m.dataCount !== undefined && m.dataCount !== m.data.length) {
    r.fail(`data count section says ${m.dataCount} segments but there are ${m.data.length}`)
  }
  return m
}
