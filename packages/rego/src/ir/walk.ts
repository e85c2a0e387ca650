/**
 * The IR visitor, as OPA's `ir/walk.go` is for its planner IR: the one place
 * that knows which statements hold nested blocks. Passes that look at every
 * statement (the data-cache analysis, the host-builtin check, the outliner's
 * local counts) walk with these instead of switching over statement kinds.
 */
import type { Block, Policy, Stmt } from './ir.js'

/** The blocks nested in a statement (Block, Scan, Not, With, Switch), in the order they appear. */
export function childBlocks(s: Stmt): Block[] {
  switch (s.type) {
    case 'Block':
      return s.blocks
    case 'Scan':
    case 'Not':
    case 'With':
      return [s.block]
    case 'Switch':
      return s.cases
    default:
      return []
  }
}

/**
 * Calls `visit` on every statement of `blocks`, nested ones included, parent
 * before children (depth-first, in source order). `depth` is the number of
 * IR blocks around the statement, counting from 1 for `blocks` themselves.
 * `visit` returning false skips that statement's nested blocks.
 */
export function walkStmts(
  blocks: readonly Block[],
  visit: (s: Stmt, depth: number) => boolean | void,
  depth = 1,
): void {
  for (const b of blocks) {
    for (const s of b.stmts) {
      if (visit(s, depth) === false) continue
      const nested = childBlocks(s)
      if (nested.length > 0) walkStmts(nested, visit, depth + 1)
    }
  }
}

/** Whether `test` holds for every statement of `blocks`, nested ones included; stops at the first that fails. */
export function everyStmt(blocks: readonly Block[], test: (s: Stmt, depth: number) => boolean): boolean {
  let all = true
  walkStmts(blocks, (s, depth) => {
    if (!all) return false
    if (!test(s, depth)) all = false
    return all
  })
  return all
}

/** `walkStmts` over every plan's and then every func's blocks. */
export function walkPolicy(policy: Policy, visit: (s: Stmt, depth: number) => boolean | void): void {
  for (const p of policy.plans) walkStmts(p.blocks, visit)
  for (const f of policy.funcs) walkStmts(f.blocks, visit)
}
