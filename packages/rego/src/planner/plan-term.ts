/**
 * Terms → operands. Every function takes a continuation: a term that
 * iterates (a ref with unbound positions, a call of a relation) calls it once
 * per value, from inside the scan that produces the value.
 */
import type { ArrayTerm, ObjectTerm, SetTerm, Term } from '../ast.js'
import { INPUT_LOCAL, type Operand } from '../ir/ir.js'
import { type Ctx, emit, local, PlanError, resume, strOp } from './context.js'
import { planCall } from './plan-call.js'
import { constOperand, isStraight } from './constants.js'
import { planComprehension } from './plan-comprehension.js'
import { planDataRef, planRef } from './plan-refs.js'
import { planTemplate } from './plan-template.js'

export type TermK = (op: Operand) => void

export function planTerm(c: Ctx, t: Term, k: TermK): void {
  switch (t.type) {
    case 'null': {
      const l = c.sc.newLocal()
      emit(c, { type: 'MakeNull', target: l })
      return k(local(l))
    }
    case 'boolean':
      return k({ kind: 'bool', value: t.value })
    case 'number': {
      const l = c.sc.newLocal()
      emit(c, { type: 'MakeNumberRef', index: c.st.str(t.value), target: l })
      return k(local(l))
    }
    case 'string':
      return k(strOp(c, t.value))
    case 'var': {
      const l = c.sc.vars.get(t.name)
      if (l !== undefined) return k(local(l))
      if (t.name === 'input') {
        // Undefined input makes the term undefined, not a hole in a composite.
        emit(c, { type: 'IsDefined', source: INPUT_LOCAL })
        return k(local(INPUT_LOCAL))
      }
      if (t.name === 'data') return planDataRef(c, [], k)
      throw new PlanError(`var ${t.name} is unbound where its value is needed`, t.loc)
    }
    case 'ref':
      return planRef(c, t, k)
    case 'array':
    case 'set':
    case 'object': {
      const op = constOperand(c, t)
      return op ? k(op) : planComposite(c, t, k)
    }
    case 'arraycomp':
    case 'setcomp':
    case 'objectcomp':
      return planComprehension(c, t, k)
    case 'call':
      return planCall(c, t.operator, t.args, t.loc, (r) => k(local(r)))
    case 'template':
      return planTemplate(c, t, k)
  }
}

/** An array, set or object with computed parts: made, then filled element by element. */
function planComposite(c: Ctx, t: ArrayTerm | SetTerm | ObjectTerm, k: TermK): void {
  switch (t.type) {
    case 'array':
      return planTerms(c, t.items, (ops) => {
        const l = c.sc.newLocal()
        emit(c, { type: 'MakeArray', capacity: ops.length, target: l })
        for (const op of ops) emit(c, { type: 'ArrayAppend', value: op, array: l })
        k(local(l))
      })
    case 'set':
      return planTerms(c, t.items, (ops) => {
        const l = c.sc.newLocal()
        emit(c, { type: 'MakeSet', target: l })
        for (const op of ops) emit(c, { type: 'SetAdd', value: op, set: l })
        k(local(l))
      })
    case 'object':
      return planTerms(c, t.entries.flat(), (ops) => {
        const l = c.sc.newLocal()
        emit(c, { type: 'MakeObject', target: l })
        for (let i = 0; i < ops.length; i += 2)
          emit(c, { type: 'ObjectInsert', key: ops[i]!, value: ops[i + 1]!, object: l })
        k(local(l))
      })
  }
}

/**
 * Plans terms; `k` gets their operands in order. Bare variables go last, so
 * that `x == xs[x]` binds x through the ref before x is read. Terms that
 * cannot iterate (`isStraight`) are planned inline, in a loop: only the ones
 * that may iterate nest a continuation.
 */
export function planTerms(c: Ctx, terms: readonly Term[], k: (ops: Operand[]) => void): void {
  const ops: Operand[] = []
  const order = [...terms.keys()].sort((a, b) => Number(terms[a]!.type === 'var') - Number(terms[b]!.type === 'var'))
  const step = (from: number): void => {
    let j = from
    for (; j < order.length && isStraight(c, terms[order[j]!]!); j++) {
      const i = order[j]!
      planTerm(c, terms[i]!, (op) => {
        ops[i] = op
      })
    }
    if (j === order.length) return k([...ops])
    const i = order[j]!
    resume(
      c,
      (next: TermK) => planTerm(c, terms[i]!, next),
      (op) => {
        ops[i] = op
        step(j + 1)
      },
    )
  }
  step(0)
}
