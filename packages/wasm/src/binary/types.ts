/**
 * The data model of a WebAssembly module as the toolkit reads and writes it.
 *
 * Sections become plain structures; function bodies, constant expressions and
 * unknown custom sections stay raw bytes, so that reading a large prebuilt
 * module and writing it back costs little more than copying it. Indices follow
 * the spec: function, table, memory and global index spaces start with the
 * imports of that kind, then the module's own definitions.
 */

/** Value type codes (one byte each in the binary format). */
export const ValType = {
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  v128: 0x7b,
  funcref: 0x70,
  externref: 0x6f,
} as const
/** A value type byte; see {@link ValType}. */
export type ValType = number

/** Reference type codes, the element types of tables. */
export const RefType = { funcref: 0x70, externref: 0x6f } as const

/** The block type byte for a block without results. */
export const EMPTY_BLOCK_TYPE = 0x40
/** The form byte that starts a function type in the type section. */
export const FUNC_TYPE_FORM = 0x60

/** Section ids. Custom sections may appear between any two others. */
export const SectionId = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12,
} as const
export type SectionId = (typeof SectionId)[keyof typeof SectionId]

/**
 * The order non-custom sections must appear in. Note that the data count
 * section (12) sits between the element (9) and code (10) sections.
 */
export const SECTION_ORDER: readonly SectionId[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11]

/** Kinds of imports and exports. */
export const ExternalKind = { func: 0, table: 1, memory: 2, global: 3 } as const
export type ExternalKind = (typeof ExternalKind)[keyof typeof ExternalKind]

/** A function signature. */
export interface FuncType {
  params: ValType[]
  results: ValType[]
}

/**
 * Size limits of a memory (in 64 KiB pages) or a table (in elements).
 * `flags` keeps the binary flag byte: bit 0 = has max, bit 1 = shared,
 * bit 2 = 64-bit addresses. Writers recompute bit 0 from `max`.
 */
export interface Limits {
  min: number
  max?: number
  flags?: number
}

/** A table: its element reference type and size limits. */
export interface TableType {
  refType: number
  limits: Limits
}

/** A global's value type and mutability. */
export interface GlobalType {
  type: ValType
  mutable: boolean
}

/** What an import brings in, by kind. */
export type ImportDesc =
  | { kind: typeof ExternalKind.func; typeIndex: number }
  | { kind: typeof ExternalKind.table; table: TableType }
  | { kind: typeof ExternalKind.memory; limits: Limits }
  | { kind: typeof ExternalKind.global; global: GlobalType }

/** One entry of the import section. */
export interface Import {
  module: string
  name: string
  desc: ImportDesc
}

/** One entry of the export section. */
export interface Export {
  name: string
  kind: ExternalKind
  index: number
}

/**
 * A defined global. `init` is the raw constant expression including its final
 * `end` byte (e.g. `41 80 08 0b` for `i32.const 1024`).
 */
export interface Global {
  type: GlobalType
  init: Uint8Array
}

/**
 * An element segment. `flags` is the segment's flag byte (0–7) and decides the
 * encoding: bit 0 = passive or declarative, bit 1 = explicit table index (active)
 * or declarative (non-active), bit 2 = elements are expressions. `elemType` is
 * the elemkind byte (0x00) for flags 0–3 and a reference type for 4–7; flags 0
 * and 4 imply funcref and table 0. Exactly one of `funcIndices` (flags 0–3) and
 * `exprs` (flags 4–7, each a raw constant expression with its `end`) is set.
 */
export interface ElementSegment {
  flags: number
  table: number
  offset?: Uint8Array
  elemType: number
  funcIndices?: number[]
  exprs?: Uint8Array[]
}

/**
 * A data segment. `flags`: 0 = active in memory 0, 1 = passive, 2 = active with
 * an explicit memory index. `offset` is the raw constant expression of an
 * active segment, with its `end` byte.
 */
export interface DataSegment {
  flags: number
  memory: number
  offset?: Uint8Array
  bytes: Uint8Array
}

/**
 * The `name` custom section, decoded as far as a linker needs: the module
 * name, function names and local names. Other subsections (labels, types,
 * globals …) are kept as raw `[id, bytes]` pairs in their original order.
 */
export interface NameSection {
  moduleName?: string
  functions: Map<number, string>
  locals: Map<number, Map<number, string>>
  other: Array<[id: number, bytes: Uint8Array]>
}

/**
 * A custom section, kept as raw bytes (its content after the name). `after`
 * is the id of the non-custom section it followed (0 when it came first), so
 * the writer puts it back in the same place. A custom section named `name`
 * stands for the module's {@link NameSection} when `WasmModule.names` is set:
 * the writer encodes that structure there instead of `bytes`.
 */
export interface CustomSection {
  name: string
  after: SectionId
  bytes: Uint8Array
}

/**
 * A whole module. `functions[i]` is the type index of defined function `i` and
 * `codes[i]` its body: the raw bytes after the body size (local declarations
 * followed by the expression and its final `end`). Function index of defined
 * function `i` = number of imported functions + `i`.
 */
export interface WasmModule {
  types: FuncType[]
  imports: Import[]
  functions: number[]
  tables: TableType[]
  memories: Limits[]
  globals: Global[]
  exports: Export[]
  start?: number
  elements: ElementSegment[]
  /** Present when the module had a data count section; the writer keeps it equal to `data.length`. */
  dataCount?: number
  codes: Uint8Array[]
  data: DataSegment[]
  names?: NameSection
  customSections: CustomSection[]
}

/** An empty module, the starting point for building one from scratch. */
export function emptyModule(): WasmModule {
  return {
    types: [],
    imports: [],
    functions: [],
    tables: [],
    memories: [],
    globals: [],
    exports: [],
    elements: [],
    codes: [],
    data: [],
    customSections: [],
  }
}

/** Number of imports of the given kind (the first index of that kind's own definitions). */
export function importCount(module: WasmModule, kind: ExternalKind): number {
  let n = 0
  for (const imp of module.imports) if (imp.desc.kind === kind) n++
  return n
}
