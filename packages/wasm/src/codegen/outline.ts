/**
 * Big rule bodies become several functions (issue 18): V8 compiles a Wasm
 * function on its first call, in time that grows faster than its size
 * (Liftoff's work at each branch target is proportional to the function's
 * locals), so one rule body of 60 KB and 2,000 locals cost Regal's first
 * decision 180 ms. Pieces of about OUTLINE_MIN_STMTS statements (nested ones
 * counted) are compiled as functions taking the IR locals they share with the
 * rest of their function as parameters, and called in their place:
 *
 * - consecutive blocks of a big `Block` statement (they run in sequence, each
 *   its own failure scope; the function's result is ignored);
 * - runs of consecutive statements of one block (the function returns 1 when
 *   the run completes, 0 when a statement fails; 0 fails the caller's block,
 *   as `Break 0` at the run's level does).
 *
 * A piece is outlined only when that keeps the meaning:
 * - no `Break` inside it leaves it;
 * - it has no `ReturnLocal` and no `ResultSetAdd` (they need the enclosing
 *   function's frame);
 * - every IR local it assigns is used nowhere else in the function, so the
 *   caller never reads what the callee changed; except that a group of
 *   blocks may assign one such local (the value of a complete rule or
 *   function, which each definition sets): it is passed in, and the new
 *   function returns its last value, which the caller stores back. Locals it only reads (and
 *   those `with` replaces only for its own block) are passed by value; objects,
 *   arrays and sets it adds to are values in memory, shared through pointers.
 *
 * Inside the new functions, big pieces are outlined again.
 * `outline.test.ts` and the conformance suite compiled with every piece
 * outlined (`outlineMinStmts: 2`) check the meaning is kept.
 */
import { ValType, type FunctionBuilder } from '../binary/index.js'
import { childBlocks, everyStmt, forEachStmtLocal, walkStmts, type Block, type Local, type Stmt } from '@cordon/rego'
import { FnEmitter } from './emitter.js'

/** Statements (nested ones counted) a piece adds up to before it is outlined (CompileWasmOptions.outlineMinStmts). */
export const OUTLINE_MIN_STMTS = 300
/** At most this many shared locals are passed; more, and the piece stays inline. */
const MAX_PARAMS = 200

type BlockStmt = Extract<Stmt, { type: 'Block' }>

/** How often each IR local occurs in some statements, and whether any occurrence assigns it. */
interface LocalUses {
  count: Map<Local, number>
  assigned: Set<Local>
}

/**
 * Emits a big `Block` statement with groups of its blocks outlined where they
 * can be (see the module comment); false when it is small (nothing emitted).
 * @param body the whole function being emitted: its blocks and the locals set on entry
 */
export function outlineBlockStmt(
  e: FnEmitter,
  s: BlockStmt,
  body: NonNullable<FnEmitter['body']>,
  lower: Lower,
): boolean {
  if (stmtCount(s) < e.m.outlineMinStmts) return false
  lowerBlocksOutlined(e, s.blocks, body, lower)
  return true
}

/**
 * Emits blocks that run in sequence, each its own failure scope (the blocks
 * of a `Block` statement, or of a whole func: one per definition of a rule
 * with many), consecutive ones that add up to the outline size as one new
 * function each where they can be. A tail smaller than that joins the group
 * before it (unless it cannot leave the function, e.g. it returns), so that
 * a rule of many small definitions leaves less than one group inline.
 */
export function lowerBlocksOutlined(
  e: FnEmitter,
  blocks: readonly Block[],
  body: NonNullable<FnEmitter['body']>,
  lower: Lower,
): void {
  const min = e.m.outlineMinStmts
  let left = blocks.reduce((n, b) => n + blockCount(b), 0)
  let i = 0
  while (i < blocks.length) {
    let [j, n] = groupEnd(blocks, i, min, blockCount)
    if (j < blocks.length && left - n < min && staysInside(blocks.slice(j))) [j, n] = [blocks.length, left]
    const group = blocks.slice(i, j)
    if (!(n >= min && staysInside(group) && outline(e, group, body, lower, false))) {
      for (const b of group) e.block(b, lower)
    }
    left -= n
    i = j
  }
}

export const blockCount = (b: Block) => b.stmts.reduce((n, c) => n + stmtCount(c), 0)

/** Where a group starting at `i` ends: the first `j` whose items from `i` count `min` or more (or the end), and that count. */
function groupEnd<T>(items: readonly T[], i: number, min: number, count: (x: T) => number): [j: number, n: number] {
  let j = i
  let n = 0
  while (j < items.length && n < min) n += count(items[j++]!)
  return [j, n]
}

/**
 * Emits a block's statements, runs of them that add up to the outline size
 * as calls of new functions where they can be: the function returns 1 when
 * the run completes and 0 when a statement of it fails, and a 0 fails the
 * statement in the caller. `Break 0` at the run's level leaves the block as a
 * failure does.
 */
export function lowerStmtsOutlined(
  e: FnEmitter,
  b: Block,
  body: NonNullable<FnEmitter['body']>,
  lower: Lower,
  /** Emits `stmts[i]` (or more, from there on); returns how many statements it emitted. */
  lowerOne: (e: FnEmitter, stmts: readonly Stmt[], i: number) => number,
  /** The block `b` was rewritten from (count-tests.ts), by which an outlined run is known. */
  original: Block = b,
): void {
  const min = e.m.outlineMinStmts
  let i = 0
  while (i < b.stmts.length) {
    const [j, n] = groupEnd(b.stmts, i, min, stmtCount)
    const run = b.stmts.slice(i, j)
    // A run of one statement gains nothing (a big Block statement is outlined by itself),
    // nor does a whole block that is already the body of an outlined run.
    const whole = i === 0 && j === b.stmts.length && outlinedRuns.has(original)
    if (
      n >= min &&
      run.length > 1 &&
      !whole &&
      staysInside([{ stmts: run }]) &&
      outline(e, [{ stmts: run }], body, lower, true)
    ) {
      i = j
      continue
    }
    i += lowerOne(e, b.stmts, i)
  }
}

type Lower = (e: FnEmitter, b: Block) => void

/** The blocks made to hold an outlined run. */
const outlinedRuns = new WeakSet<Block>()

/**
 * Emits cases `lo .. hi-1` of a big `Switch` as a call of a new function of the
 * locals they share and the case number `n` (a Wasm local of the caller),
 * which runs `emitCases` (the search over those cases); false when they cannot
 * be outlined (nothing emitted).
 */
export function outlineCases(
  e: FnEmitter,
  cases: Block[],
  n: number,
  body: NonNullable<FnEmitter['body']>,
  emitCases: (inner: FnEmitter, n: number) => void,
): boolean {
  return staysInside(cases) && outline(e, cases, body, (inner, params) => emitCases(inner, params), n)
}

/** The outlining itself: `blocks` as a new function of the locals they share, and its call. */
function outline(
  e: FnEmitter,
  blocks: Block[],
  body: NonNullable<FnEmitter['body']>,
  lower: Lower,
  run: boolean,
): boolean
function outline(
  e: FnEmitter,
  blocks: Block[],
  body: NonNullable<FnEmitter['body']>,
  emitCases: (inner: FnEmitter, n: number) => void,
  n: number,
): boolean
function outline(
  e: FnEmitter,
  blocks: Block[],
  body: NonNullable<FnEmitter['body']>,
  how: Lower | ((inner: FnEmitter, n: number) => void),
  mode: boolean | number,
): boolean {
  const run = mode === true
  const inside = usesOf(blocks)
  const all = bodyUses(e, body)
  const shared: Local[] = []
  // A group of blocks may assign one local of the function (a complete rule's value, set
  // by each of its definitions): it is passed in and its last value returned.
  let out: Local | undefined
  for (const [local, n] of inside.count) {
    if (n === all.count.get(local)) continue // private to the blocks
    if (inside.assigned.has(local)) {
      if (run || out !== undefined) return false
      out = local
    }
    shared.push(local)
  }
  if (shared.length > MAX_PARAMS) return false
  shared.sort((a, b) => a - b)
  const caseParam = typeof mode === 'number'
  const params = shared.length + (caseParam ? 1 : 0)
  const inner = new FnEmitter(e.m, params, 1, shared, e.func)
  inner.body = { blocks, entry: shared }
  if (run) {
    outlinedRuns.add(blocks[0]!)
    inner.block(blocks[0]!, (ie, b) => {
      ;(how as Lower)(ie, b)
      ie.f.i32Const(1).return()
    })
    inner.f.i32Const(0)
  } else {
    if (caseParam) (how as (inner: FnEmitter, n: number) => void)(inner, shared.length)
    else for (const b of blocks) inner.block(b, how as Lower)
    if (out === undefined) inner.f.i32Const(0)
    else inner.f.localGet(inner.local(out))
  }
  const type = { params: Array<ValType>(params).fill(ValType.i32), results: [ValType.i32] }
  const index = e.m.linker.addFunction(type, inner.f as FunctionBuilder, `outlined from ${e.func?.name ?? 'a plan'}`)
  for (const l of shared) e.f.localGet(e.local(l))
  if (caseParam) e.f.localGet(mode)
  e.f.call(index)
  if (run) e.failIfZero()
  else if (out === undefined) e.f.drop()
  else e.f.localSet(e.local(out))
  return true
}

/** The uses of the IR locals in the emitter's whole body, computed once. */
export function bodyUses(e: FnEmitter, body: NonNullable<FnEmitter['body']>): LocalUses {
  return (e.localUses ??= usesOf(body.blocks, body.entry))
}

const counts = new WeakMap<Stmt, number>()

/** Statements in `s`, itself and nested ones. */
function stmtCount(s: Stmt): number {
  let n = counts.get(s)
  if (n === undefined) {
    n = 1
    for (const b of childBlocks(s)) for (const c of b.stmts) n += stmtCount(c)
    counts.set(s, n)
  }
  return n
}

/** No Break in `blocks` leaves them (a Break at IR block depth d leaves d blocks with index d-1); no ReturnLocal or ResultSetAdd. */
function staysInside(blocks: readonly Block[]): boolean {
  return everyStmt(blocks, (c, depth) => {
    if (c.type === 'ReturnLocal' || c.type === 'ResultSetAdd') return false
    return c.type !== 'Break' || c.index < depth
  })
}

/** The uses of the locals in `blocks`; each `entry` local counts once more (set before the blocks run). */
function usesOf(blocks: readonly Block[], entry: readonly Local[] = []): LocalUses {
  const uses: LocalUses = { count: new Map(), assigned: new Set() }
  const use = (l: Local, assigns: boolean) => {
    uses.count.set(l, (uses.count.get(l) ?? 0) + 1)
    if (assigns) uses.assigned.add(l)
  }
  for (const l of entry) use(l, true)
  walkStmts(blocks, (s) => {
    forEachStmtLocal(s, use)
  })
  return uses
}
