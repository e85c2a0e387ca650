/**
 * Checks what a `with` may replace: the `input` or `data` document (or a part
 * of one), a user function, or a builtin. OPA reports anything else as
 * "with keyword target must reference existing input, data, or a function".
 * A `data` target below a rule (`with data.t.p.x as …` where `data.t.p` is a
 * rule) is OPA's "with keyword cannot partially replace virtual document(s)":
 * only a whole rule (or a path above rules) can be replaced.
 * The resolved target is kept as written; the planner reads it from the AST.
 */
import type { Body, Term } from '../ast.js'
import type { CompileState } from './types.js'
import { forEachExpr, refName, ruleBodies } from './visit.js'

export function rewriteWithTargets(state: CompileState): void {
  for (const body of allBodies(state)) {
    forEachExpr(body, (e) => {
      for (const w of e.with) {
        const head = w.target.terms[0]
        if (head?.type === 'var' && head.name === 'data') {
          if (belowRule(state, w.target.terms.slice(1)))
            state.report(
              'rego_compile_error',
              w.target.loc,
              'with keyword cannot partially replace virtual document(s)',
            )
          continue
        }
        if (head?.type === 'var' && head.name === 'input') continue
        const name = refName(w.target)
        if (name && state.builtins.has(name)) continue
        state.report(
          'rego_type_error',
          w.target.loc,
          'with keyword target must reference existing input, data, or a function',
        )
      }
    })
  }
}

/** Whether a proper prefix of the path `data.<segments>` is a rule's path. */
function belowRule(state: CompileState, segments: readonly Term[]): boolean {
  let path = 'data'
  for (const t of segments.slice(0, -1)) {
    if (t.type !== 'string') return false
    path += `.${t.value}`
    if (state.rules.has(path)) return true
  }
  return false
}

/** The query's body, or every body and head of every rule (else clauses included). */
function* allBodies(state: CompileState): Generator<Body> {
  if (state.query) return yield state.query
  for (const m of state.modules) {
    for (const rule of m.rules) {
      for (let r: typeof rule | undefined = rule; r; r = r.else) yield r.body
    }
  }
}

/** Every body with the head terms that go with it: the query, or each rule and else clause. */
export function* allClauses(state: CompileState): Generator<{ body: Body; head: Term[] }> {
  if (state.query) return yield { body: state.query, head: [] }
  for (const m of state.modules) for (const rule of m.rules) yield* ruleBodies(rule)
}
