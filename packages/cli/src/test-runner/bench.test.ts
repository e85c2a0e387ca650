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
  it('heap bytes per evaluation grow with what the evaluation builds (PolicyInstance.evaluationHeapBytes)', () => {
    const inst = instance()
    const bytes = (n: number) => {
      inst.evaluateText(JSON.stringify({ items: Array.from({ length: n }, (_, i) => `item${i}`) }), 'b/names')
      return inst.evaluationHeapBytes
    }
    const small = bytes(1)
    const large = bytes(100)
    expect(small).toBeGreaterThan(0)
    expect(large).toBeGreaterThan(small * 20)
    // The heap is reset for every evaluation: the same one takes the same bytes again.
    expect(bytes(1)).toBe(small)
  })

  it('grows the run count as Go does until one run takes the bench time', () => {
    const inst = instance()
    let calls = 0
    const b = benchmark(() => (calls++, inst.evaluateText('{"items": ["a"]}', 'b/names')), inst, 50_000_000)
    expect(b.ns).toBeGreaterThanOrEqual(50_000_000)
    expect(b.n).toBeGreaterThan(1)
    // Every run before the last was shorter than the bench time; the last is the one reported.
    expect(calls).toBeGreaterThan(b.n)
    expect(b.heapBytes).toBe(b.n * inst.evaluationHeapBytes)
  })

  it("formats as Go's BenchmarkResult.String (%8d, then ns/op with Go's prettyPrint widths)", () => {
    expect(benchString({ n: 1421320, ns: 1421320 * 992, heapBytes: 0 })).toBe(' 1421320\t       992.0 ns/op')
    expect(benchString({ n: 12, ns: 12 * 1_234_567, heapBytes: 0 })).toBe('      12\t   1234567 ns/op')
    expect(benchString({ n: 100, ns: 4250, heapBytes: 0 })).toBe('     100\t        42.50 ns/op')
    expect(benchMemString({ n: 4, ns: 1, heapBytes: 1474 })).toBe('     368 B/op')
  })
})
