/**
 * `cordon test --bench`: each test evaluated repeatedly on the shipped
 * module, as Go's `testing.Benchmark` runs `opa test --bench` (the run count
 * grows until one run takes the bench time, 1 s), and the line OPA prints for
 * it (`BenchmarkResult.String()` and `MemString()`).
 *
 * Memory: Go counts the heap allocations of the Go code per op. The honest
 * analogue for a Wasm module is its runtime allocator: B/op is the payload
 * bytes `opa_malloc` handed out (and `opa_realloc` grew in place) per
 * evaluation, freed or not, and allocs/op the number of those calls
 * (`PolicyInstance.allocatorCounters`). Allocations the host makes in
 * JavaScript (the input's JSON text, the result's decoding) are not counted.
 */
import type { PolicyInstance } from '@cordon/engine'

export interface BenchFigures {
  /** Evaluations in the measured run. */
  n: number
  /** Nanoseconds the measured run took. */
  ns: number
  /** Runtime allocator: payload bytes allocated by all evaluations of the measured run. */
  allocBytes: number
  /** Runtime allocator: allocations made by all evaluations of the measured run. */
  allocs: number
}

/** The bench time of `go test` and `opa test --bench`. */
const BENCH_TIME_NS = 1_000_000_000

/** Runs `evaluate` b.N times for growing N, as Go's testing.B.launch; returns the last run. */
export function benchmark(
  evaluate: () => unknown,
  instance: PolicyInstance,
  benchTimeNs = BENCH_TIME_NS,
): BenchFigures {
  const runN = (n: number): BenchFigures => {
    const before = instance.allocatorCounters
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < n; i++) evaluate()
    const ns = Number(process.hrtime.bigint() - t0)
    const after = instance.allocatorCounters
    if (!before || !after)
      throw new Error(
        "the module's runtime keeps no allocation counters (cordon_alloc_calls, cordon_alloc_bytes): rebuild it with this version of Cordon",
      )
    return { n, ns, allocBytes: after.bytes - before.bytes, allocs: after.calls - before.calls }
  }
  let last = runN(1)
  while (last.ns < benchTimeNs && last.n < 1e9) last = runN(predictN(benchTimeNs, last.n, last.ns))
  return last
}

/** Go's predictN: 20% more than the goal suggests, at most 100× the last run, at least one more. */
function predictN(goalNs: number, prevN: number, prevNs: number): number {
  let n = Math.floor((goalNs * prevN) / Math.max(prevNs, 1))
  n += Math.floor(n / 5)
  return Math.min(Math.max(Math.min(n, 100 * prevN), prevN + 1), 1e9)
}

const nsPerOp = (b: BenchFigures): number => b.ns / b.n
/** Go's AllocedBytesPerOp and AllocsPerOp: integer division of the run's totals by N. */
const allocBytesPerOp = (b: BenchFigures): number => Math.floor(b.allocBytes / b.n)
const allocsPerOp = (b: BenchFigures): number => Math.floor(b.allocs / b.n)

/** Go's testing.prettyPrint: ten places before the point, four significant figures for small values. */
function prettyPrint(x: number, unit: string): string {
  const y = Math.abs(x)
  const [width, places] =
    y === 0 || y >= 999.95
      ? [10, 0]
      : y >= 99.995
        ? [12, 1]
        : y >= 9.9995
          ? [13, 2]
          : y >= 0.99995
            ? [14, 3]
            : y >= 0.099995
              ? [15, 4]
              : y >= 0.0099995
                ? [16, 5]
                : y >= 0.00099995
                  ? [17, 6]
                  : [18, 7]
  return `${x.toFixed(places).padStart(width)} ${unit}`
}

/** `BenchmarkResult.String()`: `%8d` runs, then ns/op. */
export function benchString(b: BenchFigures): string {
  return `${String(b.n).padStart(8)}\t${prettyPrint(nsPerOp(b), 'ns/op')}`
}

/** Go's `MemString()`: `%8d B/op\t%8d allocs/op`, here of the runtime allocator (see above). */
export function benchMemString(b: BenchFigures): string {
  return `${String(allocBytesPerOp(b)).padStart(8)} B/op\t${String(allocsPerOp(b)).padStart(8)} allocs/op`
}
