/**
 * Bodies in continuation style: each expression is planned, and the rest of
 * the body is planned inside its success path (inside any scan it opened), so
 * every solution of the prefix runs the rest once. Where an expression
 * reaches its success path once (the common case), the rest is planned in a
 * loop rather than a nested call, so long bodies do not exhaust the stack.
 */
import type { Body } from '../ast.js'
import { type Ctx, restore, type Snapshot, snapshot } from './context.js'
import { planExpr } from './plan-expr.js'

export function planBody(c: Ctx, body: Body, k: () => void): void {
  const outer = snapshot(c)
  planFrom(c, body, 0, k)
  restore(c, outer)
}

function planFrom(c: Ctx, body: Body, start: number, k: () => void): void {
  for (let i = start; ; i++) {
    if (i === body.length) return k()
    const points: Snapshot[] = []
    planExpr(c, body[i]!, () => points.push(snapshot(c)))
    if (points.length === 0) return
    for (const p of points.slice(1)) {
      restore(c, p)
      planFrom(c, body, i + 1, k)
    }
    restore(c, points[0]!)
  }
}
