/**
 * The state shared while generating one module (`ModuleCtx`) and the emitter
 * of one generated function (`FnEmitter`): its builder, its locals, and the
 * stack of labels of the IR blocks it is inside, so that "the statement
 * fails" and `Break n` become branches to the right Wasm block however many
 * helper blocks (scan loops, `not`, `with`) sit in between.
 */
import { FunctionBuilder, ValType, type ModuleLinker } from '../binary/index.js'
import type { Block, ConstValue, Func, Local, Operand, Policy, StmtLocation } from '@cordon/rego'
import type { BuiltinPlan } from './builtin-map.js'
import { FUEL_EXHAUSTED, type Fuel } from './fuel.js'
import { LocalMap } from './locals.js'
import { abortAtHelper } from './abort-at.js'
import type { StaticData } from './strings.js'
import type { ConstValues } from './const-values.js'
import type { SharedCode } from './shared-code.js'

/** Value type tags of the runtime (VALUES.md). */
export const T = { null: 1, boolean: 2, number: 3, string: 4, array: 5, object: 6, set: 7 } as const

/** Imported functions of the runtime module, by index. */
export interface Imports {
  abort: number
  /** `opa_builtin0` … `opa_builtin4` */
  builtin: number[]
}

export interface ModuleCtx {
  linker: ModuleLinker
  data: StaticData
  /** Addresses of the policy's constant values (`value` operands). */
  values: ConstValues
  policy: Policy
  imports: Imports
  builtins: BuiltinPlan
  /** IR func name → its declaration and Wasm function index. */
  funcs: Map<string, { func: Func; index: number }>
  /**
   * Memoised funcs: name → slot in the memo array; `global` holds the array's
   * address. `byArgument`: functions remembered by argument, name → byte
   * offset of their entries in the array (argument-memo.ts).
   */
  memo: { global: number; slots: Map<string, number>; byArgument?: Map<string, number> }
  /** The data cache (data-cache.ts): rules of data alone, and the global holding the published table (0: off). */
  cache?: { global: number; funcs: Set<string> }
  /**
   * Fuel (fuel.ts): `counter` counts down scan steps and func calls; `limit`
   * (exported as `cordon_fuel_limit`) is what an evaluation starts with.
   */
  fuel: Fuel
  /** The runtime's call-site globals (absent in runtimes without them), see lower-call.ts `setCallSite`. */
  callSite?: { file: number; row: number }
  /** `Block` statements of this many statements or more become functions of their own (outline.ts). */
  outlineMinStmts: number
  /** Whether shared code (helpers, eval's table) pays for itself in this policy (shared-code.ts). */
  shared: SharedCode
  /** Index of a runtime export (throws a clear error when the runtime lacks it). */
  rt(name: string): number
  /** Helpers generated on demand (e.g. `with` upserts), by name. */
  helper(name: string, make: () => number): number
}

let labelSeq = 0

export class FnEmitter {
  readonly f: FunctionBuilder
  readonly locals: LocalMap
  /** Open IR blocks, innermost last; `cleanup` runs when a Break leaves past the block. */
  private readonly irLabels: { label: string; cleanup?: () => void }[] = []
  /** The Wasm local holding the evaluation context (plans only). */
  ctxLocal?: number
  /**
   * A plan body shared by plans that differ only in the rule they call
   * (plan-shapes.ts): calls of `func` go through the function table, to the
   * slot in Wasm local `slotLocal`.
   */
  tableCall?: { func: string; slotLocal: number }
  /**
   * The IR blocks of the whole function and the IR locals set on entry (its
   * parameters), when big `Block` statements in it may be outlined (outline.ts).
   */
  body?: { blocks: readonly Block[]; entry: readonly Local[] }
  /** The local `setAndFailIfZero` tested and the code size right after (see `failIfLocalZero`). */
  private justTested?: { local: number; at: number }
  /** Scan loops open around the code being emitted (a statement outside all runs at most once a call). */
  loopDepth = 0
  /** Locals known to hold a constant while the code being emitted runs (unroll-scans.ts). */
  readonly constLocals = new Map<Local, ConstValue>()
  /** A function remembered by argument (argument-memo.ts): its entries' offset and the Wasm local of this call's entry. */
  argumentMemo?: { offset: number; entry: number }
  /** The uses of the IR locals in `body`, computed on first need (outline.ts). */
  localUses?: { count: Map<Local, number>; assigned: Set<Local> }

  constructor(
    readonly m: ModuleCtx,
    params: number,
    results: number,
    irParams: readonly Local[] = [],
    /** The func being generated (undefined for plans and helpers). */
    readonly func?: Func,
  ) {
    this.f = new FunctionBuilder(Array(params).fill(ValType.i32), Array(results).fill(ValType.i32))
    this.locals = new LocalMap(this.f, irParams)
  }

  local(l: Local): number {
    return this.locals.get(l)
  }

  /** Pushes an operand's value pointer. */
  operand(op: Operand): this {
    switch (op.kind) {
      case 'local':
        return (this.f.localGet(this.local(op.local)), this)
      case 'string':
        return (this.f.i32Const(this.m.data.stringValue(this.string(op.index))), this)
      case 'bool':
        return (this.f.i32Const(this.m.data.boolValue(op.value)), this)
      case 'value':
        return (this.f.i32Const(this.m.values.address(op.index)), this)
    }
  }

  string(index: number): string {
    const s = this.m.policy.strings[index]
    if (s === undefined)
      throw new Error(`IR refers to string constant ${index}, the policy has ${this.m.policy.strings.length}`)
    return s
  }

  /** Calls a runtime export. */
  call(name: string): this {
    this.f.call(this.m.rt(name))
    return this
  }

  /**
   * Emits an IR block: a labelled Wasm block whose label is the target of
   * failures inside it. `cleanup` emits code that must run when a `Break`
   * jumps past this block to an outer one (e.g. `with` restoring its local).
   */
  block(b: Block, lower: (e: FnEmitter, b: Block) => void, cleanup?: () => void): void {
    const label = `ir${labelSeq++}`
    this.f.block(label)
    this.irLabels.push({ label, cleanup })
    lower(this, b)
    this.irLabels.pop()
    this.f.end()
  }

  /** The label of the IR block `up` levels out from the innermost one (0 = innermost). */
  irLabel(up = 0): string {
    const l = this.irLabels[this.irLabels.length - 1 - up]
    if (l === undefined) throw new Error(`Break ${up} leaves more blocks than are open (${this.irLabels.length})`)
    return l.label
  }

  /** `Break index`: run the cleanups of the blocks jumped past, then branch. */
  breakOut(index: number): void {
    const target = this.irLabel(index)
    for (let k = 0; k < index; k++) this.irLabels[this.irLabels.length - 1 - k]!.cleanup?.()
    this.f.br(target)
  }

  /** The current statement fails: leave the innermost IR block. */
  fail(): this {
    this.f.br(this.irLabel())
    return this
  }

  /** Fails when the i32 on the stack is 0 (undefined / false). */
  failIfZero(): this {
    this.f.i32Eqz().brIf(this.irLabel())
    return this
  }

  /**
   * A Wasm local whose `setAndFailIfZero` also fails when the value is
   * false (`cordon_undefined_or_false`: the planner's `x != false` right
   * after a call or lookup, 5 bytes less); that call clears it.
   */
  falsyTest?: number
  /** Whether the value `falsyTest` tests is never false (never-false.ts): the test for undefined is all of it. */
  falsyTestTrivial = false
  /**
   * Whether the value `falsyTest` tests is a native builtin's boolean (the
   * runtime's true or false, whose payload is a u32 at offset 4; VALUES.md):
   * the test reads it inline instead of calling `cordon_undefined_or_false`.
   */
  falsyTestBoolean = false

  /** Sets a Wasm local from the stack and fails when it is 0 (a call's or a lookup's result). */
  setAndFailIfZero(local: number): this {
    this.f.localTee(local)
    if (this.falsyTest === local) {
      this.falsyTest = undefined
      if (this.falsyTestTrivial) this.failIfZero()
      else if (this.falsyTestBoolean) {
        this.failIfZero()
        this.f.localGet(local).i32Load(4)
        this.failIfZero()
      } else this.call('cordon_undefined_or_false').failIfNonZero()
    } else this.failIfZero()
    this.justTested = { local, at: this.f.codeSize }
    return this
  }

  /**
   * Fails when a Wasm local is 0, unless the code just did that very test
   * (`x := f(…); x != false`: the call's result was tested already).
   */
  failIfLocalZero(local: number): this {
    if (this.justTested?.local === local && this.justTested.at === this.f.codeSize) return this
    this.f.localGet(local)
    return this.failIfZero()
  }

  /**
   * Fails unless `op` is a value of type `type` (undefined fails too): the
   * type byte read inline (VALUES.md), as `opa_value_type` reads it.
   */
  failUnlessType(op: Operand, type: number): this {
    if (op.kind === 'local') {
      const l = this.local(op.local)
      this.failIfLocalZero(l)
      this.f.localGet(l).i32Load8U().i32Const(type).i32Ne()
    } else {
      this.operand(op).call('opa_value_type')
      this.f.i32Const(type).i32Ne()
    }
    return this.failIfNonZero()
  }

  /** Fails when the i32 on the stack is not 0. */
  failIfNonZero(): this {
    this.f.brIf(this.irLabel())
    return this
  }

  /**
   * Aborts with an `eval_<code>_error: <file>:<row>: <text>` message. With a
   * file, a helper per message (`abortAtHelper`) is called with the file and
   * row, so a policy with thousands of such places holds no message per place.
   */
  abort(code: string, text: string, loc?: StmtLocation): this {
    const head = `eval_${code}_error: `
    const place = this.place(loc)
    if (place) {
      this.f
        .i32Const(place.file)
        .i32Const(place.row)
        .call(abortAtHelper(this.m, head, text))
        .unreachable()
      return this
    }
    this.f.i32Const(this.m.data.cString(`${head}${where(this.m.policy, loc)}${text}`))
    this.f.call(this.m.imports.abort).unreachable()
    return this
  }

  /**
   * A place's file (the address of its name, NUL-terminated) and row, the
   * arguments of the located-error helpers; undefined when the file is not known.
   */
  place(loc?: StmtLocation): { file: number; row: number } | undefined {
    const file = loc && this.m.shared.errors && this.m.policy.files[loc.file]
    return loc && file ? { file: this.m.data.cString(file), row: loc.row } : undefined
  }

  /**
   * Spends one unit of fuel (a scan step, a func call), aborting with
   * `resource_exhausted` when none is left. Where helpers pay
   * (`ModuleCtx.shared`): at a func's entry, a call of `cordon_burn_fuel` (3
   * bytes instead of 22; the func call costs a call already); in a loop,
   * inline (the hot path), with the abort in `cordon_out_of_fuel` (18 bytes
   * instead of 22). Else all inline.
   */
  burnFuel(where: 'entry' | 'loop'): this {
    if (!this.m.shared.fuel) {
      this.emitBurn(this.f)
      return this
    }
    if (where === 'entry') {
      this.f.call(this.m.helper('cordon_burn_fuel', () => this.fuelHelper('cordon_burn_fuel', true)))
      return this
    }
    this.emitBurn(this.f, this.outOfFuel())
    return this
  }

  /**
   * Spends as many units of fuel as the i32 that `count` pushes (the elements
   * a runtime loop visited for a scan, one unit each as the scan's own loop
   * would spend), aborting as `burnFuel` does when none is left.
   */
  burnFuelOf(count: () => void): this {
    const { counter } = this.m.fuel
    const f = this.f
    f.globalGet(counter)
    count()
    f.i32Sub().globalSet(counter)
    f.globalGet(counter).i32Const(0).i32LtS()
    f.withIf(() => (this.m.shared.fuel ? f.call(this.outOfFuel()) : this.abortOutOfFuel(f)))
    return this
  }

  private outOfFuel(): number {
    return this.m.helper('cordon_out_of_fuel', () => this.fuelHelper('cordon_out_of_fuel', false))
  }

  /** The decrement and test; the abort inline, or a call of `outOfFuel`. */
  private emitBurn(f: FunctionBuilder, outOfFuel?: number): void {
    const { counter } = this.m.fuel
    f.globalGet(counter).i32Const(1).i32Sub().globalSet(counter)
    f.globalGet(counter).i32Const(0).i32LtS()
    f.withIf(() => (outOfFuel === undefined ? this.abortOutOfFuel(f) : f.call(outOfFuel)))
  }

  private abortOutOfFuel(f: FunctionBuilder): void {
    f.i32Const(this.m.data.cString(FUEL_EXHAUSTED)).call(this.m.imports.abort).unreachable()
  }

  /** `cordon_burn_fuel` (`burn`) or `cordon_out_of_fuel`, the abort alone. */
  private fuelHelper(name: string, burn: boolean): number {
    const f = new FunctionBuilder([], [])
    if (burn) this.emitBurn(f, this.outOfFuel())
    else this.abortOutOfFuel(f)
    return this.m.linker.addFunction(f.type, f, name)
  }

  /** Fills the fuel counter from the limit: the start of an evaluation (or of warming the data cache). */
  refuel(): this {
    this.f.globalGet(this.m.fuel.limit).globalSet(this.m.fuel.counter)
    return this
  }

  /** A fresh scratch local. */
  temp(): number {
    return this.locals.temp()
  }

  newLabel(prefix: string): string {
    return `${prefix}${labelSeq++}`
  }
}

/** OPA's `Location.String()`: `file:row` when the file is known (no column, as `opa eval` prints runtime errors), else `row:col`. */
function where(policy: Policy, loc?: StmtLocation): string {
  if (!loc) return ''
  const file = policy.files[loc.file]
  return file ? `${file}:${loc.row}: ` : `${loc.row}:${loc.col}: `
}
