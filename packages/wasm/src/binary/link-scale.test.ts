import { describe, expect, it } from 'vitest'
import { FunctionBuilder } from './instructions.js'
import { ModuleLinker } from './link.js'
import { readModule } from './reader.js'
import { i32ConstExpr } from './const-expr.js'
import { emptyModule, ExternalKind, ValType } from './types.js'
import { validate } from './testing.js'
import { writeModule } from './writer.js'

const { i32 } = ValType
const FUNCS = 540

/**
 * A ~100 KB module shaped like the runtime: imported memory, static data, a
 * heap-base global, a table, many functions with a name section, and an
 * `eval` placeholder. Function k computes ((x + k) * 3) ^ k, unrolled to make
 * the bodies about as large as real runtime functions.
 */
function bigBase(): Uint8Array<ArrayBuffer> {
  const m = emptyModule()
  m.types.push({ params: [i32], results: [i32] })
  m.imports.push({ module: 'env', name: 'memory', desc: { kind: ExternalKind.memory, limits: { min: 1 } } })
  m.globals.push({ type: { type: i32, mutable: true }, init: i32ConstExpr(0) })
  m.tables.push({ refType: 0x70, limits: { min: 1, max: 1 } })
  m.data.push({ flags: 0, memory: 0, offset: i32ConstExpr(1024), bytes: new Uint8Array(8000).fill(7) })
  m.names = { functions: new Map(), locals: new Map(), other: [] }
  for (let k = 0; k < FUNCS; k++) {
    const f = new FunctionBuilder([i32], [i32])
    const t = f.addLocal(i32)
    f.localGet(0).i32Const(k).i32Add().i32Const(3).i32Mul().i32Const(k).i32Xor().localSet(t)
    for (let r = 0; r < 12; r++)
      f.localGet(t)
        .i32Const(r * 1000)
        .i32Add()
        .i32Const(r * 1000)
        .i32Sub()
        .localSet(t)
    f.localGet(t)
    m.functions.push(0)
    m.codes.push(f.finish())
    m.names.functions.set(k, `fn_${k}`)
  }
  m.functions.push(0)
  m.codes.push(new FunctionBuilder([i32], [i32]).unreachable().finish())
  m.names.functions.set(FUNCS, 'eval')
  m.exports.push({ name: 'eval', kind: ExternalKind.func, index: FUNCS })
  return writeModule(m)
}

/** What the code generator does per policy. */
function linkPolicy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const l = new ModuleLinker(readModule(bytes))
  const evalIndex = l.funcIndexByExport('eval')!
  const rules: number[] = []
  for (let r = 0; r < 20; r++) {
    const f = new FunctionBuilder([i32], [i32]).localGet(0).call(l.funcIndexByName(`fn_${r}`)!)
    rules.push(l.addFunction(f.type, f, `rule_${r}`))
  }
  const slot = l.addTableEntries(rules)
  const strings = l.addData(new TextEncoder().encode('{"allow":true}'))
  const ev = new FunctionBuilder([i32], [i32])
  ev.localGet(0)
    .localGet(0)
    .i32Const(slot)
    .i32Add()
    .callIndirect(l.addType([i32], [i32]))
  ev.i32Const(strings).i32Load8U().i32Add()
  l.replaceBody(evalIndex, ev)
  l.setGlobalInit(0, l.dataEnd)
  return l.emit()
}

describe('linking a ~100 KB module', () => {
  it('reads, links and writes it 100 times, correctly every time', async () => {
    const base = bigBase()
    expect(base.length).toBeGreaterThan(100_000)
    expect(base.length).toBeLessThan(140_000)
    const started = performance.now()
    const outputs: Uint8Array<ArrayBuffer>[] = []
    for (let i = 0; i < 100; i++) outputs.push(linkPolicy(base))
    const ms = (performance.now() - started) / 100
    if (process.env.CORDON_BENCH) console.info(`read+link+emit of ${base.length} bytes: ${ms.toFixed(3)} ms`)
    const same = outputs.every((out) => Buffer.from(out).equals(outputs[0]!))
    expect(same).toBe(true)
    await validate(outputs[0]!)
    const memory = new WebAssembly.Memory({ initial: 1 })
    const { instance } = await WebAssembly.instantiate(outputs[0]!, { env: { memory } })
    const evalFn = instance.exports.eval as (x: number) => number
    // eval(r) calls rule r through the table, which calls fn_r(r) = ((2r) * 3) ^ r, plus '{'.
    for (const r of [0, 1, 19]) expect(evalFn(r)).toBe(((2 * r * 3) ^ r) + '{'.charCodeAt(0))
  })
})
