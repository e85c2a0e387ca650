import { beforeAll, describe, expect, it } from 'vitest'
import { FunctionBuilder } from './instructions.js'
import { PAGE_SIZE } from './layout.js'
import { ModuleLinker } from './link.js'
import { readModule } from './reader.js'
import { instantiate, toText, validate, wat } from './testing.js'
import { ExternalKind, ValType, type WasmModule } from './types.js'
import { writeModule } from './writer.js'

const { i32, i64 } = ValType

/** A stand-in for the runtime library: imported memory, static data, placeholders, a table. */
const BASE = `(module
  (type $unary (func (param i32) (result i32)))
  (import "env" "memory" (memory 1))
  (import "env" "opa_abort" (func $abort (param i32)))
  (global $heap_base (mut i32) (i32.const 2048))
  (global $wide i64 (i64.const 5))
  (table 2 2 funcref)
  (elem (i32.const 1) $double)
  (data (i32.const 1024) "runtime static data")
  (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $eval (export "eval") (param $ctx i32) (result i32) (local $unused i64)
    (call $abort (i32.const 0)) (unreachable))
  (func $builtins (export "builtins") (result i32) (i32.const 0))
  (func $heap_ptr_get (export "opa_heap_ptr_get") (result i32) (global.get $heap_base))
  (func $dispatch (export "dispatch") (param i32 i32) (result i32)
    (call_indirect (type $unary) (local.get 1) (local.get 0)))
  (export "memory" (memory 0)))`

let baseBytes: Uint8Array
let base: WasmModule

beforeAll(async () => {
  baseBytes = await wat(BASE, true)
  base = readModule(baseBytes)
})

function envWith(pages: number) {
  const memory = new WebAssembly.Memory({ initial: pages })
  const env = {
    memory,
    opa_abort: () => {
      throw new Error('abort')
    },
  }
  return { env, memory }
}

describe('ModuleLinker', () => {
  it('links new code, data, globals and table entries into the base, executed for real', async () => {
    const l = new ModuleLinker(base)
    const add = l.funcIndexByExport('add')!
    const double = l.funcIndexByName('double')!
    const evalIndex = l.funcIndexByExport('eval')!
    expect([add, double, evalIndex]).toEqual([2, 1, 3])

    const greeting = l.addData(new TextEncoder().encode('hello policy'))
    expect(greeting).toBe(1048) // 1024 + 19 bytes, aligned to 8
    const table = l.addData(Uint8Array.of(1, 2, 3, 4), 16)
    expect(table).toBe(1072)

    // triple(x) = add(double(x), x), calling two functions of the base.
    const triple = new FunctionBuilder([i32], [i32])
    triple.localGet(0).call(double).localGet(0).call(add)
    const tripleIndex = l.addFunction(triple.type, triple, 'triple')
    expect(tripleIndex).toBe(l.functionCount - 1)
    expect(tripleIndex).toBe(7) // 1 import + 6 functions of the base
    const neg = new FunctionBuilder([i32], [i32]).i32Const(0).localGet(0).i32Sub()
    const negIndex = l.addFunction(neg.type, neg, 'neg')

    // eval(ctx) = ctx + first byte of the greeting + last byte of the table.
    const ev = new FunctionBuilder([i32], [i32])
    ev.localGet(0).i32Const(greeting).i32Load8U().i32Add().i32Const(table).i32Load8U(3).i32Add()
    l.replaceBody(evalIndex, ev)

    const heapBase = Math.ceil(l.dataEnd / 16) * 16
    l.setGlobalInit(0, heapBase)
    expect(l.addTableEntries([negIndex, tripleIndex])).toBe(2)
    expect(l.addTableEntries([double])).toBe(4) // a second call extends the first
    l.addExport('triple', ExternalKind.func, tripleIndex)

    const out = l.emit()
    await validate(out)
    const { env, memory } = envWith(1)
    const e = await instantiate(out, { env })
    expect(e.triple(14)).toBe(42)
    expect(e.eval(100)).toBe(100 + 'h'.charCodeAt(0) + 4)
    expect(e.opa_heap_ptr_get()).toBe(heapBase)
    expect([e.dispatch(1, 5), e.dispatch(2, 5), e.dispatch(3, 5), e.dispatch(4, 5)]).toEqual([10, -5, 15, 10])
    expect(() => e.dispatch(5, 5)).toThrow(WebAssembly.RuntimeError)
    const mem = new Uint8Array(memory.buffer)
    expect(new TextDecoder().decode(mem.subarray(greeting, greeting + 12))).toBe('hello policy')
    expect(new TextDecoder().decode(mem.subarray(1024, 1043))).toBe('runtime static data')

    // The name section knows the new functions and forgets eval's old locals.
    const linked = readModule(out)
    expect(linked.names?.functions.get(tripleIndex)).toBe('triple')
    expect(linked.names?.functions.get(evalIndex)).toBe('eval')
    expect(linked.names?.locals.has(evalIndex)).toBe(false)
    expect(linked.names?.locals.get(1)).toEqual(base.names?.locals.get(1))
    expect(linked.tables[0]!.limits).toEqual({ min: 5, max: 5 })
    expect(linked.data).toHaveLength(2) // consecutive addData calls share one segment
    expect(linked.elements).toHaveLength(2)
    expect(await toText(out)).toContain('(func $triple')
  })

  it('never modifies the shared base and links the same way twice', async () => {
    const link = () => {
      const l = new ModuleLinker(base)
      const f = new FunctionBuilder([], [i32]).i32Const(7)
      l.replaceBody(l.funcIndexByExport('builtins')!, f)
      l.addData(new Uint8Array(100_000).fill(1))
      l.addTableEntries([l.funcIndexByExport('builtins')!])
      l.setGlobalInit(0, 4096)
      l.addExport('extra', ExternalKind.func, l.addFunction({ params: [], results: [i32] }, f, 'extra'))
      return l.emit()
    }
    const a = link()
    const b = link()
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true) // toEqual is slow on 100 KB
    expect(writeModule(base)).toEqual(baseBytes)
    expect(base.imports[0]!.desc).toEqual({ kind: ExternalKind.memory, limits: { min: 1 } })
    expect(base.names?.functions.has(base.functions.length + 1)).toBe(false)
    const e = await instantiate(a, { env: envWith(3).env })
    expect([e.builtins(), e.extra()]).toEqual([7, 7])
  })

  it('deduplicates types against the base and against itself', () => {
    const l = new ModuleLinker(base)
    const unary = l.addType([i32], [i32])
    expect(unary).toBe(0)
    const fresh = l.addType([i64, i32], [])
    expect(l.addType([i64, i32], [])).toBe(fresh)
    expect(fresh).toBe(base.types.length)
  })

  it('raises the imported memory minimum to fit the data, and respects a maximum', async () => {
    const l = new ModuleLinker(base)
    const address = l.addData(new Uint8Array(200_000).fill(9))
    const out = l.emit()
    const pages = Math.ceil((address + 200_000) / PAGE_SIZE)
    expect(pages).toBe(4)
    expect(readModule(out).imports[0]!.desc).toEqual({ kind: ExternalKind.memory, limits: { min: 4 } })
    await expect(instantiate(out, { env: envWith(1).env })).rejects.toThrow(WebAssembly.LinkError)
    const { env, memory } = envWith(4)
    await instantiate(out, { env })
    expect(new Uint8Array(memory.buffer)[address + 199_999]).toBe(9)

    const capped = readModule(await wat('(module (import "env" "memory" (memory 1 2)))'))
    const c = new ModuleLinker(capped)
    expect(() => c.addData(new Uint8Array(3 * PAGE_SIZE))).toThrow(/needs 4 memory pages but the maximum is 2/)
  })

  it('places data after the highest segment and never at address 0', async () => {
    const none = new ModuleLinker(readModule(await wat('(module (memory 1))')))
    expect(none.addData(Uint8Array.of(1))).toBe(8)
    const twoSegs = readModule(await wat('(module (memory 1) (data (i32.const 500) "ab") (data (i32.const 100) "x"))'))
    expect(new ModuleLinker(twoSegs).addData(Uint8Array.of(1))).toBe(504)
    const dynamic = readModule(
      await wat('(module (import "env" "base" (global i32)) (memory 1) (data (global.get 0) "ab"))'),
    )
    const d = new ModuleLinker(dynamic) // fine until data is placed
    expect(() => d.addData(Uint8Array.of(1))).toThrow(/data segment 0 has a non-constant offset/)
  })

  it('replaces an existing export of the same name', async () => {
    const l = new ModuleLinker(base)
    const f = new FunctionBuilder([i32, i32], [i32]).localGet(0).localGet(1).i32Sub()
    const sub = l.addFunction(f.type, f)
    l.addExport('add', ExternalKind.func, sub)
    expect(l.funcIndexByExport('add')).toBe(sub)
    const e = await instantiate(l.emit(), { env: envWith(1).env })
    expect(e.add(5, 3)).toBe(2)
  })

  it('can drop the name section', () => {
    const out = new ModuleLinker(base, { dropNames: true }).emit()
    const m = readModule(out)
    expect(m.names).toBeUndefined()
    expect(m.customSections).toEqual([])
  })

  it('adds no names when the base has no name section', async () => {
    const l = new ModuleLinker(await wat(BASE)) // from bytes, without debug names
    l.addFunction({ params: [], results: [] }, new FunctionBuilder(), 'ignored')
    expect(l.funcIndexByName('double')).toBeUndefined()
    expect(readModule(l.emit()).names).toBeUndefined()
  })

  const misuse = [
    {
      note: 'replaceBody of an import',
      run: (l: ModuleLinker) => l.replaceBody(0, new Uint8Array([0, 0x0b])),
      msg: /out of range/,
    },
    {
      note: 'replaceBody past the end',
      run: (l: ModuleLinker) => l.replaceBody(99, new Uint8Array([0, 0x0b])),
      msg: /out of range/,
    },
    {
      note: 'replaceBody with another signature',
      run: (l: ModuleLinker) => l.replaceBody(3, new FunctionBuilder()),
      msg: /signature differs/,
    },
    { note: 'setGlobalInit on an i64', run: (l: ModuleLinker) => l.setGlobalInit(1, 1), msg: /not an i32/ },
    {
      note: 'setGlobalInit on a missing global',
      run: (l: ModuleLinker) => l.setGlobalInit(9, 1),
      msg: /does not exist/,
    },
    {
      note: 'addFunction with a bad type index',
      run: (l: ModuleLinker) => l.addFunction(99, new FunctionBuilder()),
      msg: /type index 99/,
    },
  ]
  it.each(misuse)('$note throws', ({ run, msg }) => {
    expect(() => run(new ModuleLinker(base))).toThrow(msg)
  })

  it('toModule returns a snapshot that later linking does not change', () => {
    const l = new ModuleLinker(base)
    l.addData(Uint8Array.of(1))
    const before = l.toModule()
    const bytes = writeModule(before)
    l.addFunction({ params: [], results: [] }, new FunctionBuilder())
    l.addData(Uint8Array.of(2))
    l.addType([i64], [i64])
    expect(writeModule(before)).toEqual(bytes)
    expect(l.emit().length).toBeGreaterThan(bytes.length)
  })

  it('reports function types of imported and defined functions', () => {
    const l = new ModuleLinker(base)
    expect(l.functionType(0)).toEqual({ params: [i32], results: [] })
    expect(l.functionType(2)).toEqual({ params: [i32, i32], results: [i32] })
  })
})
