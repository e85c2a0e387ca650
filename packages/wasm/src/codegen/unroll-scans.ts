/**
 * A scan of a small constant array (`some path in [["user", "nationality"],
 * ["model", "id"]]`) emitted once per element, its key and value set to the
 * element's static values: no cursor, no runtime step per element, and the
 * value is known while its copy of the body is emitted, so a call such as
 * `object.get(input, path, null)` with it can be compiled for that path
 * (object-get-path.ts). Each copy is its own IR block, as each iteration is:
 * a statement that fails ends that copy and the next runs; a `Break` leaves
 * the same blocks it would have left. The copies spend one unit of fuel in
 * all (their number and size are bounded here), as a func's own statements
 * spend nothing (fuel.ts).
 */
import {
  childBlocks,
  forEachStmtLocal,
  walkStmts,
  type Block,
  type ConstValue,
  type Local,
  type Stmt,
} from '@cordon/rego'
import type { FnEmitter } from './emitter.js'

type Scan = Extract<Stmt, { type: 'Scan' }>

/** At most this many elements, and statements in all the copies together. */
const MAX_ELEMENTS = 8
const MAX_UNROLLED_STMTS = 64

/**
 * Emits `s` unrolled when it scans a constant array of `e`'s body: the
 * source local assigned once in the body, from a constant array value.
 * Returns whether it did.
 */
export function lowerUnrolledScan(e: FnEmitter, s: Scan, lower: (e: FnEmitter, b: Block) => void): boolean {
  const items = constantArrayOf(e, s)
  if (!items || items.values.length === 0 || items.values.length > MAX_ELEMENTS) return false
  let stmts = 0
  walkStmts([s.block], () => void stmts++)
  if (stmts * items.values.length > MAX_UNROLLED_STMTS) return false
  const f = e.f
  e.burnFuel('loop')
  items.values.forEach((value, i) => {
    f.i32Const(e.m.data.numberValue(String(i))!).localSet(e.local(s.key))
    f.i32Const(items.addresses[i]!).localSet(e.local(s.value))
    e.constLocals.set(s.value, value)
    try {
      e.block(s.block, lower)
    } finally {
      e.constLocals.delete(s.value)
    }
  })
  return true
}

interface BodyFacts {
  /** Each local's one assigning statement; null when it has several. */
  assigner: Map<Local, Stmt | null>
  /** The statement before each statement in its block. */
  previous: Map<Stmt, Stmt>
}

const facts = new WeakMap<FnEmitter, BodyFacts>()

/**
 * The elements (values and static addresses) of the constant array that
 * `s.source` holds: assigned once in `e`'s body, by the statement right
 * before the scan.
 */
function constantArrayOf(e: FnEmitter, s: Scan): { values: ConstValue[]; addresses: number[] } | undefined {
  if (!e.body || e.body.entry.includes(s.source)) return undefined
  let known = facts.get(e)
  if (!known) {
    known = { assigner: new Map(), previous: new Map() }
    const { assigner, previous } = known
    const visitBlock = (b: Block) => b.stmts.forEach((st, i) => i > 0 && previous.set(st, b.stmts[i - 1]!))
    e.body.blocks.forEach(visitBlock)
    walkStmts(e.body.blocks, (st) => {
      childBlocks(st).forEach(visitBlock)
      forEachStmtLocal(st, (l, assigns) => {
        // A second assignment: not one value throughout.
        if (assigns) assigner.set(l, assigner.has(l) ? null : st)
      })
    })
    facts.set(e, known)
  }
  const st = known.assigner.get(s.source)
  if (!st || known.previous.get(s) !== st || st.type !== 'AssignVar' || st.source.kind !== 'value') return undefined
  const value = e.m.policy.values?.[st.source.index]
  const addresses = e.m.values.elements(st.source.index)
  if (value?.type !== 'array' || !addresses) return undefined
  return { values: value.items, addresses }
}
