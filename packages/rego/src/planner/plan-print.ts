/**
 * `print(a, b, …)`, planned as OPA plans it with print enabled: each argument
 * is collected into a set of its values (empty when undefined, several when
 * it iterates), and `internal.print` is called with the array of those sets.
 * The host writes the lines. `print` never makes its body fail: neither an
 * undefined argument nor a failing host call ends the enclosing block.
 * With printing disabled (`PlanOptions.print: false`) the call is dropped.
 */
import type { Term } from '../ast.js'
import type { Location } from '../location.js'
import { type Ctx, emit, inBlock, isolated, local } from './context.js'
import { planTerm } from './plan-term.js'

export function planPrint(c: Ctx, args: readonly Term[], loc: Location, k: () => void): void {
  if (!c.st.print) return k()
  const arr = c.sc.newLocal()
  const sets = args.map((arg) => {
    const set = c.sc.newLocal()
    emit(c, { type: 'MakeSet', target: set })
    const block = inBlock(c, () =>
      isolated(c, () => planTerm(c, arg, (op) => emit(c, { type: 'SetAdd', value: op, set }))),
    )
    emit(c, { type: 'Block', blocks: [block] })
    return set
  })
  emit(c, { type: 'MakeArray', capacity: sets.length, target: arr })
  for (const set of sets) emit(c, { type: 'ArrayAppend', value: local(set), array: arr })
  c.st.builtins.add('internal.print')
  const call = inBlock(c, () =>
    emit(c, { type: 'Call', func: 'internal.print', args: [local(arr)], result: c.sc.newLocal(), loc: c.st.loc(loc) }),
  )
  emit(c, { type: 'Block', blocks: [call] })
  k()
}
