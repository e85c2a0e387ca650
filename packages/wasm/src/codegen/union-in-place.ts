/**
 * `object.union(o, x)` where `o` is an object literal built just before in
 * the same block and read nowhere else (`{"allow": …, "code": …} | extra`
 * as a decision is often written): `x` is merged into `o` itself
 * (`cordon_object_union_into`) instead of both being copied into a new
 * object. Nothing else can see `o` change: its only reads are the inserts
 * that build it and this call, whose result takes its place.
 */
import { childBlocks, walkStmts, type Block, type Local, type Stmt } from '@cordon/rego'
import type { FnEmitter } from './emitter.js'
import { bodyUses } from './outline.js'

type Call = Extract<Stmt, { type: 'Call' }>

const byEmitter = new WeakMap<FnEmitter, ReadonlySet<Stmt>>()

/** Whether `s` (a call in `e`'s body) is an `object.union` whose first argument may be merged into in place. */
export function unionsInPlace(e: FnEmitter, s: Call): boolean {
  if (s.func !== 'object.union') return false
  let found = byEmitter.get(e)
  if (found === undefined) {
    found = e.body ? inPlaceUnions(e.body.blocks, e.body.entry, bodyUses(e, e.body).count) : new Set()
    byEmitter.set(e, found)
  }
  return found.has(s)
}

/**
 * The unions of `blocks` (a function's body, `entry` set on entry) that may
 * merge into their first argument; `uses` counts every mention of each local
 * in the body (outline.ts `bodyUses`).
 */
export function inPlaceUnions(
  blocks: readonly Block[],
  entryLocals: readonly Local[],
  uses: ReadonlyMap<Local, number>,
): Set<Stmt> {
  const entry = new Set(entryLocals)
  const out = new Set<Stmt>()
  const visitBlock = (b: Block) => {
    // The object literals of this block so far, with the uses their building made.
    const literals = new Map<Local, number>()
    for (const s of b.stmts) {
      if (s.type === 'MakeObject') literals.set(s.target, 1)
      else if (s.type === 'ObjectInsert' && literals.has(s.object)) {
        const reads = [s.key, s.value].some((op) => op.kind === 'local' && op.local === s.object)
        if (reads) literals.delete(s.object)
        else literals.set(s.object, literals.get(s.object)! + 1)
      } else if (s.type === 'Call' && s.func === 'object.union' && s.args.length === 2) {
        const [a, b2] = s.args
        if (a?.kind !== 'local' || (b2?.kind === 'local' && b2.local === a.local)) continue
        const built = literals.get(a.local)
        // Its building and this call: every use of it in the body.
        if (built !== undefined && !entry.has(a.local) && uses.get(a.local) === built + 1) out.add(s)
        literals.delete(a.local)
      }
    }
  }
  for (const b of blocks) visitBlock(b)
  walkStmts(blocks, (s) => {
    for (const b of childBlocks(s)) visitBlock(b)
  })
  return out
}
