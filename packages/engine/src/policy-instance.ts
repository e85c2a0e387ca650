import {
  BuiltinError,
  fromJson,
  lightHostBuiltinImpls,
  PURE_HOST_BUILTINS,
  newBuiltinContext,
  toJson,
  parseTermText,
  runtimeDebugImpls,
  toTermText,
  type BuiltinContext,
  type BuiltinImpl,
  isBuiltinDefinition,
  leavesArgumentsUnchanged,
  jsonArgumentsFormOf,
  type BuiltinDefinition,
  type JsonArgumentsImpl,
  type RuntimeHashKey,
  type Value,
} from '@cordon/builtins/core'
import { errorFromAbort, inputJsonText, MissingBuiltinsError, PolicyEvalError } from './errors.js'
import { importedMemoryMinimum } from './memory-import.js'
import { ensureCapacity, readCString, toBytes, writeText } from './memory-text.js'
import { NotPlainJson } from './read-value.js'
import { plainJsonOfTermText } from './json-argument.js'
import { NotDirect, TermReader } from './read-term.js'
import { hasOwn, ownValue } from './own-property.js'
import { VerdictReader } from './read-verdict.js'
import { T_STRING } from './value-layout.js'
import { ValueWriter } from './write-value.js'
import { StableArguments } from './stable-arguments.js'
import { verdictFromResultSet, type ResultSet, type Verdict } from './decision.js'

/**
 * A builtin in the style of `@open-policy-agent/opa-wasm`'s `customBuiltins`:
 * takes and returns plain JSON values; `undefined` means undefined.
 */
export type HostBuiltin = (...args: unknown[]) => unknown

/**
 * Extra builtins: SDK-style JSON functions by Rego name, and/or custom builtins
 * made by `defineBuiltin` (by name in the record, or as a list), which take Rego values.
 */
export type ExtraBuiltins = Readonly<Record<string, HostBuiltin>> | readonly BuiltinDefinition[]

/** Per-evaluation settings. */
export interface EvaluateOptions {
  /** Strict builtin errors: a failing builtin ends the evaluation with its error instead of being undefined. */
  strict?: boolean
  /** The evaluation's clock, in ns since the epoch (default: now). */
  nowNs?: bigint
  /** Where `print` output goes. */
  print?: (message: string) => void
  /** Allow builtins that reach the network. */
  allowNetwork?: boolean
}

/** Options of `PolicyInstance.create` / `createSync`. */
export interface InstanceOptions {
  /**
   * Builtins that take Rego values (sets, any object keys) — Cordon's own host
   * implementations and custom builtins; preferred over `builtins`.
   */
  hostBuiltins?: ReadonlyMap<string, BuiltinImpl>
  /** SDK-style builtins over plain JSON values, by Rego name, and `defineBuiltin` definitions. */
  builtins?: ExtraBuiltins
  /** Initial and maximum memory in 64 KiB pages (default 5 and unlimited). */
  memory?: { initial?: number; maximum?: number }
  /** Where `opa_println` goes (default: nowhere). */
  println?: (message: string) => void
  /**
   * Steps one evaluation may take (Cordon modules: the exported
   * `cordon_fuel_limit`); default the module's own. Positive integer.
   */
  fuel?: number
  /**
   * The key of the module's hash (Cordon modules, `cordon_hash_seed`); default
   * a random one per instance, so no client can forge colliding object keys.
   */
  hashKey?: RuntimeHashKey
}

interface AbiExports {
  memory: WebAssembly.Memory
  opa_malloc(size: number): number
  opa_free?(addr: number): void
  opa_json_parse(addr: number, len: number): number
  opa_value_parse(addr: number, len: number): number
  opa_json_dump(value: number): number
  opa_value_dump(value: number): number
  opa_heap_ptr_get(): number
  opa_heap_ptr_set(addr: number): void
  opa_value_add_path?(base: number, path: number, value: number): number
  opa_value_remove_path?(base: number, path: number): number
  opa_value_free?(value: number): void
  opa_heap_blocks_stash?(): void
  opa_heap_blocks_restore?(): void
  opa_heap_stash_clear?(): void
  builtins(): number
  entrypoints(): number
  opa_eval?(
    reserved: number,
    entrypoint: number,
    data: number,
    input: number,
    len: number,
    heap: number,
    format: number,
  ): number
  /** Cordon's runtime only: opa_eval returning the result set value instead of its text. */
  cordon_eval?(entrypoint: number, data: number, input: number, len: number, heap: number): number
  /** Cordon's runtime only: cordon_eval with an input value the host laid out below `heap`. */
  cordon_eval_value?(entrypoint: number, data: number, input: number, heap: number): number
  opa_null?(): number
  /** Cordon modules: a static array of the module's static string values. */
  cordon_strings?(): number
  /** Cordon modules: keys the instance's hash (before any value is built). */
  cordon_hash_seed?(k0: number, k1: number): void
  /** Cordon modules with rules of data alone: compute their cache for this data / forget it. */
  cordon_warm?(data: number): number
  cordon_cache_clear?(): void
  opa_boolean?(b: number): number
  opa_eval_ctx_new(): number
  opa_eval_ctx_set_input(ctx: number, v: number): void
  opa_eval_ctx_set_data(ctx: number, v: number): void
  opa_eval_ctx_set_entrypoint(ctx: number, e: number): void
  opa_eval_ctx_get_result(ctx: number): number
  eval(ctx: number): number
  /** Cordon's runtime only: strict builtin errors for the runtime's native builtins. */
  cordon_set_strict?(on: number): void
  /** Cordon runtimes: the builtin call site (file name address, row) for strict errors' `file:row: ` prefix. */
  cordon_loc_file?: WebAssembly.Global
  cordon_loc_row?: WebAssembly.Global
  /** Cordon runtimes: how many allocations the runtime's allocator made, and their payload bytes (i64, only grow). */
  cordon_alloc_calls?: WebAssembly.Global
  cordon_alloc_bytes?: WebAssembly.Global
  /** Cordon modules: the fuel each evaluation starts with. */
  cordon_fuel_limit?: WebAssembly.Global
  opa_wasm_abi_version?: WebAssembly.Global | number
  opa_wasm_abi_minor_version?: WebAssembly.Global | number
}

const MEMO_MAX_ENTRIES = 1024
const MEMO_MAX_ENTRY = 2048

const globalValue = (g: WebAssembly.Global | number | undefined): number | undefined =>
  g === undefined ? undefined : typeof g === 'number' ? g : Number(g.value)

/** Data documents of at least this much JSON text are parsed by the runtime, not written by the JS writer. */
const PARSED_DATA_CHARS = 64 * 1024

/**
 * One instance of a policy module in OPA's Wasm ABI, built by Cordon or by
 * `opa build -t wasm`. Evaluations reset the heap to just above the data, so
 * an instance serves any number of them without growing. Not reentrant.
 */
export class PolicyInstance {
  readonly entrypoints: Readonly<Record<string, number>>
  /** The builtins the module asks the host for, by name. */
  readonly hostBuiltins: readonly string[]
  readonly abiMinorVersion: number
  private dataAddr: number
  private dataHeapPtr: number
  private readonly baseHeapPtr: number

  private constructor(
    private readonly exports: AbiExports,
    private readonly memory: WebAssembly.Memory,
    private readonly builtinNames: ReadonlyMap<number, string>,
    private readonly builtinImpls: ReadonlyMap<number, BuiltinImpl>,
    private readonly hashKey: RuntimeHashKey,
  ) {
    this.hostBuiltins = [...builtinNames.values()].sort()
    // Below the heap base lies the module's static data.
    this.reader = new VerdictReader(memory, exports.opa_heap_ptr_get())
    this.terms = new TermReader(memory, (addr) => this.dumpValue(addr))
    // Only Cordon's own implementations of pure builtins: a custom one may not be pure.
    for (const [id, name] of builtinNames)
      if (PURE_HOST_BUILTINS.has(name) && builtinImpls.get(id) === lightHostBuiltinImpls.get(name))
        this.memoizable.add(id)
    // Cordon's runtime hands evaluations no block below their heap's start (each drops the free lists).
    if (exports.cordon_eval_value)
      for (const [id, impl] of builtinImpls) {
        if (leavesArgumentsUnchanged(impl)) this.keepsArguments.add(id)
        const json = jsonArgumentsFormOf(impl)
        if (json) this.jsonForms.set(id, json)
      }
    this.abiMinorVersion = globalValue(exports.opa_wasm_abi_minor_version) ?? 0
    this.dataAddr = this.parseJson('{}')
    this.baseHeapPtr = this.dataHeapPtr = exports.opa_heap_ptr_get()
    // Without a prototype, so no name such as `constructor` or `toString` is found on it.
    this.entrypoints = Object.assign(
      Object.create(null) as Record<string, number>,
      JSON.parse(this.dump(exports.entrypoints())) as Record<string, number>,
    )
  }

  /** Whether the module has this entrypoint (own names only: `constructor` or `__proto__` is not one unless the module says so). */
  hasEntrypoint(name: string): boolean {
    return hasOwn(this.entrypoints, name)
  }

  /** @internal The number of an entrypoint (own names only, as hasEntrypoint), or undefined: the engine's one lookup to check, then evaluate by. */
  entrypointNumber(name: string): number | undefined {
    // Callers ask for the same name decision after decision (the entrypoints never change).
    if (name === this.lastEntrypointName) return this.lastEntrypointNumber
    const id = ownValue(this.entrypoints, name)
    if (id !== undefined) {
      this.lastEntrypointName = name
      this.lastEntrypointNumber = id
    }
    return id
  }

  private lastEntrypointName: string | undefined
  private lastEntrypointNumber = 0

  /** Instantiates a module. Throws PolicyEvalError when the module needs builtins the host lacks. */
  static async create(wasm: BufferSource | WebAssembly.Module, options: InstanceOptions = {}): Promise<PolicyInstance> {
    const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm)
    const wiring = new Wiring(options, minimumPages(wasm))
    return wiring.finish(await WebAssembly.instantiate(module, wiring.imports))
  }

  /** Like `create`, synchronously (not for large modules on a browser main thread). */
  static createSync(wasm: BufferSource | WebAssembly.Module, options: InstanceOptions = {}): PolicyInstance {
    const module = wasm instanceof WebAssembly.Module ? wasm : new WebAssembly.Module(wasm)
    const wiring = new Wiring(options, minimumPages(wasm))
    return wiring.finish(new WebAssembly.Instance(module, wiring.imports))
  }

  /** @internal used by Wiring once the module is instantiated */
  static attach(exports: AbiExports, memory: WebAssembly.Memory, options: InstanceOptions): PolicyInstance {
    const major = globalValue(exports.opa_wasm_abi_version)
    if (major !== undefined && major !== 1)
      throw new PolicyEvalError('engine_error', `unsupported ABI version ${major}`)
    // First, before any value exists: every hash from here on is under this key.
    const hashKey = options.hashKey ?? randomHashKey()
    exports.cordon_hash_seed?.(hashKey[0], hashKey[1])
    if (options.fuel !== undefined) setFuel(exports, options.fuel)
    const table = JSON.parse(readCString(memory, exports.opa_json_dump(exports.builtins()))) as Record<string, number>
    const missing = Object.keys(table).filter((name) => resolveBuiltin(name, options) === undefined)
    if (missing.length > 0) {
      throw new MissingBuiltinsError(missing.sort())
    }
    const impls = new Map(Object.entries(table).map(([name, id]) => [id, resolveBuiltin(name, options)!]))
    return new PolicyInstance(
      exports,
      memory,
      new Map(Object.entries(table).map(([name, id]) => [id, name])),
      impls,
      hashKey,
    )
  }

  /** Bytes of linear memory the instance holds now (it grows, never shrinks). */
  get memoryBytes(): number {
    return this.reader.memoryBytes
  }

  /**
   * Bytes of heap above the data that the last evaluation left in use (its
   * input, the values it built and kept, its result). Blocks it freed and
   * reused are not counted, so this is a floor of what it allocated.
   */
  get evaluationHeapBytes(): number {
    return this.exports.opa_heap_ptr_get() - this.dataHeapPtr
  }

  /**
   * The runtime allocator's counters so far (allocations made and their
   * payload bytes; they only grow, so a difference of two readings is what
   * the evaluations between them allocated, freed or not), or undefined for a
   * module whose runtime does not count.
   */
  get allocatorCounters(): { calls: number; bytes: number } | undefined {
    const { cordon_alloc_calls: calls, cordon_alloc_bytes: bytes } = this.exports
    if (!calls || !bytes) return undefined
    return { calls: Number(calls.value), bytes: Number(bytes.value) }
  }

  /** Replaces the whole data document (JSON text or a plain value). */
  setData(data: unknown): void {
    if (this.stashed) {
      this.exports.opa_heap_stash_clear?.()
      this.stashed = false
    }
    this.exports.cordon_cache_clear?.()
    // The data's memory is rewritten from here on (and read by the warm-up's builtin calls).
    this.resetStableArguments(0)
    this.exports.opa_heap_ptr_set(this.baseHeapPtr)
    const text = typeof data === 'string' ? data : JSON.stringify(data)
    // A large document is parsed from its text by the runtime's parser (Wasm,
    // compiled ahead): the JS writer runs once per load, mostly before V8 has
    // optimised it, and took 4 times as long on 1.8 MB of data. A small one is
    // laid out by the writer, whose strings carry their hash and whose keys
    // point at the module's static strings (see ValueWriter.writeData).
    this.dataAddr =
      (text === undefined || text.length < PARSED_DATA_CHARS ? this.writeData(data) : undefined) ?? this.parseJson(text)
    if (this.canPatchInPlace) {
      // ABI 1.3: keep the data's free blocks out of the evaluations' reach.
      this.exports.opa_heap_blocks_stash!()
      this.stashed = true
    }
    this.dataHeapPtr = this.exports.opa_heap_ptr_get()
    this.warmCache()
    this.reader.setStableEnd(this.dataHeapPtr)
    this.resetStableArguments(this.dataHeapPtr)
  }

  /**
   * Computes the module's data cache (the values of rules of data alone, see
   * packages/wasm/src/codegen/data-cache.ts) for this data, and keeps it below
   * the evaluations' heap. Strict, so a rule that would raise an error is left
   * to the evaluations (which raise it or not, as their mode says); any failure
   * leaves the cache off and the heap as it was.
   */
  private warmCache(): void {
    const e = this.exports
    if (!e.cordon_warm) return
    try {
      this.begin({ strict: true })
      e.cordon_warm(this.dataAddr)
      this.dataHeapPtr = e.opa_heap_ptr_get()
    } catch {
      e.cordon_cache_clear?.()
      e.opa_heap_ptr_set(this.dataHeapPtr)
    }
  }

  /**
   * Whether `patchData` can change the data in place: the module exports ABI
   * 1.3's path and stash calls, and has no data cache (whose values would
   * pile up below the heap with every patch; such data is set anew).
   */
  get canPatchInPlace(): boolean {
    const e = this.exports
    return (
      !e.cordon_warm &&
      !!(
        e.opa_value_add_path &&
        e.opa_value_remove_path &&
        e.opa_value_free &&
        e.opa_heap_blocks_stash &&
        e.opa_heap_blocks_restore &&
        e.opa_heap_stash_clear
      )
    )
  }

  private stashed = false

  /**
   * Sets (or, with `value === undefined`, removes) the value at `path` inside
   * the data document in place, with ABI 1.3's `opa_value_add_path` /
   * `opa_value_remove_path` and the stash protocol of wasm-abi.md §2.3.
   * Returns false when the module lacks those calls or the path does not fit
   * the document (the data is then unchanged and the caller rebuilds it).
   */
  patchData(path: readonly string[], value: unknown): boolean {
    const e = this.exports
    if (!this.canPatchInPlace || path.length === 0 || this.dataAddr === 0) return false
    this.resetStableArguments(0)
    e.opa_heap_ptr_set(this.dataHeapPtr)
    if (this.stashed) e.opa_heap_blocks_restore!()
    const pathAddr = this.parseJson(JSON.stringify(path), true)
    let errc: number
    if (value === undefined) errc = e.opa_value_remove_path!(this.dataAddr, pathAddr)
    else {
      const valueAddr = this.parseJson(JSON.stringify(value), true)
      // add_path overwrites without freeing the value it replaces (OPA's
      // runtime): remove it first, which frees it, so repeated patches of one
      // key reuse its blocks instead of leaking them. A path through a
      // non-object fails both calls alike, leaving the data unchanged.
      e.opa_value_remove_path!(this.dataAddr, pathAddr)
      errc = e.opa_value_add_path!(this.dataAddr, pathAddr, valueAddr)
      if (errc !== 0) e.opa_value_free!(valueAddr)
    }
    e.opa_value_free!(pathAddr)
    e.opa_heap_blocks_stash!()
    this.stashed = true
    this.dataHeapPtr = e.opa_heap_ptr_get()
    this.reader.setStableEnd(this.dataHeapPtr)
    this.resetStableArguments(this.dataHeapPtr)
    return errc === 0
  }

  /**
   * Evaluates an entrypoint and returns the result set as JSON text. `input` is
   * JSON text (Rego term syntax such as set literals is accepted too), or
   * undefined for no input at all. Throws PolicyEvalError on an abort.
   */
  evaluateText(
    input: string | Uint8Array | undefined,
    entrypoint: number | string = 0,
    options: EvaluateOptions = {},
  ): string {
    const id = this.entrypointId(entrypoint)
    const e = this.exports
    this.begin(options)
    if (e.opa_eval && this.abiMinorVersion >= 2) {
      const inputAddr = this.dataHeapPtr
      const len = this.writeInput(input, inputAddr)
      const out = e.opa_eval(0, id, this.dataAddr, input === undefined ? 0 : inputAddr, len, inputAddr + len, 0)
      return readCString(this.memory, out)
    }
    e.opa_heap_ptr_set(this.dataHeapPtr)
    const inputValue = input === undefined ? 0 : this.parseValue(toBytes(input))
    const ctx = e.opa_eval_ctx_new()
    e.opa_eval_ctx_set_input(ctx, inputValue)
    e.opa_eval_ctx_set_data(ctx, this.dataAddr)
    e.opa_eval_ctx_set_entrypoint(ctx, id)
    e.eval(ctx)
    return this.dump(e.opa_eval_ctx_get_result(ctx))
  }

  /**
   * `evaluateText`, parsed. A module built by Cordon hands its result over as
   * a value (`cordon_eval`), read straight out of memory without JSON text;
   * other modules (built by OPA) go through the text.
   */
  evaluateJson(
    input: string | Uint8Array | undefined,
    entrypoint: number | string = 0,
    options: EvaluateOptions = {},
  ): ResultSet {
    const e = this.exports
    if (!e.cordon_eval) return JSON.parse(this.evaluateText(input, entrypoint, options)) as ResultSet
    const id = this.entrypointId(entrypoint)
    this.begin(options)
    const inputAddr = this.dataHeapPtr
    const len = this.writeInput(input, inputAddr)
    return this.readResults(e.cordon_eval(id, this.dataAddr, input === undefined ? 0 : inputAddr, len, inputAddr + len))
  }

  /** The result set at `result`, read from memory, or from its JSON dump when it needs the runtime's order. */
  private readResults(result: number): ResultSet {
    try {
      return this.reader.readResultSet(result)
    } catch (err) {
      if (err instanceof NotPlainJson) return JSON.parse(this.dump(result)) as ResultSet
      throw err
    }
  }

  /** Starts an evaluation: its builtin context (made on first use) and the runtime's strict flag. */
  private begin(options: EvaluateOptions): void {
    this.contextOptions = options
    this.context = undefined
    // Every evaluation forgets the last one's input (the next input text is written at the same address).
    this.inputAddr = 0
    this.inputValue = undefined
    // Native builtins in Cordon's runtime raise OPA's errors only when told to
    // (OPA-built modules lack the export; their builtins are never strict).
    const strict = options.strict ?? false
    if (strict !== this.strict) {
      this.exports.cordon_set_strict?.(strict ? 1 : 0)
      this.strict = strict
    }
  }

  /** Writes the input text at `addr` (above the data); returns its length in bytes. */
  private writeInput(input: string | Uint8Array | undefined, addr: number): number {
    if (input === undefined) return 0
    const len = typeof input === 'string' ? writeText(this.memory, addr, input) : -1
    if (len >= 0) return len
    const bytes = toBytes(input)
    ensureCapacity(this.memory, addr + bytes.length)
    new Uint8Array(this.memory.buffer).set(bytes, addr)
    return bytes.length
  }

  /**
   * Evaluates with a plain JS input value and returns the parsed result set.
   * A module built by Cordon gets plain JSON data laid out in its memory as
   * values (`cordon_eval_value`), with no JSON text either way; anything else
   * goes through JSON text. Throws InputNotJsonError for input that is not
   * JSON data.
   */
  evaluate(input: unknown, entrypoint: number | string = 0, options: EvaluateOptions = {}): ResultSet {
    const result = this.evaluateValue(input, entrypoint, options)
    return result !== 0 ? this.readResults(result) : this.evaluateJson(inputJsonText(input), entrypoint, options)
  }

  /**
   * `evaluate` read straight into the engine's verdict (decision.ts
   * `verdictFromResultSet` of the result set), without the result set in
   * between.
   */
  evaluateVerdict(input: unknown, entrypoint: number | string = 0, options: EvaluateOptions = {}): Verdict {
    const result = this.evaluateValue(input, entrypoint, options)
    if (result === 0) return verdictFromResultSet(this.evaluateJson(inputJsonText(input), entrypoint, options))
    try {
      return this.reader.readVerdict(result)
    } catch (err) {
      if (err instanceof NotPlainJson) return verdictFromResultSet(JSON.parse(this.dump(result)) as ResultSet)
      throw err
    }
  }

  /**
   * Evaluates with the input laid out as values (`cordon_eval_value`) and
   * returns the result set's address; 0 when the module or the input needs
   * the JSON path instead.
   */
  private evaluateValue(input: unknown, entrypoint: number | string, options: EvaluateOptions): number {
    const e = this.exports
    if (!e.cordon_eval_value || input === undefined) return 0
    const id = this.entrypointId(entrypoint)
    const written = this.valueWriter()!.write(input, this.dataHeapPtr)
    if (!written) return 0
    this.begin(options)
    if (this.writer!.exact) {
      this.inputAddr = written.addr
      this.inputValue = input
    }
    const result = e.cordon_eval_value(id, this.dataAddr, written.addr, written.end)
    // Hold no reference to the caller's input past its evaluation (after a trap, the next begin lets go).
    this.inputAddr = 0
    this.inputValue = undefined
    return result
  }

  private writer: ValueWriter | undefined

  /** The writer of values in this module's layout; undefined for modules not built by Cordon. */
  private valueWriter(): ValueWriter | undefined {
    const e = this.exports
    if (!e.cordon_eval_value) return undefined
    return (this.writer ??= new ValueWriter(
      this.memory,
      { null: e.opa_null!(), false: e.opa_boolean!(0), true: e.opa_boolean!(1) },
      this.staticStrings(),
      this.hashKey,
    ))
  }

  /**
   * Lays the data document out as values from the heap's start (Cordon's
   * modules; see ValueWriter.writeData) and moves the heap past it. Undefined
   * when the JSON text path must do it: another module, data given as text,
   * data that is not plain JSON.
   */
  private writeData(data: unknown): number | undefined {
    const writer = typeof data === 'string' ? undefined : this.valueWriter()
    const start = (this.exports.opa_heap_ptr_get() + 7) & ~7
    const written = writer?.writeData(data, start)
    if (!written) return undefined
    this.exports.opa_heap_ptr_set(written.end)
    return written.addr
  }

  /** The module's static string values by text (`cordon_strings`), for the writer to point at. */
  private staticStrings(): Map<string, number> {
    const out = new Map<string, number>()
    const table = this.exports.cordon_strings?.()
    if (!table) return out
    const view = new DataView(this.memory.buffer)
    const n = view.getUint32(table + 4, true)
    const elems = view.getUint32(table + 12, true)
    for (let i = 0; i < n; i++) {
      const v = view.getUint32(elems + 4 * i, true)
      // The writer takes their hash from the string (byte 1 set, the hash at offset 12).
      if (view.getUint8(v) === T_STRING && view.getUint8(v + 1) === 1) out.set(this.reader.read(v) as string, v)
    }
    return out
  }

  /** The evaluation's builtin context, made when a host builtin first needs it. */
  private context: BuiltinContext | undefined
  private contextOptions: EvaluateOptions = {}
  /** The runtime's strict flag as last set (undefined: not set by this host yet). */
  private strict: boolean | undefined
  private readonly reader: VerdictReader

  /**
   * @internal the dispatcher behind `opa_builtinN`. Arguments are read from
   * memory into Values (TermReader; term text when it cannot read one
   * exactly, and for memoized builtins, whose memo is keyed by that text);
   * results go back as Rego term text, so sets and non-string keys survive.
   * A BuiltinError ends a strict
   * evaluation with its code; otherwise the call is undefined, as in OPA.
   */
  callBuiltin(id: number, args: number[]): number {
    const impl = this.builtinImpls.get(id)
    if (impl === undefined) throw new PolicyEvalError('engine_error', `the module called unknown builtin id ${id}`)
    // Pure builtins (time.parse_rfc3339_ns of data's effective_from, sprintf of
    // reasons) see the same small arguments decision after decision: their
    // result's term text is memoized by argument text. Errors are never memoized.
    let key: string | undefined
    let texts: string[] | undefined
    if (this.memoizable.has(id)) {
      texts = args.map((a) => this.dumpValue(a))
      key = `${id}\u0000${texts.join('\u0000')}`
      const hit = this.memo.get(key)
      if (hit !== undefined) return this.parseValue(hit)
    }
    let result
    try {
      const context = (this.context ??= newBuiltinContext(this.contextOptions))
      const json = texts ? undefined : this.jsonArguments(id, args)
      if (json) result = this.jsonForms.get(id)!(json, context)
      else {
        const values = texts
          ? texts.map(parseTermText)
          : this.keepsArguments.has(id)
            ? args.map((a) => this.stableArguments.read(a, this.readArgumentAt))
            : args.map((a) => this.readArgument(a))
        result = impl(values, context)
      }
    } catch (err) {
      // Conflicts are errors in any mode; other builtin failures only when strict.
      const conflict = err instanceof BuiltinError && err.code === 'eval_conflict_error'
      if (!this.strict && !conflict) return 0
      // OPA prefixes builtin errors with the call's `file:row: ` (Cordon modules record it, see callSite).
      const at = this.callSite()
      if (err instanceof BuiltinError) throw new PolicyEvalError(err.code, at + err.message)
      const name = this.builtinNames.get(id)
      throw new PolicyEvalError(
        'eval_builtin_error',
        `${at}${name}: ${err instanceof Error ? err.message : String(err)}`,
      )
    }
    if (result === undefined) return 0
    const bytes = toBytes(toTermText(result))
    if (key !== undefined && key.length + bytes.length <= MEMO_MAX_ENTRY) {
      if (this.memo.size >= MEMO_MAX_ENTRIES) this.memo.clear()
      this.memo.set(key, bytes)
    }
    return this.parseValue(bytes)
  }

  private readArgument(addr: number): Value {
    try {
      return this.terms.read(addr)
    } catch (err) {
      if (err instanceof NotDirect) return parseTermText(this.dumpValue(addr))
      throw err
    }
  }

  private readonly terms: TermReader
  private readonly readArgumentAt = (addr: number): Value => this.readArgument(addr)

  /**
   * The arguments as plain JSON for a builtin with a plain JSON form
   * (json-argument.ts), or undefined when it has none or an argument
   * is not plain JSON (the Value form is called then).
   */
  private jsonArguments(id: number, args: number[]): unknown[] | undefined {
    if (!this.jsonForms.has(id)) return undefined
    try {
      return this.keepsArguments.has(id)
        ? args.map((a) => this.stableJson.read(a, this.readJsonAt))
        : args.map(this.readJsonAt)
    } catch (err) {
      if (err instanceof NotPlainJson) return undefined
      throw err
    }
  }

  /** The plain JSON forms of the host builtins that have one, by id (Cordon modules). */
  private readonly jsonForms = new Map<number, JsonArgumentsImpl>()
  private readonly readJsonAt = (addr: number): unknown => this.readJsonArgument(addr)

  /**
   * The plain JSON of the value at `addr`; throws NotPlainJson. The
   * evaluation's input itself when `addr` is the input the engine wrote from
   * a JS value that it wrote exactly (no text, no parse: a 1.5 MB input took
   * a tenth of an mtbls decision that way).
   */
  private readJsonArgument(addr: number): unknown {
    if (addr === this.inputAddr && addr !== 0) return this.inputValue
    return plainJsonOfTermText(this.dumpValue(addr))
  }

  /** The address of this evaluation's input and the JS value it was written from exactly (0: none). */
  private inputAddr = 0
  private inputValue: unknown

  /** Ids of the host builtins that leave their arguments unchanged, and their arguments kept from the data. */
  private readonly keepsArguments = new Set<number>()
  private readonly stableArguments = new StableArguments<Value>()
  private readonly stableJson = new StableArguments<unknown>()

  /** Forgets the arguments kept from the data; memory below `end` is stable from now on (0: none). */
  private resetStableArguments(end: number): void {
    this.stableArguments.reset(end)
    this.stableJson.reset(end)
  }

  /** Ids of the host builtins whose results are memoized, and the memo (argument text → result term text). */
  private readonly memoizable = new Set<number>()
  private readonly memo = new Map<string, Uint8Array>()

  /** `file:row: ` of the builtin call being made, from the runtime's call-site globals ('' when unknown). */
  private callSite(): string {
    const file = globalValue(this.exports.cordon_loc_file)
    if (!file) return ''
    return `${readCString(this.memory, file)}:${globalValue(this.exports.cordon_loc_row) ?? 0}: `
  }

  private entrypointId(entrypoint: number | string): number {
    if (typeof entrypoint === 'number') return entrypoint
    const id = ownValue(this.entrypoints, entrypoint)
    if (id === undefined) throw new PolicyEvalError('engine_error', `entrypoint ${entrypoint} is not in this module`)
    return id
  }

  /**
   * Parses JSON text into a value. `freeText`: free the text's buffer after
   * (the data patches, which live below the evaluations' heap: each patch's
   * text would otherwise stay there for good).
   */
  private parseJson(text: string, freeText = false): number {
    return this.parse(toBytes(text), (a, n) => this.exports.opa_json_parse(a, n), freeText)
  }

  private parseValue(bytes: Uint8Array): number {
    return this.parse(bytes, (a, n) => this.exports.opa_value_parse(a, n))
  }

  private parse(bytes: Uint8Array, parser: (addr: number, len: number) => number, freeText = false): number {
    const addr = this.exports.opa_malloc(bytes.length)
    new Uint8Array(this.memory.buffer).set(bytes, addr)
    const value = parser(addr, bytes.length)
    if (freeText) this.exports.opa_free?.(addr)
    if (value === 0) throw new PolicyEvalError('engine_error', 'failed to parse JSON value')
    return value
  }

  private dump(value: number): string {
    return readCString(this.memory, this.exports.opa_json_dump(value))
  }

  private dumpValue(value: number): string {
    return readCString(this.memory, this.exports.opa_value_dump(value))
  }
}

/**
 * The import object of one instantiation. Imports are made before the
 * instance exists, so builtin calls reach it through this holder.
 */
class Wiring {
  readonly imports: WebAssembly.Imports
  private readonly memory: WebAssembly.Memory
  private instance?: PolicyInstance

  constructor(
    private readonly options: InstanceOptions,
    modulePages: number | undefined,
  ) {
    // A module with much static data declares a larger minimum than the default.
    const initial = Math.max(options.memory?.initial ?? 5, modulePages ?? 0)
    const memory = (this.memory = new WebAssembly.Memory({ initial, maximum: options.memory?.maximum }))
    const call = (id: number, args: number[]) => {
      if (!this.instance) throw new PolicyEvalError('engine_error', 'a builtin was called during instantiation')
      return this.instance.callBuiltin(id, args)
    }
    this.imports = {
      env: {
        memory,
        opa_abort: (addr: number) => {
          throw errorFromAbort(readCString(memory, addr))
        },
        opa_println: (addr: number) => options.println?.(readCString(memory, addr)),
        opa_builtin0: (id: number) => call(id, []),
        opa_builtin1: (id: number, _ctx: number, a: number) => call(id, [a]),
        opa_builtin2: (id: number, _ctx: number, a: number, b: number) => call(id, [a, b]),
        opa_builtin3: (id: number, _ctx: number, a: number, b: number, c: number) => call(id, [a, b, c]),
        opa_builtin4: (id: number, _ctx: number, a: number, b: number, c: number, d: number) => call(id, [a, b, c, d]),
      },
    }
  }

  finish(instance: WebAssembly.Instance): PolicyInstance {
    const exports = instance.exports as unknown as AbiExports
    this.instance = PolicyInstance.attach(exports, this.memory, this.options)
    return this.instance
  }
}

// `print` compiles to `internal.print`; every host serves it, sending lines to the print option.
const alwaysProvided: Readonly<Record<string, BuiltinImpl | undefined>> = {
  'internal.print': runtimeDebugImpls['internal.print'],
}

/** Sets a Cordon module's fuel limit (an i32: larger budgets are clamped); other modules have none. */
function setFuel(exports: AbiExports, fuel: number): void {
  if (!Number.isInteger(fuel) || fuel < 1)
    throw new PolicyEvalError('engine_error', `fuel must be a positive integer, got ${fuel}`)
  if (exports.cordon_fuel_limit instanceof WebAssembly.Global)
    exports.cordon_fuel_limit.value = Math.min(fuel, 0x7fffffff)
}

function randomHashKey(): RuntimeHashKey {
  const [k0, k1] = crypto.getRandomValues(new Uint32Array(2))
  return [k0!, k1!]
}

/** The memory minimum the module declares, when its bytes are at hand (a compiled Module hides it). */
function minimumPages(wasm: BufferSource | WebAssembly.Module): number | undefined {
  if (wasm instanceof WebAssembly.Module) return undefined
  const bytes =
    wasm instanceof Uint8Array
      ? wasm
      : ArrayBuffer.isView(wasm)
        ? new Uint8Array(wasm.buffer, wasm.byteOffset, wasm.byteLength)
        : new Uint8Array(wasm)
  return importedMemoryMinimum(bytes)
}

/**
 * The implementation for a builtin name: a `defineBuiltin` definition from
 * `builtins` (it wins, so `override: true` definitions replace Cordon's), a
 * value-level one, or an SDK-style JSON one adapted.
 */
function resolveBuiltin(name: string, options: InstanceOptions): BuiltinImpl | undefined {
  const extra = options.builtins
  // The name comes from the module: only own names count (a module asking for `toString` gets nothing).
  const given = Array.isArray(extra)
    ? extra.find((d) => d.name === name)
    : extra
      ? ownValue(extra as Readonly<Record<string, HostBuiltin>>, name)
      : undefined
  if (isBuiltinDefinition(given)) return given
  const native = options.hostBuiltins?.get(name) ?? ownValue(alwaysProvided, name)
  if (native) return native
  const json = given
  if (typeof json !== 'function') return undefined
  return (args) => {
    const result = json(...args.map(toJson))
    // The decision path is synchronous: a Promise cannot be awaited (issue 9).
    if (typeof (result as { then?: unknown } | null)?.then === 'function') {
      ;(result as Promise<unknown>).then(undefined, () => {})
      throw new BuiltinError(
        'eval_builtin_error',
        `${name}: returned a Promise, but builtins must be synchronous (the decision path cannot await)`,
      )
    }
    return result === undefined ? undefined : fromJson(result)
  }
}
