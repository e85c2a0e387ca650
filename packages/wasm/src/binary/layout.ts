/**
 * Where things live in a module's memory and table: the end of its static
 * data, and growing the declared limits of memory 0 and table 0. The
 * functions change the module they are given by replacing entries of its
 * `imports`, `memories` and `tables` arrays (never the entries' insides), so
 * a caller that copied those arrays can share the entries with others.
 */
import { evalI32ConstExpr } from './const-expr.js'
import { ExternalKind, RefType, type Limits, type TableType, type WasmModule } from './types.js'

/** Bytes of one WebAssembly memory page. */
export const PAGE_SIZE = 65536

/**
 * End of the active data in memory 0: the highest `offset + length` of its
 * segments (0 when there are none).
 * @throws Error when a segment's offset is not a constant (e.g. `global.get`).
 */
export function staticDataEnd(m: WasmModule): number {
  let end = 0
  for (const [i, seg] of m.data.entries()) {
    if (seg.flags === 1 || seg.memory !== 0) continue
    const offset = evalI32ConstExpr(seg.offset!)
    if (offset === undefined) {
      throw new Error(`data segment ${i} has a non-constant offset; cannot place new data after it`)
    }
    end = Math.max(end, (offset >>> 0) + seg.bytes.length)
  }
  return end
}

/**
 * Raises the declared minimum of memory 0 (imported or defined) to `pages`.
 * @throws Error when the memory's maximum is lower, or there is no memory.
 */
export function raiseMemoryMinimum(m: WasmModule, pages: number): void {
  const update = (l: Limits): Limits => {
    if (l.min >= pages) return l
    if (l.max !== undefined && l.max < pages) {
      throw new Error(`static data needs ${pages} memory pages but the maximum is ${l.max}`)
    }
    return { ...l, min: pages }
  }
  const i = m.imports.findIndex((imp) => imp.desc.kind === ExternalKind.memory)
  const imp = m.imports[i]
  if (imp && imp.desc.kind === ExternalKind.memory) {
    m.imports[i] = { ...imp, desc: { kind: imp.desc.kind, limits: update(imp.desc.limits) } }
  } else if (m.memories.length > 0) {
    m.memories[0] = update(m.memories[0]!)
  } else {
    throw new Error('module has no memory to place data in')
  }
}

/** Table 0 (imported or defined) and, if imported, its position in `imports`. */
function table0(m: WasmModule): { table?: TableType; importAt: number } {
  const importAt = m.imports.findIndex((imp) => imp.desc.kind === ExternalKind.table)
  const desc = m.imports[importAt]?.desc
  return desc?.kind === ExternalKind.table ? { table: desc.table, importAt } : { table: m.tables[0], importAt: -1 }
}

/**
 * The declared size of table 0, 0 when there is no table.
 * @throws Error when table 0 does not hold functions.
 */
export function funcTableSize(m: WasmModule): number {
  const { table } = table0(m)
  if (table && table.refType !== RefType.funcref) throw new Error('table 0 is not a funcref table')
  return table ? table.limits.min : 0
}

/**
 * Sets the minimum of table 0 to `min` (raising its maximum too when lower),
 * creating a funcref table when the module has none.
 */
export function setFuncTableMinimum(m: WasmModule, min: number): void {
  const { table, importAt } = table0(m)
  const limits: Limits = { ...table?.limits, min }
  if (limits.max !== undefined && limits.max < min) limits.max = min
  const next: TableType = { refType: RefType.funcref, limits }
  const imp = m.imports[importAt]
  if (imp?.desc.kind === ExternalKind.table)
    m.imports[importAt] = { ...imp, desc: { kind: imp.desc.kind, table: next } }
  else if (table) m.tables[0] = next
  else m.tables.push(next)
}
