/**
 * Comprehensions: the collection is made first, then the body runs in its
 * own block and each solution adds to it. The value is always defined (empty
 * when the body has no solution) and no binding escapes the body.
 */
import type { ArrayComprehension, ObjectComprehension, SetComprehension } from '../ast.js'
import type { Block } from '../ir/ir.js'
import { type Ctx, emit, inBlock, isolated, local } from './context.js'
import { planBody } from './plan-body.js'
import { planTerm, planTerms, type TermK } from './plan-term.js'

export function planComprehension(
  c: Ctx,
  t: ArrayComprehension | SetComprehension | ObjectComprehension,
  k: TermK,
): void {
  const target = c.sc.newLocal()
  if (t.type === 'arraycomp') emit(c, { type: 'MakeArray', capacity: 0, target })
  else if (t.type === 'setcomp') emit(c, { type: 'MakeSet', target })
  else emit(c, { type: 'MakeObject', target })
  // Only an array shows the order its elements were found in, unless all
  // that is made of it is a sort or a count (noteOrderFreeArgument).
  const outerOrdered = c.st.orderedScans
  c.st.orderedScans = t.type === 'arraycomp' && !c.st.orderFree.has(t)
  let block: Block
  try {
    block = inBlock(c, () =>
      isolated(c, () =>
        planBody(c, t.body, () => {
          if (t.type === 'arraycomp')
            planTerm(c, t.term, (op) => emit(c, { type: 'ArrayAppend', value: op, array: target }))
          else if (t.type === 'setcomp')
            planTerm(c, t.term, (op) => emit(c, { type: 'SetAdd', value: op, set: target }))
          else
            planTerms(c, [t.key, t.value], ([key, value]) =>
              emit(c, { type: 'ObjectInsertOnce', key: key!, value: value!, object: target, loc: c.st.loc(t.loc) }),
            )
        }),
      ),
    )
  } finally {
    c.st.orderedScans = outerOrdered
  }
  emit(c, { type: 'Block', blocks: [block] })
  k(local(target))
}
