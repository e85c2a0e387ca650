// Writing a large input or data document grows the module's memory by half
// its size at least, not by the page or so each block needs: V8's growth
// costs time in proportion to the memory's size, so a 10 MB document grown a
// page at a time took seconds (quadratic). Counted by grow calls, not timed.
import { PolicyInstance } from '@cordon/engine'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { compile } from './support/bundles.js'

const wasm = compile('package g\n\nok := input.ok\n\nd := data.ok\n', ['g/ok', 'g/d'])

/** Chains of objects 100 deep: much memory per byte of JSON (≈ 40 MB of blocks here). */
function deepChains(count: number): unknown {
  const chains = []
  for (let c = 0; c < count; c++) {
    let v: unknown = { leaf: c }
    for (let d = 0; d < 100; d++) v = { n: v }
    chains.push(v)
  }
  return { ok: count, chains }
}

describe('memory growth while writing big values', () => {
  const grow = WebAssembly.Memory.prototype.grow
  let calls = 0
  beforeEach(() => {
    calls = 0
    WebAssembly.Memory.prototype.grow = function (this: WebAssembly.Memory, pages: number) {
      calls++
      return grow.call(this, pages)
    }
  })
  afterEach(() => {
    WebAssembly.Memory.prototype.grow = grow
  })

  it('grows a few times for a large input, not page by page', () => {
    const inst = PolicyInstance.createSync(wasm)
    const value = deepChains(3000)
    const rs = inst.evaluate(value, 'g/ok')
    expect(rs).toEqual([{ result: 3000 }])
    const pages = inst.memoryBytes / 65536
    // Page by page, this would be hundreds of calls.
    expect(pages).toBeGreaterThan(300)
    expect(calls).toBeLessThan(16)
  })

  it('grows a few times for large data, and the data reads back', () => {
    const inst = PolicyInstance.createSync(wasm)
    inst.setData(deepChains(3000))
    expect(calls).toBeLessThan(16)
    expect(inst.evaluate({}, 'g/d')).toEqual([{ result: 3000 }])
  })

  it('still fits a value up to the maximum, and fails with a RangeError past it', () => {
    // 64 pages at most: growing by half of a large memory would not fit, what is needed does.
    const inst = PolicyInstance.createSync(wasm, { memory: { maximum: 64 } })
    const fits = { ok: 'x'.repeat(3_000_000) }
    expect(inst.evaluate(fits, 'g/ok')).toEqual([{ result: fits.ok }])
    expect(inst.memoryBytes).toBeLessThanOrEqual(64 * 65536)
    expect(() => inst.evaluate({ ok: 'x'.repeat(5_000_000) }, 'g/ok')).toThrow(RangeError)
  })

  it("the runtime's allocator (JSON text parsed in the module) also fits up to the maximum, then fails", () => {
    const inst = PolicyInstance.createSync(wasm, { memory: { maximum: 64 } })
    // Text and parsed string: about 2 x 1.5 MB of the 4 MB maximum.
    const text = JSON.stringify({ ok: 'y'.repeat(1_500_000) })
    inst.setData(text)
    expect(inst.evaluate({}, 'g/d')).toEqual([{ result: 'y'.repeat(1_500_000) }])
    expect(inst.memoryBytes).toBeLessThanOrEqual(64 * 65536)
    expect(() => inst.setData(JSON.stringify({ ok: 'z'.repeat(3_000_000) }))).toThrow()
  })
})

describe('memoryBytes', () => {
  // Read from the reader's views while their buffer is the memory's, so it
  // must follow every growth: of the writer, of the runtime, of the JSON text path.
  const size = (inst: PolicyInstance) => (inst as unknown as { memory: WebAssembly.Memory }).memory.buffer.byteLength

  it('is the memory size after each way the memory grows', () => {
    const inst = PolicyInstance.createSync(wasm)
    expect(inst.memoryBytes).toBe(size(inst))
    inst.evaluate({ ok: 1 }, 'g/ok')
    const small = inst.memoryBytes
    expect(small).toBe(size(inst))
    // The writer grows it (plain input)...
    inst.evaluate(deepChains(300), 'g/ok')
    expect(inst.memoryBytes).toBe(size(inst))
    expect(inst.memoryBytes).toBeGreaterThan(small)
    // ...the runtime's parser (JSON text), with no read of a result after it...
    const before = inst.memoryBytes
    inst.evaluateText(JSON.stringify({ ok: 'y'.repeat(4 * before) }), 'g/ok')
    expect(inst.memoryBytes).toBe(size(inst))
    expect(inst.memoryBytes).toBeGreaterThan(before)
    // ...and setData.
    const then = inst.memoryBytes
    inst.setData({ ok: 'z'.repeat(4 * then) })
    expect(inst.memoryBytes).toBe(size(inst))
    expect(inst.memoryBytes).toBeGreaterThan(then)
  })
})
