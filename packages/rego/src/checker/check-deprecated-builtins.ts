/**
 * Strict mode: calls of builtins OPA marks deprecated (`any`, `all`,
 * `re_match`, `set_diff`, `cast_*`, `net.cidr_overlap`) are errors, with
 * OPA's message and code (rego_type_error). A user function that happens to
 * share the name is resolved to `data.…` before this stage and not reported.
 */
import { allClauses } from './rewrite-with-targets.js'
import type { CompileState } from './types.js'
import { forEachCall, refName } from './visit.js'

export function checkDeprecatedBuiltins(state: CompileState): void {
  if (!state.strict) return
  for (const { body, head } of allClauses(state)) {
    forEachCall(body, head, (c) => {
      const name = refName(c.operator)
      if (name && state.builtins.get(name)?.deprecated) {
        state.report('rego_type_error', c.loc, `deprecated built-in function calls in expression: ${name}`)
      }
    })
  }
}
