/**
 * `FunctionBuilder`: emits the body of one function as bytes.
 *
 * Instructions are chainable methods named after the text format
 * (`localGet`, `i32Add`, `brIf` …). Structured control (`block`, `loop`, `if`)
 * opens frames that `end` closes; a frame may carry a label, and branches take
 * either a label or a raw relative depth, so generated code never counts
 * depths by hand. `finish()` checks that every frame is closed and returns the
 * body in the code-section form: local declarations, expression, final `end`.
 *
 * @example
 * const f = new FunctionBuilder([ValType.i32], [ValType.i32])
 * f.withBlock('done', () => {
 *   f.localGet(0).i32Eqz().brIf('done')
 * })
 * f.localGet(0)
 * const body = f.finish()
 */
import { ByteWriter } from './bytes.js'
import { MemoryOps } from './memory-ops.js'
import { Op } from './opcodes.js'
import { EMPTY_BLOCK_TYPE, type FuncType, type ValType } from './types.js'

/** A block's signature: none (undefined), one result type, or a type index (multi-value). */
export type BlockType = ValType | { typeIndex: number } | undefined

/** A branch target: a label given to `block`/`loop`/`if`, or a relative depth. */
export type BranchTarget = string | number

interface Frame {
  kind: 'block' | 'loop' | 'if' | 'else'
  label?: string
}

/** Builds one function body. See the module comment for an example. */
export class FunctionBuilder extends MemoryOps {
  readonly params: readonly ValType[]
  readonly results: readonly ValType[]
  private readonly locals: ValType[] = []
  private readonly code = new ByteWriter(256)
  private readonly frames: Frame[] = []
  private body: Uint8Array<ArrayBuffer> | undefined

  /**
   * @param params parameter types; they are locals `0 .. params.length-1`
   * @param results result types
   */
  constructor(params: readonly ValType[] = [], results: readonly ValType[] = []) {
    super()
    this.params = [...params]
    this.results = [...results]
  }

  /** The function's signature, for `ModuleLinker.addType`. */
  get type(): FuncType {
    return { params: [...this.params], results: [...this.results] }
  }

  /** Declares a local and returns its index (after the parameters). */
  addLocal(type: ValType): number {
    this.locals.push(type)
    return this.params.length + this.locals.length - 1
  }

  /** Bytes of code emitted so far: a position, for peephole checks ("nothing emitted since"). */
  get codeSize(): number {
    return this.code.length
  }

  /** Number of open `block`/`loop`/`if` frames. */
  get depth(): number {
    return this.frames.length
  }

  protected get w(): ByteWriter {
    if (this.body) throw new Error('FunctionBuilder: cannot emit after finish()')
    return this.code
  }

  op(opcode: number): this {
    this.w.u8(opcode)
    return this
  }

  /** Appends raw bytes: an escape hatch for instructions without a method. */
  raw(bytes: ArrayLike<number>): this {
    this.w.bytes(bytes)
    return this
  }

  // --- structured control -------------------------------------------------

  private open(kind: Frame['kind'], opcode: number, label?: string, type?: BlockType): this {
    const w = this.w.u8(opcode)
    if (type === undefined) w.u8(EMPTY_BLOCK_TYPE)
    else if (typeof type === 'number') w.u8(type)
    else w.s32(type.typeIndex)
    this.frames.push(label === undefined ? { kind } : { kind, label })
    return this
  }

  /** Opens a `block`; a branch to it jumps past its `end`. */
  block(label?: string, type?: BlockType): this {
    return this.open('block', Op.block, label, type)
  }

  /** Opens a `loop`; a branch to it jumps back to its start. */
  loop(label?: string, type?: BlockType): this {
    return this.open('loop', Op.loop, label, type)
  }

  /** Opens an `if` (pops an i32 condition). */
  if(label?: string, type?: BlockType): this {
    return this.open('if', Op.if, label, type)
  }

  /** Switches the innermost `if` to its `else` arm. */
  else(): this {
    const top = this.frames[this.frames.length - 1]
    if (!top || top.kind !== 'if') throw new Error('FunctionBuilder: else without an open if')
    top.kind = 'else'
    return this.op(Op.else)
  }

  /** Closes the innermost frame. */
  end(): this {
    if (this.frames.length === 0) throw new Error('FunctionBuilder: end without an open block')
    this.frames.pop()
    return this.op(Op.end)
  }

  /** `block … end` around `body`. */
  withBlock(label: string | undefined, body: (f: this) => void, type?: BlockType): this {
    this.block(label, type)
    body(this)
    return this.end()
  }

  /** `loop … end` around `body`. */
  withLoop(label: string | undefined, body: (f: this) => void, type?: BlockType): this {
    this.loop(label, type)
    body(this)
    return this.end()
  }

  /** `if … else … end`; the `else` arm is emitted only when `otherwise` is given. */
  withIf(then: (f: this) => void, otherwise?: (f: this) => void, type?: BlockType, label?: string) {
    this.if(label, type)
    then(this)
    if (otherwise) {
      this.else()
      otherwise(this)
    }
    return this.end()
  }

  /**
   * The relative depth of a branch target: a label resolves to its innermost
   * open frame; a number is taken as a depth and checked.
   * @throws Error for an unknown label or a depth outside the open frames
   * (depth `frames` itself, the function body, is allowed).
   */
  depthOf(target: BranchTarget): number {
    const n = this.frames.length
    if (typeof target === 'number') {
      if (!Number.isInteger(target) || target < 0 || target > n) {
        throw new Error(`FunctionBuilder: branch depth ${target} outside 0..${n}`)
      }
      return target
    }
    for (let i = n - 1; i >= 0; i--) if (this.frames[i]!.label === target) return n - 1 - i
    throw new Error(`FunctionBuilder: no open block labelled '${target}'`)
  }

  br(target: BranchTarget): this {
    this.w.u8(Op.br).u32(this.depthOf(target))
    return this
  }

  brIf(target: BranchTarget): this {
    this.w.u8(Op.br_if).u32(this.depthOf(target))
    return this
  }

  /** `br_table`: index `i` on the stack picks `targets[i]`, out of range picks `fallback`. */
  brTable(targets: readonly BranchTarget[], fallback: BranchTarget): this {
    const w = this.w.u8(Op.br_table).u32(targets.length)
    for (const t of targets) w.u32(this.depthOf(t))
    w.u32(this.depthOf(fallback))
    return this
  }

  return(): this {
    return this.op(Op.return)
  }

  unreachable(): this {
    return this.op(Op.unreachable)
  }

  nop(): this {
    return this.op(Op.nop)
  }

  // --- calls, parametric, variables ----------------------------------------

  call(funcIndex: number): this {
    this.w.u8(Op.call).u32(funcIndex)
    return this
  }

  /** Calls through table `tableIndex` (the callee's slot is on the stack) with type `typeIndex`. */
  callIndirect(typeIndex: number, tableIndex = 0): this {
    this.w.u8(Op.call_indirect).u32(typeIndex).u32(tableIndex)
    return this
  }

  drop(): this {
    return this.op(Op.drop)
  }

  select(): this {
    return this.op(Op.select)
  }

  private indexed(opcode: number, index: number): this {
    this.w.u8(opcode).u32(index)
    return this
  }

  localGet(i: number): this {
    return this.indexed(Op.local_get, i)
  }

  localSet(i: number): this {
    return this.indexed(Op.local_set, i)
  }

  localTee(i: number): this {
    return this.indexed(Op.local_tee, i)
  }

  globalGet(i: number): this {
    return this.indexed(Op.global_get, i)
  }

  globalSet(i: number): this {
    return this.indexed(Op.global_set, i)
  }

  // --- constants -----------------------------------------------------------

  /** `i32.const`; values from 2^31 to 2^32-1 are taken as their signed form. */
  i32Const(v: number): this {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0xffffffff) {
      throw new RangeError(`i32.const out of range: ${v}`)
    }
    this.w.u8(Op.i32_const).s32(v | 0)
    return this
  }

  /** `i64.const`; values from 2^63 to 2^64-1 are taken as their signed form. */
  i64Const(v: bigint | number): this {
    this.w.u8(Op.i64_const).s64(BigInt.asIntN(64, BigInt(v)))
    return this
  }

  f64Const(v: number): this {
    this.w.u8(Op.f64_const).f64(v)
    return this
  }

  f32Const(v: number): this {
    this.w.u8(Op.f32_const).f32(v)
    return this
  }

  // --- result ----------------------------------------------------------------

  /**
   * Closes the function and returns its body (locals, code, `end`). Calling it
   * again returns the same bytes; emitting after it throws.
   * @throws Error when a block is still open.
   */
  finish(): Uint8Array<ArrayBuffer> {
    if (this.body) return this.body
    if (this.frames.length > 0) {
      const open = this.frames.map((f) => f.label ?? f.kind).join(' > ')
      throw new Error(`FunctionBuilder: ${this.frames.length} block(s) still open: ${open}`)
    }
    const out = new ByteWriter(this.code.length + 16)
    // Runs of equal types share one declaration.
    const runs: Array<[number, ValType]> = []
    for (const t of this.locals) {
      const last = runs[runs.length - 1]
      if (last && last[1] === t) last[0]++
      else runs.push([1, t])
    }
    out.u32(runs.length)
    for (const [n, t] of runs) out.u32(n).u8(t)
    out.bytes(this.code.view()).u8(Op.end)
    this.body = out.toBytes()
    return this.body
  }
}
