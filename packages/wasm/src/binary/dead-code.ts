/**
 * `removeDeadCode`: drops from a linked module what no host can reach.
 *
 * What stays (OPA's compiler keeps the same set, see its `removeUnusedCode`):
 * the exports the caller keeps, the start function, every function placed in
 * a table, every import, and everything those call, transitively. Other
 * functions are removed and the remaining ones renumbered, the most
 * referenced first (calls, `ref.func`, exports, tables, names).
 *
 * Data goes too: an active data segment stays when a kept function, a global's
 * initialiser or a kept segment (any aligned 32-bit word) holds an address
 * inside it (`i32.const` or a load/store offset), up to its end. That is
 * conservative for what a compiler emits for static data (its address as a
 * constant); memory that no segment fills reads as zero, as it did before, so
 * a dropped segment can only matter if code reached it by arithmetic from an
 * address outside it. `runtimeDataReferences` in the tests checks that every
 * segment of the runtime library is named by an address inside it.
 * When code names segments by index (`memory.init`, `data.drop`) every
 * segment stays.
 */
import { evalI32ConstExpr } from './const-expr.js'
import { scanCode, type CodeRefs } from './code-scan.js'
import { ByteWriter } from './bytes.js'
import { ExternalKind, importCount, type DataSegment, type Export, type WasmModule } from './types.js'
import { withoutZeroRuns } from './zero-runs.js'

export interface DeadCodeOptions {
  /** Whether an export stays. Memory, table and global exports are kept unless this says no. */
  keepExport(e: Export): boolean
  /**
   * Address of a data segment whose words name no other segment (a
   * compiler's own data, packed or not): they keep none alive. Default: none.
   */
  opaqueSegmentAt?: number
}

/** The module without unreachable functions and data. `m` is not changed. */
export function removeDeadCode(m: WasmModule, options: DeadCodeOptions): WasmModule {
  const imported = importCount(m, ExternalKind.func)
  const exports = m.exports.filter((e) => options.keepExport(e))
  const refs: (CodeRefs | undefined)[] = new Array(m.codes.length)
  const scanned = (i: number) => (refs[i] ??= scanCode(m.codes[i]!))

  // Reachable functions.
  const live = new Uint8Array(imported + m.functions.length)
  const stack: number[] = []
  const reach = (f: number) => {
    if (live[f]) return
    live[f] = 1
    stack.push(f)
  }
  for (let f = 0; f < imported; f++) reach(f)
  for (const e of exports) if (e.kind === ExternalKind.func) reach(e.index)
  if (m.start !== undefined) reach(m.start)
  for (const seg of m.elements) {
    for (const f of seg.funcIndices ?? []) reach(f)
    for (const x of seg.exprs ?? []) for (const r of scanCode(x, { expr: true }).funcRefs) reach(r.index)
  }
  const globalRefs = m.globals.map((g) => scanCode(g.init, { expr: true }))
  for (const g of globalRefs) for (const r of g.funcRefs) reach(r.index)
  while (stack.length > 0) {
    const f = stack.pop()!
    if (f >= imported) for (const r of scanned(f - imported).funcRefs) reach(r.index)
  }

  // New indices: imports keep theirs; defined functions close up, the most
  // referenced first (ties in order): a call of an index below 128 is 2 bytes,
  // up to 16,383 3 bytes (trivy-checks' rule bodies make 8,000 calls of ~12
  // runtime functions and helpers that were past 128).
  const newIndex = new Int32Array(live.length).fill(-1)
  const refCount = new Uint32Array(live.length)
  for (let f = imported; f < live.length; f++)
    if (live[f]) for (const r of scanned(f - imported).funcRefs) refCount[r.index]!++
  const order: number[] = []
  for (let f = imported; f < live.length; f++) if (live[f]) order.push(f)
  order.sort((a, b) => refCount[b]! - refCount[a]! || a - b)
  let next = 0
  for (let f = 0; f < imported; f++) newIndex[f] = next++
  for (const f of order) newIndex[f] = next++
  const map = (f: number) => {
    const n = newIndex[f]!
    if (n < 0) throw new Error(`removeDeadCode: function ${f} is referenced but was not kept`)
    return n
  }

  const functions: number[] = []
  const codes: Uint8Array[] = []
  const liveRefs: CodeRefs[] = [...globalRefs]
  for (const f of order) {
    const i = f - imported
    functions.push(m.functions[i]!)
    codes.push(renumberCalls(m.codes[i]!, scanned(i), map))
    liveRefs.push(scanned(i))
  }

  const out: WasmModule = {
    ...m,
    functions,
    codes,
    exports: exports.map((e) => (e.kind === ExternalKind.func ? { ...e, index: map(e.index) } : e)),
    start: m.start === undefined ? undefined : map(m.start),
    elements: m.elements.map((seg) => ({
      ...seg,
      funcIndices: seg.funcIndices?.map(map),
      exprs: seg.exprs?.map((x) => renumberCalls(x, scanCode(x, { expr: true }), map)),
    })),
    globals: m.globals.map((g, i) => ({ ...g, init: renumberCalls(g.init, globalRefs[i]!, map) })),
    data: liveData(m.data, liveRefs, options.opaqueSegmentAt),
  }
  if (m.names) {
    const functions = new Map<number, string>()
    for (const [f, name] of m.names.functions) if (live[f]) functions.set(newIndex[f]!, name)
    const locals = new Map<number, Map<number, string>>()
    for (const [f, names] of m.names.locals) if (live[f]) locals.set(newIndex[f]!, names)
    out.names = { ...m.names, functions, locals }
  }
  return out
}

/** `code` with every function index replaced through `map` (the same bytes when none changes). */
function renumberCalls(code: Uint8Array, refs: CodeRefs, map: (f: number) => number): Uint8Array {
  if (refs.funcRefs.every((r) => map(r.index) === r.index)) return code
  const w = new ByteWriter(code.length + 4 * refs.funcRefs.length)
  let from = 0
  for (const r of refs.funcRefs) {
    w.bytes(code.subarray(from, r.start)).u32(map(r.index))
    from = r.end
  }
  return w.bytes(code.subarray(from)).toBytes()
}

/** The data segments some live code or live data points into. See the module comment. */
function liveData(data: DataSegment[], refs: CodeRefs[], opaqueAt: number | undefined): DataSegment[] {
  if (refs.some((r) => r.usesDataIndices)) return data
  const spans: { start: number; end: number; i: number }[] = []
  for (const [i, seg] of data.entries()) {
    const start = seg.flags === 1 ? undefined : evalI32ConstExpr(seg.offset!)
    if (start === undefined || seg.memory !== 0) return data // passive or computed: keep all
    spans.push({ start: start >>> 0, end: (start >>> 0) + seg.bytes.length, i })
  }
  spans.sort((a, b) => a.start - b.start)
  const keep = new Uint8Array(data.length)
  const pending: number[] = []
  const mark = (address: number) => {
    // Every segment whose [start, end] holds the address (segments do not overlap, but may touch).
    let lo = 0
    let hi = spans.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (spans[mid]!.end < address) lo = mid + 1
      else hi = mid
    }
    for (let k = lo; k < spans.length && spans[k]!.start <= address; k++) {
      const s = spans[k]!
      if (!keep[s.i]) {
        keep[s.i] = 1
        pending.push(s.i)
      }
    }
  }
  for (const r of refs) for (const a of r.addresses) mark(a)
  while (pending.length > 0) {
    const i = pending.pop()!
    const seg = data[i]!
    const start = evalI32ConstExpr(seg.offset!)! >>> 0
    if (start === opaqueAt) continue
    const view = new DataView(seg.bytes.buffer, seg.bytes.byteOffset, seg.bytes.byteLength)
    for (let p = (4 - (start % 4)) % 4; p + 4 <= seg.bytes.length; p += 4) mark(view.getUint32(p, true))
  }
  return data.flatMap((seg, i) => (keep[i] ? withoutZeroRuns(seg) : []))
}
