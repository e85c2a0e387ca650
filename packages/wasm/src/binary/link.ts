/**
 * `ModuleLinker`: turns a prebuilt base module (the runtime library) plus a
 * policy's generated code into one module, without decoding any of the base's
 * function bodies.
 *
 * The base is read once per process and shared: a linker works on shallow
 * copies of its section arrays and replaces (never mutates) the entries it
 * changes, so any number of linkers can start from the same `WasmModule`.
 * New functions get indices after the imported and existing functions, data
 * goes after the existing static data, table entries after the existing ones.
 */
import { i32ConstExpr } from './const-expr.js'
import { FunctionBuilder } from './instructions.js'
import { funcTableSize, PAGE_SIZE, raiseMemoryMinimum, setFuncTableMinimum, staticDataEnd } from './layout.js'
import { readModule } from './reader.js'
import { ExternalKind, importCount, ValType, type FuncType, type NameSection, type WasmModule } from './types.js'
import { writeModule } from './writer.js'

/** Options of {@link ModuleLinker}. */
export interface LinkerOptions {
  /** Lowest address `addData` hands out, so no datum sits at the null pointer 0. Default 8. */
  minDataAddress?: number
  /** Drop the `name` section instead of keeping it up to date. Default false. */
  dropNames?: boolean
}

const alignUp = (n: number, a: number) => Math.ceil(n / a) * a
const typeKey = (params: readonly number[], results: readonly number[]) => `${params.join(',')}>${results.join(',')}`

/** The body bytes of a builder or raw body. */
function bodyBytes(body: Uint8Array | FunctionBuilder): Uint8Array {
  return body instanceof FunctionBuilder ? body.finish() : body
}

/** Links generated code into a base module. See the module comment. */
export class ModuleLinker {
  private readonly m: WasmModule
  private readonly importedFuncs: number
  private readonly importedGlobals: number
  private typeIndices?: Map<string, number>
  private namesOwned = false
  private byName?: Map<string, number>
  private readonly minDataAddress: number
  private dataStartCache?: number
  private dataCursor = -1
  private readonly dataChunks: Uint8Array[] = []
  private tableStart?: number
  private readonly tableEntries: number[] = []

  /**
   * @param base a parsed module (shared, never modified) or its bytes
   * @throws WasmDecodeError when `base` is bytes that do not parse.
   */
  constructor(base: WasmModule | Uint8Array, options: LinkerOptions = {}) {
    const b = base instanceof Uint8Array ? readModule(base) : base
    const keepNames = !options.dropNames && b.names !== undefined
    this.m = {
      ...b,
      types: [...b.types],
      imports: [...b.imports],
      functions: [...b.functions],
      tables: [...b.tables],
      memories: [...b.memories],
      globals: [...b.globals],
      exports: [...b.exports],
      elements: [...b.elements],
      codes: [...b.codes],
      data: [...b.data],
      names: keepNames ? b.names : undefined,
      // A `name` section that did not parse cannot be kept in step: drop it.
      customSections: b.customSections.filter((c) => c.name !== 'name' || keepNames),
    }
    this.importedFuncs = importCount(b, ExternalKind.func)
    this.importedGlobals = importCount(b, ExternalKind.global)
    this.minDataAddress = options.minDataAddress ?? 8
  }

  /** Where added data starts: after the base's data, computed on first use. */
  private get dataStart(): number {
    if (this.dataStartCache === undefined) {
      this.dataStartCache = alignUp(Math.max(staticDataEnd(this.m), this.minDataAddress), 8)
      this.dataCursor = this.dataStartCache
    }
    return this.dataStartCache
  }

  /** Number of functions (imported + defined) so far; the next new function gets this index. */
  get functionCount(): number {
    return this.importedFuncs + this.m.functions.length
  }

  /**
   * First address past all static data, including what `addData` added.
   * @throws Error when a data segment of the base has a non-constant offset.
   */
  get dataEnd(): number {
    return Math.max(this.dataStart, this.dataCursor)
  }

  /** The index of a function type, added if no equal type exists yet. */
  addType(params: readonly ValType[], results: readonly ValType[]): number {
    if (!this.typeIndices) {
      this.typeIndices = new Map()
      // Iterate backwards so that the first of equal types wins.
      for (let i = this.m.types.length - 1; i >= 0; i--) {
        const t = this.m.types[i]!
        this.typeIndices.set(typeKey(t.params, t.results), i)
      }
    }
    const key = typeKey(params, results)
    let index = this.typeIndices.get(key)
    if (index === undefined) {
      index = this.m.types.push({ params: [...params], results: [...results] }) - 1
      this.typeIndices.set(key, index)
    }
    return index
  }

  /** The signature of function `funcIndex` (imported or defined). */
  functionType(funcIndex: number): FuncType {
    const typeIndex =
      funcIndex < this.importedFuncs ? this.importedTypeIndex(funcIndex) : this.definedTypeIndex(funcIndex)
    return this.m.types[typeIndex]!
  }

  private importedTypeIndex(funcIndex: number): number {
    let n = 0
    for (const imp of this.m.imports) {
      if (imp.desc.kind === ExternalKind.func && n++ === funcIndex) return imp.desc.typeIndex
    }
    throw new RangeError(`no imported function ${funcIndex}`)
  }

  private definedTypeIndex(funcIndex: number): number {
    const i = funcIndex - this.importedFuncs
    if (!Number.isInteger(i) || i < 0 || i >= this.m.functions.length) {
      throw new RangeError(`function index ${funcIndex} out of range 0..${this.functionCount - 1}`)
    }
    return this.m.functions[i]!
  }

  private names(): NameSection | undefined {
    const n = this.m.names
    if (!n || this.namesOwned) return n
    this.namesOwned = true
    this.m.names = { ...n, functions: new Map(n.functions), locals: new Map(n.locals) }
    return this.m.names
  }

  /**
   * Appends a function and returns its index.
   * @param type a type index, or a signature (deduplicated through `addType`)
   * @param body raw body bytes or a builder (finished here)
   * @param name recorded in the name section when the module has one
   */
  addFunction(type: number | FuncType, body: Uint8Array | FunctionBuilder, name?: string): number {
    const typeIndex = typeof type === 'number' ? type : this.addType(type.params, type.results)
    if (!(typeIndex >= 0 && typeIndex < this.m.types.length)) {
      throw new RangeError(`type index ${typeIndex} out of range 0..${this.m.types.length - 1}`)
    }
    this.m.functions.push(typeIndex)
    this.m.codes.push(bodyBytes(body))
    const index = this.functionCount - 1
    if (name !== undefined && this.m.names) {
      this.names()!.functions.set(index, name)
      if (this.byName && !this.byName.has(name)) this.byName.set(name, index)
    }
    return index
  }

  /**
   * Replaces the body of a defined function (e.g. a runtime placeholder).
   * @throws RangeError for an imported or unknown function; Error when a
   * builder's signature differs from the function's.
   */
  replaceBody(funcIndex: number, body: Uint8Array | FunctionBuilder): void {
    const typeIndex = this.definedTypeIndex(funcIndex)
    if (body instanceof FunctionBuilder) {
      const want = this.m.types[typeIndex]!
      const got = body.type
      if (typeKey(got.params, got.results) !== typeKey(want.params, want.results)) {
        throw new Error(`replaceBody(${funcIndex}): builder signature differs from the function's type`)
      }
    }
    this.m.codes[funcIndex - this.importedFuncs] = bodyBytes(body)
    // The old local names no longer describe the new body.
    if (this.m.names?.locals.has(funcIndex)) this.names()!.locals.delete(funcIndex)
  }

  /**
   * Makes `funcIndex` (of type `[] → []`) the start function, which runs on
   * instantiation.
   * @throws Error when the module has a start function already.
   */
  setStart(funcIndex: number): void {
    if (this.m.start !== undefined) throw new Error(`the module has a start function already (${this.m.start})`)
    this.m.start = funcIndex
  }

  /** Adds an export, replacing an existing export of the same name. */
  addExport(name: string, kind: ExternalKind, index: number): void {
    const i = this.m.exports.findIndex((e) => e.name === name)
    const entry = { name, kind, index }
    if (i >= 0) this.m.exports[i] = entry
    else this.m.exports.push(entry)
  }

  /** Appends a global and returns its index. `init` is an i32 value or a raw constant expression. */
  addGlobal(type: ValType, mutable: boolean, init: number | Uint8Array): number {
    const expr = typeof init === 'number' ? i32ConstExpr(init) : init
    this.m.globals.push({ type: { type, mutable }, init: expr })
    return this.importedGlobals + this.m.globals.length - 1
  }

  /**
   * Sets the initial value of a defined i32 global, e.g. the heap base.
   * @throws RangeError for an imported, unknown or non-i32 global.
   */
  setGlobalInit(globalIndex: number, value: number): void {
    const i = globalIndex - this.importedGlobals
    const g = this.m.globals[i]
    if (!g) throw new RangeError(`global ${globalIndex} is imported or does not exist`)
    if (g.type.type !== ValType.i32) throw new RangeError(`global ${globalIndex} is not an i32`)
    this.m.globals[i] = { type: g.type, init: i32ConstExpr(value) }
  }

  /**
   * Places `bytes` in static memory after all data so far and returns its
   * address (a multiple of `align`, default 8). Consecutive calls share one
   * active data segment. Raises the memory's declared minimum (for an imported
   * memory, the import's) to cover the new data. `bytes` is not copied: leave
   * it unchanged until `emit`.
   * @throws Error when the memory's maximum is too small, there is no memory,
   * or a data segment of the base has a non-constant offset.
   */
  addData(bytes: Uint8Array, align = 8): number {
    void this.dataStart // fixes the start (and the cursor) on first use
    const address = alignUp(this.dataCursor, align)
    if (address > this.dataCursor) this.dataChunks.push(new Uint8Array(address - this.dataCursor))
    this.dataChunks.push(bytes)
    this.dataCursor = address + bytes.length
    raiseMemoryMinimum(this.m, Math.ceil(this.dataCursor / PAGE_SIZE))
    return address
  }

  /** The first address `addData` hands out: where the one segment of added data starts. */
  get addedDataAddress(): number {
    return this.dataStart
  }

  /** A copy of all that `addData` has placed so far, from the first address it handed out. */
  addedData(): { address: number; bytes: Uint8Array } {
    return { address: this.dataStart, bytes: this.joinedData() }
  }

  /**
   * Replaces all that `addData` has placed so far by `bytes` at `address` (at
   * or after the first address it handed out): the memory before stays
   * reserved, and reads as zero (e.g. for a start function to fill in).
   * @throws RangeError when `address` lies before the added data.
   */
  replaceAddedData(address: number, bytes: Uint8Array): void {
    if (address < this.dataStart)
      throw new RangeError(`address ${address} lies before the added data (${this.dataStart})`)
    this.dataChunks.length = 0
    this.dataChunks.push(new Uint8Array(address - this.dataStart), bytes)
    this.dataCursor = address + bytes.length
    raiseMemoryMinimum(this.m, Math.ceil(this.dataCursor / PAGE_SIZE))
  }

  /**
   * Appends functions to table 0 for `call_indirect` and returns the slot of
   * the first. Creates a funcref table when the module has none; grows the
   * table's limits otherwise. Consecutive calls share one element segment.
   */
  addTableEntries(funcIndices: readonly number[]): number {
    this.tableStart ??= funcTableSize(this.m)
    const first = this.tableStart + this.tableEntries.length
    this.tableEntries.push(...funcIndices)
    setFuncTableMinimum(this.m, this.tableStart + this.tableEntries.length)
    return first
  }

  /** The index of the function exported as `name`, or undefined. */
  funcIndexByExport(name: string): number | undefined {
    const e = this.m.exports.find((x) => x.name === name && x.kind === ExternalKind.func)
    return e?.index
  }

  /** The index of the function called `name` in the name section (first match), or undefined. */
  funcIndexByName(name: string): number | undefined {
    if (!this.byName) {
      this.byName = new Map()
      for (const [index, n] of this.m.names?.functions ?? []) {
        if (!this.byName.has(n)) this.byName.set(n, index)
      }
    }
    return this.byName.get(name)
  }

  /**
   * The linked module as a structure: a snapshot whose arrays are copies, so
   * the linker can keep going without changing it.
   */
  toModule(): WasmModule {
    const m = this.m
    return this.finalize({
      ...m,
      types: [...m.types],
      imports: [...m.imports],
      functions: [...m.functions],
      tables: [...m.tables],
      memories: [...m.memories],
      globals: [...m.globals],
      exports: [...m.exports],
      codes: [...m.codes],
    })
  }

  /** Writes the linked module. */
  emit(): Uint8Array<ArrayBuffer> {
    // No copies needed here: the module is written before anything can change it.
    return writeModule(this.finalize({ ...this.m }))
  }

  private joinedData(): Uint8Array {
    const bytes = new Uint8Array(Math.max(0, this.dataCursor - this.dataStart))
    let p = 0
    for (const c of this.dataChunks) {
      bytes.set(c, p)
      p += c.length
    }
    return bytes
  }

  /** Adds the pending data and element segments to a shallow copy of the module. */
  private finalize(m: WasmModule): WasmModule {
    m.data = [...m.data]
    m.elements = [...m.elements]
    if (this.dataChunks.length > 0) {
      m.data.push({ flags: 0, memory: 0, offset: i32ConstExpr(this.dataStart), bytes: this.joinedData() })
    }
    if (this.tableEntries.length > 0) {
      const offset = i32ConstExpr(this.tableStart!)
      m.elements.push({ flags: 0, table: 0, offset, elemType: 0, funcIndices: [...this.tableEntries] })
    }
    return m
  }
}
