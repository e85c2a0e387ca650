/**
 * Builtin calls with arguments whose types are known without evaluation
 * (literals, composites of literals, results of other builtins) must match
 * the declared argument types: `count(1)`, `upper(5)`, `"a" + 1`. Reported as
 * OPA does: "plus: invalid argument(s)" with have/want details
 * (rego_type_error). Unknown types are never an error. References into
 * `input`/`data` are checked against JSON Schemas when there are any
 * (check-schema-refs.ts).
 */
import { checkSchemaRefs } from './check-schema-refs.js'
import { allClauses } from './rewrite-with-targets.js'
import { compatible, typeOfTerm, typeString } from './static-types.js'
import type { CompileState } from './types.js'
import { forEachCall, refName, type CallSite } from './visit.js'

export function checkTypes(state: CompileState): void {
  for (const { body, head } of allClauses(state)) forEachCall(body, head, (c) => checkCall(state, c))
  checkSchemaRefs(state)
}

function checkCall(state: CompileState, c: CallSite): void {
  const name = refName(c.operator) ?? ''
  const decl = name.startsWith('data.') ? undefined : state.builtins.get(name)?.decl
  if (!decl) return
  const want = [...(decl.args ?? []), ...(decl.result && !c.nested ? [decl.result] : [])]
  const have = c.args.map((a) => typeOfTerm(a, state.builtins))
  const bad = have.some((t, i) => {
    const expected = want[i] ?? decl.variadic
    return t !== undefined && expected !== undefined && !compatible(t, expected)
  })
  if (!bad) return
  state.report('rego_type_error', c.loc, `${name}: invalid argument(s)`, [
    `have: (${have.map(typeString).join(', ')})`,
    `want: (${(decl.args ?? []).map(typeString).join(', ')})`,
  ])
}
