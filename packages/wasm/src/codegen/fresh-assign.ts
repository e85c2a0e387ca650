/**
 * `AssignVarOnce` statements whose target is certainly unset when they run,
 * so they are a plain `local.set`: the conflict check (a call of the
 * `assign once` helper, which returns the source when the target is unset)
 * can never fire there. The value of a rule with one definition, or of a
 * function with one body, is assigned twice per call (the body's value, then
 * the result), each time into a local nothing assigned before.
 *
 * A local is "maybe set" at a statement when some statement that can run
 * before it, in the same call, assigns it: a function's parameters (and an
 * outlined piece's shared locals) on entry, any assignment earlier in the
 * same IR block, anything assigned in an earlier nested block that may have
 * run (even partly), and anything assigned anywhere in a loop's body (the
 * previous iteration). `ResetLocal` unsets its local for the statements after
 * it in its own block, which only run when it did.
 */
import { forEachStmtLocal, walkStmts, type Block, type Local, type Stmt } from '@cordon/rego'
import type { FnEmitter } from './emitter.js'

const byEmitter = new WeakMap<FnEmitter, ReadonlySet<Stmt>>()

/** Whether `s` (an AssignVarOnce of `e`'s body) assigns a local that is certainly unset when it runs. */
export function assignsUnsetLocal(e: FnEmitter, s: Stmt): boolean {
  let fresh = byEmitter.get(e)
  if (fresh === undefined) {
    fresh = e.body ? freshAssignments(e.body.blocks, e.body.entry) : new Set()
    byEmitter.set(e, fresh)
  }
  return fresh.has(s)
}

/** The AssignVarOnce statements of `blocks` (run in sequence, `entry` set on entry) whose target is certainly unset. */
export function freshAssignments(blocks: readonly Block[], entry: readonly Local[]): Set<Stmt> {
  const fresh = new Set<Stmt>()
  const assignedIn = (bs: readonly Block[], into: Set<Local>) => {
    walkStmts(bs, (s) => {
      forEachStmtLocal(s, (l, assigns) => {
        if (assigns) into.add(l)
      })
      if (s.type === 'With') into.add(s.local)
    })
    return into
  }
  /** Blocks that run one after another, each possibly cut short: the next starts with what any earlier one may have set. */
  const sequence = (bs: readonly Block[], maybe: ReadonlySet<Local>) => {
    const before = new Set(maybe)
    for (const b of bs) {
      block(b, new Set(before))
      assignedIn([b], before)
    }
  }
  const block = (b: Block, maybe: Set<Local>) => {
    for (const s of b.stmts) {
      switch (s.type) {
        case 'AssignVarOnce':
          if (!maybe.has(s.target)) fresh.add(s)
          maybe.add(s.target)
          break
        case 'ResetLocal':
          maybe.delete(s.target)
          break
        case 'Block':
          sequence(s.blocks, maybe)
          assignedIn(s.blocks, maybe)
          break
        case 'Switch':
          sequence(s.cases, maybe)
          assignedIn(s.cases, maybe)
          break
        case 'Scan':
          forEachStmtLocal(s, (l, assigns) => {
            if (assigns) maybe.add(l)
          })
          // Each iteration starts with what an earlier one may have set.
          sequence([s.block], assignedIn([s.block], new Set(maybe)))
          assignedIn([s.block], maybe)
          break
        case 'Not':
        case 'With':
          if (s.type === 'With') maybe.add(s.local)
          sequence([s.block], maybe)
          assignedIn([s.block], maybe)
          break
        default:
          forEachStmtLocal(s, (l, assigns) => {
            if (assigns) maybe.add(l)
          })
      }
    }
  }
  sequence(blocks, new Set(entry))
  return fresh
}
