/**
 * OPA's rewriteRefsInHead and rewriteComprehensionTerms: a head term that
 * must be evaluated (it holds a ref, call or comprehension) moves into the
 * body as `__localheadN__ = term`, and the head keeps the variable. Then the
 * body's safety ordering may use the ref's brackets to bind variables, so
 *
 *   m[k] := obj[k].v if some k
 *   [{"a": wanted[i][0]} | not contains(cmd, wanted[i][0])]
 *
 * are safe: `obj[k]` and `wanted[i]` bind k and i, as in OPA. OPA moves every
 * such term; here only a term that reads variables the body leaves unbound
 * moves, which gives the same results and leaves every other rule as written.
 */
import type { Body, Term, VarTerm } from '../ast.js'
import { isClosure, makeRef, termVars, walkTerm, type Slot } from './visit.js'

/**
 * Moves the head terms that need it into `body`; `bodySafe` tells what the
 * body binds without them, asked only when some term that needs evaluation
 * reads a variable `outer` does not bind (ordering a body for it costs as
 * much as the safety check itself). Returns whether anything moved.
 */
export function liftHeadTerms(
  slots: readonly Slot[],
  body: Body,
  outer: ReadonlySet<string>,
  bodySafe: () => ReadonlySet<string>,
  fresh: () => string,
): boolean {
  let moved = false
  let safe: ReadonlySet<string> | undefined
  for (const slot of slots) {
    const t = slot.get()
    if (!needsEval(t)) continue
    const vars = [...termVars(t)]
    if (vars.every((v) => outer.has(v))) continue
    safe ??= bodySafe()
    if (vars.every((v) => safe!.has(v))) continue
    const v: VarTerm = { type: 'var', name: fresh(), loc: t.loc }
    body.push({
      type: 'expr',
      kind: 'call',
      negated: false,
      with: [],
      loc: t.loc,
      generated: true,
      operator: makeRef(['eq'], t.loc),
      args: [v, t],
    })
    slot.set({ ...v })
    moved = true
  }
  return moved
}

/** OPA's requiresEval: the term holds a ref, a call or a comprehension. */
function needsEval(t: Term): boolean {
  let found = false
  walkTerm(t, (x) => {
    if (x.type === 'ref' || x.type === 'call' || isClosure(x)) found = true
    return found
  })
  return found
}
