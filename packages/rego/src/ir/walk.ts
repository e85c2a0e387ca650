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
  for (let i = 0; i < blocks.length; i++) walkBlock(blocks[i]!, visit, depth)
}

/**
 * {@link walkStmts} over one block. Reads the nested blocks off each kind
 * rather than through {@link childBlocks}, which makes a list for a Scan, Not
 * or With: the wasm passes walk every statement several times.
 */
function walkBlock(b: Block, visit: (s: Stmt, depth: number) => boolean | void, depth: number): void {
  for (let i = 0; i < b.stmts.length; i++) {
    const s = b.stmts[i]!
    if (visit(s, depth) === false) continue
    switch (s.type) {
      case 'Block':
        walkStmts(s.blocks, visit, depth + 1)
        break
      case 'Switch':
        walkStmts(s.cases, visit, depth + 1)
        break
      case 'Scan':
      case 'Not':
      case 'With':
        walkBlock(s.block, visit, depth + 1)
        break
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
