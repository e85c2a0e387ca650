import { describe, expect, it } from 'vitest'
import { FunctionBuilder } from './instructions.js'
import { ModuleLinker } from './link.js'
import { Op } from './opcodes.js'
import { readModule } from './reader.js'
import { instantiate, validate } from './testing.js'
import { emptyModule, ExternalKind, ValType } from './types.js'

const { i32, i64, f64 } = ValType

/** Builds a module with one page of memory from named builders; each is exported by name. */
async function build(funcs: Record<string, FunctionBuilder>, setup?: (l: ModuleLinker) => void) {
  const l = new ModuleLinker({ ...emptyModule(), memories: [{ min: 1 }] })
  l.addExport('memory', ExternalKind.memory, 0)
  for (const [name, f] of Object.entries(funcs)) {
    l.addExport(name, ExternalKind.func, l.addFunction(f.type, f))
  }
  setup?.(l)
  const bytes = l.emit()
  await validate(bytes)
  return instantiate(bytes)
}

describe('FunctionBuilder: programs run for real', () => {
  it('recursive factorial with if/else', async () => {
    const f = new FunctionBuilder([i64], [i64])
    f.localGet(0).i64Eqz()
    f.withIf(
      () => f.i64Const(1),
      () => f.localGet(0).localGet(0).i64Const(1).i64Sub().call(0).i64Mul(),
      i64,
    )
    const { fac } = await build({ fac: f })
    expect(fac(0n)).toBe(1n)
    expect(fac(5n)).toBe(120n)
    expect(fac(20n)).toBe(2432902008176640000n)
  })

  it('iterative factorial with a labelled loop and locals', async () => {
    const f = new FunctionBuilder([i32], [i32])
    const acc = f.addLocal(i32)
    f.i32Const(1).localSet(acc)
    f.withBlock('done', () => {
      f.withLoop('again', () => {
        f.localGet(0).i32Const(2).i32LtS().brIf('done')
        f.localGet(acc).localGet(0).i32Mul().localSet(acc)
        f.localGet(0).i32Const(1).i32Sub().localSet(0)
        f.br('again')
      })
    })
    f.localGet(acc)
    const { fac } = await build({ fac: f })
    expect([0, 1, 5, 10].map((n) => fac(n))).toEqual([1, 1, 120, 3628800])
  })

  it('sums memory with load8/load16/load and fills it with store variants', async () => {
    const fill = new FunctionBuilder([i32, i32]) // (addr, n): mem[addr+i] = i
    const i = fill.addLocal(i32)
    fill.withBlock('out', () => {
      fill.withLoop('top', () => {
        fill.localGet(i).localGet(1).i32GeU().brIf('out')
        fill.localGet(0).localGet(i).i32Add().localGet(i).i32Store8()
        fill.localGet(i).i32Const(1).i32Add().localSet(i).br('top')
      })
    })
    const sum = new FunctionBuilder([i32, i32], [i32]) // (addr, n) → Σ mem8[addr+i]
    const j = sum.addLocal(i32)
    const s = sum.addLocal(i32)
    sum.block('out').loop('top')
    sum.localGet(j).localGet(1).i32GeU().brIf('out')
    sum.localGet(s).localGet(0).localGet(j).i32Add().i32Load8U().i32Add().localSet(s)
    sum.localGet(j).i32Const(1).i32Add().localSet(j).br(0)
    sum.end().end().localGet(s)
    const mixed = new FunctionBuilder([], [i32])
    mixed.i32Const(200).i32Const(-2).i32Store16(0, 1) // unaligned hint
    mixed.i32Const(204).i32Const(0x01020304).i32Store(4)
    mixed.i32Const(200).i32Load16S().i32Const(200).i32Load16U().i32Add() // -2 + 65534
    mixed.i32Const(200).i32Load(8).i32Add().i32Const(200).i32Load8S(8).i32Add() // low byte of the word
    const e = await build({ fill, sum, mixed })
    e.fill(1000, 100)
    expect(e.sum(1000, 100)).toBe(4950)
    expect(new Uint8Array(e.memory.buffer)[1099]).toBe(99)
    expect(e.mixed()).toBe(-2 + 65534 + 0x01020304 + 4)
  })

  it('call_indirect through a table built by addTableEntries', async () => {
    const dbl = new FunctionBuilder([i32], [i32]).localGet(0).i32Const(2).i32Mul()
    const neg = new FunctionBuilder([i32], [i32]).i32Const(0).localGet(0).i32Sub()
    const dispatch = new FunctionBuilder([i32, i32], [i32])
    let typeIndex = -1
    const e = await build({ dbl, neg }, (l) => {
      typeIndex = l.addType([i32], [i32])
      const slot = l.addTableEntries([0, 1])
      expect(slot).toBe(0)
      dispatch.localGet(1).localGet(0).callIndirect(typeIndex)
      l.addExport('dispatch', ExternalKind.func, l.addFunction(dispatch.type, dispatch))
    })
    expect(e.dispatch(0, 21)).toBe(42)
    expect(e.dispatch(1, 21)).toBe(-21)
    expect(() => e.dispatch(2, 1)).toThrow(WebAssembly.RuntimeError)
  })

  it('br_table switch with named targets and a default', async () => {
    const f = new FunctionBuilder([i32], [i32])
    f.block('default').block('two').block('one').block('zero')
    f.localGet(0).brTable(['zero', 'one', 'two'], 'default')
    f.end().i32Const(100).return()
    f.end().i32Const(101).return()
    f.end().i32Const(102).return()
    f.end().i32Const(-1)
    const { sw } = await build({ sw: f })
    expect([0, 1, 2, 3, 99].map((n) => sw(n))).toEqual([100, 101, 102, -1, -1])
  })

  it('select, drop, nop, globals, memory.size/grow, memory.fill/copy', async () => {
    const f = new FunctionBuilder([i32], [i32])
    f.nop().i32Const(7).drop()
    f.i32Const(10).i32Const(20).localGet(0).select() // x ? 10 : 20
    const g = new FunctionBuilder([], [i32])
    g.i32Const(1).memoryGrow().drop().memorySize() // 1 + 1 pages
    const bulk = new FunctionBuilder([], [i32])
    bulk.i32Const(64).i32Const(0xab).i32Const(8).memoryFill()
    bulk.i32Const(128).i32Const(64).i32Const(8).memoryCopy()
    bulk.i32Const(128).i32Load().i32Const(135).i32Load8U().i32Add()
    const ctr = new FunctionBuilder([], [i32])
    const e = await build({ f, g, bulk }, (l) => {
      const gi = l.addGlobal(i32, true, 5)
      ctr.globalGet(gi).i32Const(1).i32Add().globalSet(gi).globalGet(gi)
      l.addExport('ctr', ExternalKind.func, l.addFunction(ctr.type, ctr))
    })
    expect([e.f(1), e.f(0)]).toEqual([10, 20])
    expect(e.g()).toBe(2)
    expect(e.bulk()).toBe((0xabababab | 0) + 0xab)
    expect([e.ctr(), e.ctr()]).toEqual([6, 7])
  })

  it('i64 and f64 arithmetic, comparisons and conversions', async () => {
    const big = new FunctionBuilder([], [i64])
      .i64Const(2n ** 63n - 1n)
      .i64Const(-(2n ** 63n))
      .i64Add()
    const wrap = new FunctionBuilder([i64], [i32]).localGet(0).i32WrapI64()
    const hyp = new FunctionBuilder([f64, f64], [f64])
    hyp.localGet(0).localGet(0).f64Mul().localGet(1).localGet(1).f64Mul().f64Add().f64Sqrt()
    const cmp = new FunctionBuilder([f64], [i32]).localGet(0).f64Const(0.5).f64Gt()
    const conv = new FunctionBuilder([i32], [f64]).localGet(0).f64ConvertI32U().f64Const(-1.25).f64Mul()
    const u32max = new FunctionBuilder([], [i32]).i32Const(0xffffffff)
    const e = await build({ big, wrap, hyp, cmp, conv, u32max })
    expect(e.big()).toBe(-1n)
    expect(e.wrap(0x1_0000_0005n)).toBe(5)
    expect(e.hyp(3, 4)).toBe(5)
    expect([e.cmp(0.75), e.cmp(0.25)]).toEqual([1, 0])
    expect(e.conv(-1)).toBe(4294967295 * -1.25)
    expect(e.u32max()).toBe(-1)
  })

  it('a multi-value block type by type index', async () => {
    let f!: FunctionBuilder
    const e = await build({}, (l) => {
      const pair = l.addType([], [i32, i32])
      f = new FunctionBuilder([], [i32])
      f.block(undefined, { typeIndex: pair }).i32Const(40).i32Const(2).end().i32Add()
      l.addExport('f', ExternalKind.func, l.addFunction(f.type, f))
    })
    expect(e.f()).toBe(42)
  })
})

describe('FunctionBuilder: encoding and misuse', () => {
  it('groups runs of equal local types in the declarations', () => {
    const f = new FunctionBuilder([i32])
    expect([f.addLocal(i32), f.addLocal(i32), f.addLocal(f64), f.addLocal(i32)]).toEqual([1, 2, 3, 4])
    expect([...f.finish()]).toEqual([3, 2, i32, 1, f64, 1, i32, Op.end])
  })

  it('finish is idempotent and seals the builder', () => {
    const f = new FunctionBuilder()
    const a = f.finish()
    expect(f.finish()).toBe(a)
    expect(() => f.nop()).toThrow(/after finish/)
  })

  const misuse = [
    { note: 'unknown label', run: (f: FunctionBuilder) => f.block('a').br('b'), msg: /no open block labelled 'b'/ },
    { note: 'depth too deep', run: (f: FunctionBuilder) => f.block().br(2), msg: /outside 0..1/ },
    { note: 'else without if', run: (f: FunctionBuilder) => f.block().else(), msg: /else without an open if/ },
    { note: 'end without block', run: (f: FunctionBuilder) => f.end(), msg: /end without/ },
    { note: 'unclosed block', run: (f: FunctionBuilder) => f.block('x').finish(), msg: /still open: x/ },
    { note: 'i32 out of range', run: (f: FunctionBuilder) => f.i32Const(2 ** 32), msg: /out of range/ },
    { note: 'bad alignment', run: (f: FunctionBuilder) => f.i32Load(0, 8), msg: /power of two ≤ 4/ },
    { note: 'negative index', run: (f: FunctionBuilder) => f.localGet(-1), msg: /unsigned/ },
  ]
  it.each(misuse)('$note throws', ({ run, msg }) => {
    expect(() => run(new FunctionBuilder())).toThrow(msg)
  })

  it('labels shadow like in the text format: the innermost wins', () => {
    const f = new FunctionBuilder()
    f.block('l').block('l')
    expect(f.depthOf('l')).toBe(0)
    f.end()
    expect(f.depthOf('l')).toBe(0)
    f.block()
    expect(f.depthOf('l')).toBe(1)
  })

  it('emits bodies our reader and the engine agree on', async () => {
    const f = new FunctionBuilder([], [i32]).i32Const(-1)
    const l = new ModuleLinker(emptyModule())
    l.addExport('f', ExternalKind.func, l.addFunction(f.type, f))
    const bytes = l.emit()
    expect(WebAssembly.validate(bytes)).toBe(true)
    expect([...readModule(bytes).codes[0]!]).toEqual([0, Op.i32_const, 0x7f, Op.end])
  })
})
