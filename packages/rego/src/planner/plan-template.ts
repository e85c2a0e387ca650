/**
 * Template strings `$"…{expr}…"`, planned as OPA does: a call of
 * `internal.template_string` with an array whose literal parts are strings
 * and whose expression parts are sets of the expression's values, so the
 * builtin can render an undefined expression (empty set) and reject one with
 * several values.
 */
import type { Expr, TemplateStringTerm, VarTerm } from '../ast.js'
import { planExpr } from './plan-expr.js'
import type { Operand } from '../ir/ir.js'
import { type Ctx, emit, inBlock, isolated, local, strOp } from './context.js'
import { emitCall } from './plan-call.js'
import { planTerm, type TermK } from './plan-term.js'

const TEMPLATE_BUILTIN = 'internal.template_string'

export function planTemplate(c: Ctx, t: TemplateStringTerm, k: TermK): void {
  const parts: Operand[] = []
  for (const [i, part] of t.parts.entries()) {
    if (part.type === 'string') {
      parts.push(strOp(c, part.value))
      continue
    }
    const set = c.sc.newLocal()
    emit(c, { type: 'MakeSet', target: set })
    const withs = t.partWith?.[i]
    const block = inBlock(c, () =>
      isolated(c, () => {
        if (!withs?.length) return planTerm(c, part, (op) => emit(c, { type: 'SetAdd', value: op, set }))
        // `{a with input as …}`: planned as the expression `v = a with …`, collecting v.
        const v: VarTerm = { type: 'var', name: `$template${set}`, loc: part.loc }
        const expr: Expr = {
          type: 'expr',
          kind: 'call',
          operator: { type: 'ref', terms: [{ type: 'var', name: 'eq', loc: part.loc }], loc: part.loc },
          args: [v, part],
          negated: false,
          with: withs,
          loc: part.loc,
          generated: true,
        }
        planExpr(c, expr, () => emit(c, { type: 'SetAdd', value: local(c.sc.vars.get(v.name)!), set }))
      }),
    )
    emit(c, { type: 'Block', blocks: [block] })
    parts.push(local(set))
  }
  const arr = c.sc.newLocal()
  emit(c, { type: 'MakeArray', capacity: parts.length, target: arr })
  for (const p of parts) emit(c, { type: 'ArrayAppend', value: p, array: arr })
  k(local(emitCall(c, TEMPLATE_BUILTIN, [local(arr)], t.loc)))
}
