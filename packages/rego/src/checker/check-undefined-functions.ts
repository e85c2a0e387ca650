/**
 * Every call must name a user function or a declared builtin, with a number
 * of arguments it accepts: as an expression `f(x)` or `f(x, out)` (the extra
 * argument receives the result); used as a value, exactly its arity. Messages
 * follow OPA's checkUndefinedFuncs (rego_type_error); an undefined name close
 * to a builtin or a function of the package gets a "did you mean" hint.
 */
import type { Term } from '../ast.js'
import { allClauses } from './rewrite-with-targets.js'
import { typeOfTerm, typeString } from './static-types.js'
import { closestName } from '../suggest.js'
import { packagePrefix } from './build-rule-tree.js'
import type { CompileState } from './types.js'
import { forEachCall, refName, type CallSite } from './visit.js'

export function checkUndefinedFunctions(state: CompileState): void {
  for (const { body, head } of allClauses(state)) forEachCall(body, head, (c) => checkCall(state, c))
}

function checkCall(state: CompileState, c: CallSite): void {
  const name = refName(c.operator)
  const group = name?.startsWith('data.') ? state.rules.get(name) : undefined
  const builtin = name && !name.startsWith('data.') ? state.builtins.get(name) : undefined
  const arity = group?.kind === 'function' ? group.arity! : builtin ? (builtin.decl.args?.length ?? 0) : -1
  if (arity < 0) {
    const suggestion = name && closestName(name, functionNames(state, name, c.operator.loc.file))
    const hint = suggestion ? { message: `did you mean ${suggestion}?`, location: c.operator.loc } : undefined
    state.report('rego_type_error', c.loc, `undefined function ${name ?? printRef(c.operator.terms)}`, undefined, hint)
    return
  }
  const n = c.args.length
  const fits = builtin?.decl.variadic ? n >= arity : n === arity || (!c.nested && n === arity + 1)
  if (fits) return
  if (builtin) {
    const have = c.args.map((a) => typeString(typeOfTerm(a, state.builtins)))
    const want = (builtin.decl.args ?? []).map(typeString)
    state.report('rego_type_error', c.loc, `${name}: arity mismatch`, [
      `have: (${have.join(', ')})`,
      `want: (${want.join(', ')})`,
    ])
    return
  }
  state.report('rego_type_error', c.loc, `function ${name} has arity ${arity}, got ${n} argument${n === 1 ? '' : 's'}`)
}

/** What `name` may have meant: builtins and the functions of the file's package, or, for `data.…`, every function. */
function functionNames(state: CompileState, name: string, file: string): string[] {
  const functions = [...state.rules.values()].filter((g) => g.kind === 'function')
  if (name.startsWith('data.')) return functions.map((g) => g.path)
  const pkg = packagePrefix(state, file)
  const local = functions.filter((g) => g.path.startsWith(pkg) && !g.path.slice(pkg.length).includes('.'))
  return [...state.builtins.keys(), ...local.map((g) => g.path.slice(pkg.length))]
}

function printRef(terms: Term[]): string {
  return terms
    .map((t, i) => (t.type === 'var' && i === 0 ? t.name : t.type === 'string' ? `.${t.value}` : '[…]'))
    .join('')
}
