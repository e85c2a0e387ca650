/**
 * The IR locals a statement names, each with whether it assigns it: the one
 * list of statement operands, for passes that ask "who reads this local?"
 * (the data-cache analysis: does a rule read `input`?) or "is this local
 * shared?" (the outliner). Nested blocks are not included: walk them with
 * `walkStmts`.
 */
import type { Local, Operand, Stmt } from './ir.js'

/** Called with each local a statement names, in order; `assigns` when the statement writes it. */
export type LocalVisitor = (local: Local, assigns: boolean) => void

/** An operand's local, when it is one (constants name none). */
function readOp(op: Operand, visit: LocalVisitor): void {
  if (op.kind === 'local') visit(op.local, false)
}

function readOps(ops: readonly Operand[], visit: LocalVisitor): void {
  for (let i = 0; i < ops.length; i++) readOp(ops[i]!, visit)
}

/**
 * The locals `s` itself names (not its nested blocks'). Objects, arrays and
 * sets a statement adds to (`ArrayAppend.array`, …) count as read: the
 * statement changes the value in memory, not the local. A `With`'s local is
 * read: it is replaced for the With's own block and restored after it.
 * Visits rather than returns a list: the outliner and the caches call it for
 * every statement of every function, and the lists were garbage at once.
 */
export function forEachStmtLocal(s: Stmt, visit: LocalVisitor): void {
  switch (s.type) {
    case 'ReturnLocal':
      visit(s.source, false)
      return
    case 'Call':
      readOps(s.args, visit)
      visit(s.result, true)
      return
    case 'CallDynamic':
      readOps(s.args, visit)
      readOps(s.path, visit)
      visit(s.result, true)
      return
    case 'Dot':
      readOp(s.source, visit)
      readOp(s.key, visit)
      visit(s.target, true)
      return
    case 'Len':
      readOp(s.source, visit)
      visit(s.target, true)
      return
    case 'Scan':
      visit(s.source, false)
      visit(s.key, true)
      visit(s.value, true)
      return
    case 'AssignVar':
    case 'AssignVarOnce':
      readOp(s.source, visit)
      visit(s.target, true)
      return
    case 'AssignInt':
    case 'ResetLocal':
    case 'MakeNull':
    case 'MakeNumberInt':
    case 'MakeNumberRef':
    case 'MakeArray':
    case 'MakeObject':
    case 'MakeSet':
      visit(s.target, true)
      return
    case 'Equal':
    case 'NotEqual':
      readOp(s.a, visit)
      readOp(s.b, visit)
      return
    case 'IsArray':
    case 'IsObject':
    case 'IsSet':
      readOp(s.source, visit)
      return
    case 'IsDefined':
    case 'IsUndefined':
      visit(s.source, false)
      return
    case 'ArrayAppend':
      readOp(s.value, visit)
      visit(s.array, false)
      return
    case 'ObjectInsert':
    case 'ObjectInsertOnce':
      readOp(s.key, visit)
      readOp(s.value, visit)
      visit(s.object, false)
      return
    case 'ObjectMerge':
      readOp(s.a, visit)
      readOp(s.b, visit)
      visit(s.target, true)
      return
    case 'SetAdd':
      readOp(s.value, visit)
      visit(s.set, false)
      return
    case 'With':
      visit(s.local, false)
      readOp(s.value, visit)
      return
    case 'Switch':
      visit(s.key, false)
      return
    case 'ResultSetAdd':
      visit(s.value, false)
      return
    case 'Block':
    case 'Break':
    case 'Not':
    case 'Nop':
      return
  }
}
