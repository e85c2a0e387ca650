/**
 * Unification (`=`, `:=`, function arguments, `some … in` patterns). A
 * side that is an unbound variable is bound to the other side's value;
 * array and object patterns are matched structurally against a value;
 * anything else is evaluated on both sides and compared.
 */
import type { ObjectTerm, Term } from '../ast.js'
import type { Operand } from '../ir/ir.js'
import { type Ctx, emit, local, toLocal } from './context.js'
import { bindVar, isPattern, isUnboundVar } from './locals.js'
import { planTerm } from './plan-term.js'

export function planUnify(c: Ctx, a: Term, b: Term, k: () => void): void {
  if (isUnboundVar(c, a)) return planTerm(c, b, (op) => bindVar(c, a.name, op, k))
  if (isUnboundVar(c, b)) return planTerm(c, a, (op) => bindVar(c, b.name, op, k))
  if (a.type === 'array' && b.type === 'array' && (isPattern(c, a) || isPattern(c, b))) {
    // Element-wise, so that `[x, 1] = [2, y]` binds both sides.
    if (a.items.length !== b.items.length) return emit(c, { type: 'Break', index: 0 })
    const step = (i: number): void =>
      i === a.items.length ? k() : planUnify(c, a.items[i]!, b.items[i]!, () => step(i + 1))
    return step(0)
  }
  if (a.type === 'object' && b.type === 'object' && isPattern(c, a) && isPattern(c, b)) return unifyObjects(c, a, b, k)
  if (isPattern(c, a)) return planTerm(c, b, (op) => unifyOperand(c, a, op, k))
  if (isPattern(c, b)) return planTerm(c, a, (op) => unifyOperand(c, b, op, k))
  planTerm(c, a, (oa) =>
    planTerm(c, b, (ob) => {
      emit(c, { type: 'Equal', a: oa, b: ob })
      k()
    }),
  )
}

/** Two object literals with variables on both sides: the same keys, values unified pairwise. */
function unifyObjects(c: Ctx, a: ObjectTerm, b: ObjectTerm, k: () => void): void {
  const keyOf = (t: Term) =>
    t.type === 'string' || t.type === 'number' || t.type === 'boolean'
      ? `${t.type}:${t.value}`
      : t.type === 'null'
        ? 'null'
        : undefined
  const bs = new Map(b.entries.map(([key, v]) => [keyOf(key), v]))
  const pairs: [Term, Term][] = []
  for (const [key, v] of a.entries) {
    const id = keyOf(key)
    const other = id === undefined ? undefined : bs.get(id)
    if (!other || a.entries.length !== b.entries.length) {
      // Non-literal keys: compare values after planning the side without unbound keys.
      return planTerm(c, b, (op) => unifyOperand(c, a, op, k))
    }
    pairs.push([v, other])
  }
  const step = (i: number): void =>
    i === pairs.length ? k() : planUnify(c, pairs[i]![0], pairs[i]![1], () => step(i + 1))
  step(0)
}

/** Matches term `t` (possibly a pattern) against the value in `v`. */
export function unifyOperand(c: Ctx, t: Term, v: Operand, k: () => void): void {
  if (isUnboundVar(c, t)) return bindVar(c, t.name, v, k)
  if (t.type === 'array' && isPattern(c, t)) {
    const src = toLocal(c, v)
    emit(c, { type: 'IsArray', source: local(src) })
    lengthIs(c, src, t.items.length)
    const step = (i: number): void => {
      if (i === t.items.length) return k()
      const idx = c.sc.newLocal()
      const elem = c.sc.newLocal()
      emit(c, { type: 'MakeNumberInt', value: i, target: idx })
      emit(c, { type: 'Dot', source: local(src), key: local(idx), target: elem })
      unifyOperand(c, t.items[i]!, local(elem), () => step(i + 1))
    }
    return step(0)
  }
  if (t.type === 'object' && isPattern(c, t)) {
    const src = toLocal(c, v)
    emit(c, { type: 'IsObject', source: local(src) })
    lengthIs(c, src, t.entries.length)
    const step = (i: number): void => {
      if (i === t.entries.length) return k()
      const [key, value] = t.entries[i]!
      planTerm(c, key, (kop) => {
        const elem = c.sc.newLocal()
        emit(c, { type: 'Dot', source: local(src), key: kop, target: elem })
        unifyOperand(c, value, local(elem), () => step(i + 1))
      })
    }
    return step(0)
  }
  planTerm(c, t, (op) => {
    emit(c, { type: 'Equal', a: op, b: v })
    k()
  })
}

function lengthIs(c: Ctx, src: number, n: number): void {
  const len = c.sc.newLocal()
  const want = c.sc.newLocal()
  emit(c, { type: 'Len', source: local(src), target: len })
  emit(c, { type: 'MakeNumberInt', value: n, target: want })
  emit(c, { type: 'Equal', a: local(len), b: local(want) })
}
