/**
 * `every` and the opt-in `and` / `or`. Their bodies bind nothing outside, so
 * each is planned in its own block that sets a flag on success, and the
 * expression then tests the flags.
 */
import type { Every, LogicExpr } from '../ast.js'
import type { Local } from '../ir/ir.js'
import { type Ctx, emit, emitScan, inBlock, isolated, local, toLocal } from './context.js'
import { bindVar } from './locals.js'
import { planBody } from './plan-body.js'
import { planTerm } from './plan-term.js'

const TRUE = { kind: 'bool', value: true } as const

/**
 * The domain must be a collection (otherwise the expression is undefined).
 * Per element, `ok` is set when the body holds; an element that leaves it
 * unset sets the counterexample flag, and the expression holds only when no
 * element did.
 */
export function planEvery(c: Ctx, e: Every, k: () => void): void {
  planTerm(c, e.domain, (d) => {
    const source = toLocal(c, d)
    const isCollection = c.sc.newLocal()
    emit(c, { type: 'ResetLocal', target: isCollection })
    const check = (type: 'IsArray' | 'IsObject' | 'IsSet') =>
      inBlock(c, () => {
        emit(c, { type, source: local(source) })
        emit(c, { type: 'AssignVar', source: TRUE, target: isCollection })
      })
    emit(c, { type: 'Block', blocks: [check('IsArray'), check('IsObject'), check('IsSet')] })
    emit(c, { type: 'IsDefined', source: isCollection })
    const counterexample = c.sc.newLocal()
    emit(c, { type: 'ResetLocal', target: counterexample })
    const key = c.sc.newLocal()
    const value = c.sc.newLocal()
    const ok = c.sc.newLocal()
    const block = inBlock(c, () => {
      emit(c, { type: 'ResetLocal', target: ok })
      const inner = inBlock(c, () =>
        isolated(c, () => {
          const body = () => planBody(c, e.body, () => emit(c, { type: 'AssignVar', source: TRUE, target: ok }))
          const withValue = () => bindVar(c, e.value.name, local(value), body)
          if (e.key) bindVar(c, e.key.name, local(key), withValue)
          else withValue()
        }),
      )
      emit(c, { type: 'Block', blocks: [inner] })
      emit(c, { type: 'IsUndefined', source: ok })
      emit(c, { type: 'AssignVar', source: TRUE, target: counterexample })
    })
    emitScan(c, { source, key, value, block })
    emit(c, { type: 'IsUndefined', source: counterexample })
    k()
  })
}

/** `a and b` / `a or b`: each side in a block that sets a flag when it has a solution. */
export function planLogic(c: Ctx, e: LogicExpr, k: () => void): void {
  const side = (body: typeof e.left, flag: Local, skipIfSet: boolean) =>
    inBlock(c, () => {
      if (skipIfSet) emit(c, { type: 'IsUndefined', source: flag })
      isolated(c, () => planBody(c, body, () => emit(c, { type: 'AssignVar', source: TRUE, target: flag })))
    })
  if (e.op === 'or') {
    const flag = c.sc.newLocal()
    emit(c, { type: 'ResetLocal', target: flag })
    emit(c, { type: 'Block', blocks: [side(e.left, flag, false), side(e.right, flag, true)] })
    emit(c, { type: 'IsDefined', source: flag })
    return k()
  }
  const left = c.sc.newLocal()
  const right = c.sc.newLocal()
  emit(c, { type: 'ResetLocal', target: left })
  emit(c, { type: 'Block', blocks: [side(e.left, left, false)] })
  emit(c, { type: 'IsDefined', source: left })
  emit(c, { type: 'ResetLocal', target: right })
  emit(c, { type: 'Block', blocks: [side(e.right, right, false)] })
  emit(c, { type: 'IsDefined', source: right })
  k()
}
