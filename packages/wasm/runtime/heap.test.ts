import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Abort, load, runtimeJson } from './harness'

describe('allocator and heap pointer', () => {
  it('heap starts at the patched heap base, after all static data', () => {
    const rt = load()
    expect(rt.x.__cordon_heap_base.value).toBe(runtimeJson.heapBase)
    expect(runtimeJson.heapBase).toBeGreaterThanOrEqual(runtimeJson.dataEnd)
    expect(rt.x.opa_heap_ptr_get()).toBe(runtimeJson.heapBase)
    const p = rt.x.opa_malloc(10)
    expect(p).toBeGreaterThanOrEqual(runtimeJson.heapBase)
    expect(rt.x.opa_heap_ptr_get()).toBeGreaterThan(p)
  })

  it('a linker-patched heap base is honoured', () => {
    const rt = load()
    rt.x.__cordon_heap_base.value = 70000
    expect(rt.x.opa_heap_ptr_get()).toBe(70000)
    expect(rt.x.opa_malloc(1)).toBeGreaterThanOrEqual(70000)
  })

  it('malloc grows memory and aborts when it cannot', () => {
    const memory = load({ initialPages: 1 })
    const before = memory.memory.buffer.byteLength
    const p = memory.x.opa_malloc(1 << 20)
    expect(memory.memory.buffer.byteLength).toBeGreaterThan(before)
    new Uint8Array(memory.memory.buffer).fill(7, p, p + (1 << 20))
    expect(() => memory.x.opa_malloc(0x7fff0001)).toThrow(/opa_malloc: failed/)
  })

  it('free reuses blocks; null and double free abort', () => {
    const rt = load()
    const a = rt.x.opa_malloc(100)
    rt.x.opa_malloc(8) // keep a below the top
    rt.x.opa_free(a)
    expect(rt.x.opa_malloc(97)).toBe(a) // same 8-byte-rounded size class: exact reuse
    const big = rt.x.opa_malloc(5000)
    rt.x.opa_malloc(8)
    rt.x.opa_free(big)
    expect(rt.x.opa_malloc(1000)).toBe(big) // large blocks: first fit, split
    expect(() => rt.x.opa_free(0)).toThrow(Abort)
    const b = rt.x.opa_malloc(40)
    rt.x.opa_malloc(8)
    rt.x.opa_free(b)
    expect(() => rt.x.opa_free(b)).toThrow(/double free/)
  })

  it('blocks stay 8-byte aligned after an unaligned heap_ptr_set', () => {
    const rt = load()
    const top = rt.x.opa_heap_ptr_get()
    rt.x.opa_heap_ptr_set(top + 3)
    expect(rt.x.opa_heap_ptr_get()).toBe(top + 3)
    const p = rt.x.opa_malloc(5)
    expect(p % 8).toBe(0)
    expect(p).toBeGreaterThanOrEqual(top + 3)
    const n = rt.x.opa_number_float(0.25)
    expect(n % 8).toBe(0)
    expect(rt.dump(n)).toBe('0.25')
  })

  it('freeing the top block lowers the heap top', () => {
    const rt = load()
    const top = rt.x.opa_heap_ptr_get()
    const p = rt.x.opa_malloc(64)
    rt.x.opa_free(p)
    expect(rt.x.opa_heap_ptr_get()).toBe(top)
  })

  it('heap_ptr_set forgets everything above and drops free lists', () => {
    const rt = load()
    const mark = rt.x.opa_heap_ptr_get()
    const a = rt.x.opa_malloc(32)
    rt.x.opa_malloc(32)
    rt.x.opa_free(a)
    rt.x.opa_heap_ptr_set(mark)
    expect(rt.x.opa_heap_ptr_get()).toBe(mark)
    expect(rt.x.opa_malloc(32)).toBe(mark + 8)
  })

  it('the inlined 16-byte allocation (alloc16) reuses a freed block, counts as opa_malloc does, and grows the memory', () => {
    const rt = load()
    const freed = rt.x.opa_malloc(16)
    rt.x.opa_malloc(8)
    rt.x.opa_free(freed)
    const [calls, bytes] = [rt.x.cordon_alloc_calls.value, rt.x.cordon_alloc_bytes.value]
    const n = rt.x.opa_number_int(7n)
    // From the top after that, through a memory growth.
    const pages = rt.memory.buffer.byteLength >> 16
    let last = 0
    for (let i = 0; i < 5000 * pages; i++) last = rt.x.opa_number_int(BigInt(i))
    expect(rt.x.cordon_alloc_calls.value - calls).toBe(BigInt(1 + 5000 * pages))
    expect(rt.x.cordon_alloc_bytes.value - bytes).toBe(BigInt(16 * (1 + 5000 * pages)))
    expect(n).toBe(freed)
    expect(rt.show(n)).toBe('7')
    expect(rt.memory.buffer.byteLength >> 16).toBeGreaterThan(pages)
    expect(rt.show(last)).toBe(String(5000 * pages - 1))
  })

  it('heap_ptr_set drops every free list in use, small and large (only those are emptied)', () => {
    const rt = load()
    const mark = rt.x.opa_heap_ptr_get()
    const sizes = [8, 48, 256, 264, 1000, 5000]
    const blocks = sizes.map((n) => rt.x.opa_malloc(n))
    rt.x.opa_malloc(8)
    for (const b of blocks) rt.x.opa_free(b)
    rt.x.opa_heap_ptr_set(mark)
    // Each size comes from the top again, none from a list of the forgotten heap.
    let at = mark
    for (const n of sizes) {
      expect(rt.x.opa_malloc(n)).toBe(at + 8)
      at += 8 + ((n + 7) & ~7)
    }
  })

  it('stash / restore keeps free blocks across a heap reset (ABI 1.3)', () => {
    const rt = load()
    const data = rt.parse('{"a":{"b":[1,2,3]},"keep":"x"}')
    // free a subtree: its blocks go to the free lists below the heap top
    const path = rt.vparse('["a"]')
    expect(rt.x.opa_value_remove_path(data, path)).toBe(0)
    const dataHeap = rt.x.opa_heap_ptr_get()
    rt.x.opa_heap_blocks_stash()
    // an evaluation: heap reset, garbage, reset again
    rt.x.opa_heap_ptr_set(dataHeap)
    rt.parse('[1,2,3,4,5,6,7,8]')
    rt.x.opa_heap_ptr_set(dataHeap)
    rt.x.opa_heap_blocks_restore()
    // restored blocks are reused before the heap top moves
    const before = rt.x.opa_heap_ptr_get()
    const p = rt.x.opa_malloc(16) // the size of a removed string/number/node block
    expect(p).toBeLessThan(dataHeap)
    expect(rt.x.opa_heap_ptr_get()).toBe(before)
    expect(rt.dump(data)).toBe('{"keep":"x"}')
    // clear drops stashed blocks
    rt.x.opa_heap_blocks_stash()
    rt.x.opa_heap_stash_clear()
    rt.x.opa_heap_blocks_restore()
    const q = rt.x.opa_malloc(16)
    expect(q).toBeGreaterThanOrEqual(before)
  })
})

describe('evaluation protocols', () => {
  const enc = new TextEncoder()

  it('unlinked eval returns an empty result set on both paths', () => {
    const rt = load()
    const ctx = rt.x.opa_eval_ctx_new()
    rt.x.opa_eval_ctx_set_input(ctx, rt.parse('{"x":1}'))
    rt.x.opa_eval_ctx_set_data(ctx, rt.parse('{}'))
    rt.x.opa_eval_ctx_set_entrypoint(ctx, 0)
    expect(rt.x.eval(ctx)).toBe(0)
    const view = new DataView(rt.memory.buffer)
    expect(view.getUint32(ctx + 8, true)).toBe(rt.x.opa_eval_ctx_get_result(ctx))
    expect(rt.dump(rt.x.opa_eval_ctx_get_result(ctx))).toBe('[]')
    expect(rt.dump(rt.x.builtins())).toBe('{}')
    expect(rt.dump(rt.x.entrypoints())).toBe('{}')
    rt.x.opa_eval_ctx_set_entrypoint(ctx, 3)
    expect(() => rt.x.eval(ctx)).toThrow(/illegal entrypoint id/)
  })

  it('context struct offsets: input 0, data 4, result 8, entrypoint 12', () => {
    const rt = load()
    const ctx = rt.x.opa_eval_ctx_new()
    rt.x.opa_eval_ctx_set_input(ctx, 111)
    rt.x.opa_eval_ctx_set_data(ctx, 222)
    rt.x.opa_eval_ctx_set_entrypoint(ctx, 7)
    const view = new DataView(rt.memory.buffer)
    expect([0, 4, 8, 12].map((o) => view.getUint32(ctx + o, true))).toEqual([111, 222, 0, 7])
  })

  it('opa_eval fast path, JSON and value formats; reserved must be 0', () => {
    const rt = load()
    const data = rt.parse('{}')
    const heap = rt.x.opa_heap_ptr_get()
    const input = enc.encode('{"a": {1, 2}}')
    new Uint8Array(rt.memory.buffer).set(input, heap)
    expect(rt.cstr(rt.x.opa_eval(0, 0, data, heap, input.length, heap + input.length, 0))).toBe('[]')
    expect(rt.cstr(rt.x.opa_eval(0, 0, data, 0, 0, heap, 1))).toBe('set()')
    expect(() => rt.x.opa_eval(1, 0, data, 0, 0, heap, 0)).toThrow(/reserved/)
    new Uint8Array(rt.memory.buffer).set(enc.encode('{bad'), heap)
    expect(() => rt.x.opa_eval(0, 0, data, heap, 4, heap + 4, 0)).toThrow(/parse input/)
  })

  it('100,000 fast-path cycles do not grow memory after warm-up', () => {
    const rt = load()
    const dataText = JSON.stringify({
      roles: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`r${i}`, [i, `p${i}`]])),
    })
    const data = rt.parse(dataText)
    const dataHeap = rt.x.opa_heap_ptr_get()
    const inputs = Array.from({ length: 16 }, (_, i) =>
      enc.encode(
        JSON.stringify({
          user: `u${i}`,
          groups: Array.from({ length: i * 4 }, (_, k) => `g${k}`),
          amount: 12345678901234567890 + i,
          ratio: i / 7,
        }),
      ),
    )
    let sizeAfterWarmup = 0
    for (let i = 0; i < 100_000; i++) {
      const input = inputs[i % inputs.length]
      new Uint8Array(rt.memory.buffer).set(input, dataHeap)
      const out = rt.x.opa_eval(0, 0, data, dataHeap, input.length, dataHeap + input.length, 0)
      if (i % 997 === 0) expect(rt.cstr(out)).toBe('[]')
      // the old path as well: reset, parse input, dump
      rt.x.opa_heap_ptr_set(dataHeap)
      const v = rt.x.opa_json_parse(...rt.put(JSON.stringify({ i })))
      rt.x.opa_json_dump(v)
      if (i === 100) sizeAfterWarmup = rt.memory.buffer.byteLength
    }
    expect(rt.memory.buffer.byteLength).toBe(sizeAfterWarmup)
    expect(JSON.parse(rt.dump(data))).toEqual(JSON.parse(dataText))
  })
})

describe('value paths', () => {
  it('add_path creates intermediate objects and overwrites', () => {
    const rt = load()
    const base = rt.parse('{"a":{"x":1}}')
    const path = rt.parse('["a","b","c"]')
    expect(rt.x.opa_value_add_path(base, path, rt.parse('[1,2]'))).toBe(0)
    rt.x.opa_value_free(path) // the caller frees the path; base must not depend on it
    rt.parse('"garbage that could reuse the freed blocks"')
    expect(rt.dump(base)).toBe('{"a":{"b":{"c":[1,2]},"x":1}}')
    expect(rt.x.opa_value_add_path(base, rt.parse('["a","x"]'), rt.parse('{"new":true}'))).toBe(0)
    expect(rt.dump(base)).toBe('{"a":{"b":{"c":[1,2]},"x":{"new":true}}}')
  })

  it('add_path errors leave base unchanged', () => {
    const rt = load()
    const base = rt.parse('{"a":1}')
    expect(rt.x.opa_value_add_path(base, rt.parse('["a","b"]'), rt.parse('2'))).toBe(3)
    expect(rt.x.opa_value_add_path(base, rt.parse('[]'), rt.parse('2'))).toBe(3)
    expect(rt.x.opa_value_add_path(base, rt.parse('"a"'), rt.parse('2'))).toBe(2)
    expect(rt.x.opa_value_add_path(rt.parse('[]'), rt.parse('["a"]'), rt.parse('2'))).toBe(2)
    expect(rt.dump(base)).toBe('{"a":1}')
  })

  it('remove_path', () => {
    const rt = load()
    const base = rt.parse('{"a":{"b":{"c":1,"d":2}},"e":3}')
    expect(rt.x.opa_value_remove_path(base, rt.parse('["a","b","c"]'))).toBe(0)
    expect(rt.dump(base)).toBe('{"a":{"b":{"d":2}},"e":3}')
    expect(rt.x.opa_value_remove_path(base, rt.parse('["e"]'))).toBe(0)
    expect(rt.dump(base)).toBe('{"a":{"b":{"d":2}}}')
    expect(rt.x.opa_value_remove_path(base, rt.parse('["nope"]'))).toBe(3)
    expect(rt.x.opa_value_remove_path(base, rt.parse('["a","b","d","x"]'))).toBe(3)
    expect(rt.x.opa_value_remove_path(base, rt.parse('[]'))).toBe(3)
    expect(rt.dump(base)).toBe('{"a":{"b":{"d":2}}}')
  })

  it('the documented data-update cycle with stash/restore does not leak', () => {
    const rt = load()
    const data = rt.parse('{}')
    rt.x.opa_heap_blocks_stash()
    let dataHeap = rt.x.opa_heap_ptr_get()
    let sizeAt = 0
    for (let i = 0; i < 3000; i++) {
      rt.x.opa_heap_ptr_set(dataHeap)
      rt.x.opa_heap_blocks_restore()
      const key = `k${i % 10}`
      const path = rt.parseFree(JSON.stringify([key, 'v']))
      expect(rt.x.opa_value_add_path(data, path, rt.parseFree(JSON.stringify({ n: i, pad: 'x'.repeat(100) })))).toBe(0)
      rt.x.opa_value_free(path)
      rt.x.opa_heap_blocks_stash()
      dataHeap = rt.x.opa_heap_ptr_get()
      if (i === 100) sizeAt = dataHeap
    }
    expect(dataHeap).toBe(sizeAt)
    expect(JSON.parse(rt.dump(data)).k3.v.n).toBe(2993)
  })
})

describe('module shape', () => {
  it('imports exactly the ABI set and exports the ABI globals and placeholders', () => {
    const mod = new WebAssembly.Module(readFileSync(new URL('../src/runtime-lib/runtime.wasm', import.meta.url)))
    const imports = WebAssembly.Module.imports(mod)
      .map((i) => `${i.module}.${i.name}:${i.kind}`)
      .sort()
    expect(imports).toEqual([
      'env.memory:memory',
      'env.opa_abort:function',
      'env.opa_builtin0:function',
      'env.opa_builtin1:function',
      'env.opa_builtin2:function',
      'env.opa_builtin3:function',
      'env.opa_builtin4:function',
      'env.opa_println:function',
    ])
    const rt = load()
    expect(rt.x.opa_wasm_abi_version.value).toBe(1)
    expect(rt.x.opa_wasm_abi_minor_version.value).toBe(3)
    expect(rt.x.memory).toBe(rt.memory)
    const { eval: e, builtins: b, entrypoints: p } = runtimeJson.placeholders
    expect(new Set([e, b, p]).size).toBe(3)
    expect(runtimeJson.functions.eval).toBe(e)
    expect(runtimeJson.placeholderCallers.eval).toContain(runtimeJson.functions.cordon_eval)
  })
})
