import { buildWasm } from '@cordon/wasm'
import { describe, expect, it } from 'vitest'
import { benchmark, benchMemString, benchString } from './bench.js'
import { instanceWith } from './instance.js'

const policy = `package b

names := [n | some x in input.items; n := concat("-", [x, x])]
`

function instance() {
  const built = buildWasm([{ file: 'b.rego', text: policy }], { entrypoints: ['b/names'] })
  return instanceWith(built.wasm!, {}, new Map())
}

describe('--bench measurements', () => {
  it("counts the runtime allocator's calls and bytes per evaluation (PolicyInstance.allocatorCounters)", () => {
    const inst = instance()
    const perEvaluation = (n: number) => {
      const input = JSON.stringify({ items: Array.from({ length: n }, (_, i) => `item${i}`) })
      const before = inst.allocatorCounters!
      inst.evaluateText(input, 'b/names')
      const after = inst.allocatorCounters!
      return { calls: after.calls - before.calls, bytes: after.bytes - before.bytes }
    }
    const small = perEvaluation(1)
    const large = perEvaluation(100)
    expect(small.calls).toBeGreaterThan(0)
    expect(small.bytes).toBeGreaterThanOrEqual(8 * small.calls)
    // Each item is parsed, concatenated and put in the array: calls and bytes grow with the items.
    expect(large.calls).toBeGreaterThan(small.calls + 100 * 3)
    expect(large.bytes).toBeGreaterThan(small.bytes * 20)
    // The same evaluation allocates the same again (the counters only grow).
    expect(perEvaluation(1)).toEqual(small)
  })

  it('grows the run count as Go does until one run takes the bench time', () => {
    const inst = instance()
    let calls = 0
    const b = benchmark(() => (calls++, inst.evaluateText('{"items": ["a"]}', 'b/names')), inst, 50_000_000)
    expect(b.ns).toBeGreaterThanOrEqual(50_000_000)
    expect(b.n).toBeGreaterThan(1)
    // Every run before the last was shorter than the bench time; the last is the one reported.
    expect(calls).toBeGreaterThan(b.n)
    const one = inst.allocatorCounters!
    inst.evaluateText('{"items": ["a"]}', 'b/names')
    expect(b.allocs).toBe(b.n * (inst.allocatorCounters!.calls - one.calls))
  })

  it("formats as Go's BenchmarkResult.String (%8d, then ns/op with Go's prettyPrint widths)", () => {
    expect(benchString({ n: 1421320, ns: 1421320 * 992, allocBytes: 0, allocs: 0 })).toBe(
      ' 1421320\t       992.0 ns/op',
    )
    expect(benchString({ n: 12, ns: 12 * 1_234_567, allocBytes: 0, allocs: 0 })).toBe('      12\t   1234567 ns/op')
    expect(benchString({ n: 100, ns: 4250, allocBytes: 0, allocs: 0 })).toBe('     100\t        42.50 ns/op')
    // Go's MemString: integer division by N of the run's bytes and allocations.
    expect(benchMemString({ n: 4, ns: 1, allocBytes: 1474, allocs: 39 })).toBe('     368 B/op\t       9 allocs/op')
  })
})
