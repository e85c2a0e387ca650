/**
 * The IR locals a statement names, each with whether it assigns it: the one
 * list of statement operands, for passes that ask "who reads this local?"
 * (the data-cache analysis: does a rule read `input`?) or "is this local
 * shared?" (the outliner). Nested blocks are not included: walk them with
 * `walkStmts`.
 */
import type { Local, Operand, Stmt } from './ir.js'

/** One occurrence of a local in a statement; `assigns` when the statement writes it. */
export interface LocalUse {
  local: Local
  assigns: boolean
}

const reads = (l: Local): LocalUse => ({ local: l, assigns: false })
const writes = (l: Local): LocalUse => ({ local: l, assigns: true })
/** An operand's local, when it is one (constants name none). */
const read = (op: Operand): LocalUse[] => (op.kind === 'local' ? [reads(op.local)] : [])

/**
 * The locals `s` itself names (not its nested blocks'). Objects, arrays and
 * sets a statement adds to (`ArrayAppend.array`, …) count as read: the
 * statement changes the value in memory, not the local. A `With`'s local is
 * read: it is replaced for the With's own block and restored after it.
 */
export function stmtLocals(s: Stmt): LocalUse[] {
  switch (s.type) {
    case 'ReturnLocal':
      return [reads(s.source)]
    case 'Call':
      return [...s.args.flatMap(read), writes(s.result)]
    case 'CallDynamic':
      return [...s.args.flatMap(read), ...s.path.flatMap(read), writes(s.result)]
    case 'Dot':
      return [...read(s.source), ...read(s.key), writes(s.target)]
    case 'Len':
      return [...read(s.source), writes(s.target)]
    case 'Scan':
      return [reads(s.source), writes(s.key), writes(s.value)]
    case 'AssignVar':
    case 'AssignVarOnce':
      return [...read(s.source), writes(s.target)]
    case 'AssignInt':
    case 'ResetLocal':
    case 'MakeNull':
    case 'MakeNumberInt':
    case 'MakeNumberRef':
    case 'MakeArray':
    case 'MakeObject':
    case 'MakeSet':
      return [writes(s.target)]
    case 'Equal':
    case 'NotEqual':
      return [...read(s.a), ...read(s.b)]
    case 'IsArray':
    case 'IsObject':
    case 'IsSet':
      return read(s.source)
    case 'IsDefined':
    case 'IsUndefined':
      return [reads(s.source)]
    case 'ArrayAppend':
      return [...read(s.value), reads(s.array)]
    case 'ObjectInsert':
    case 'ObjectInsertOnce':
      return [...read(s.key), ...read(s.value), reads(s.object)]
    case 'ObjectMerge':
      return [...read(s.a), ...read(s.b), writes(s.target)]
    case 'SetAdd':
      return [...read(s.value), reads(s.set)]
    case 'With':
      return [reads(s.local), ...read(s.value)]
    case 'Switch':
      return [reads(s.key)]
    case 'ResultSetAdd':
      return [reads(s.value)]
    case 'Block':
    case 'Break':
    case 'Not':
    case 'Nop':
      return []
  }
}
