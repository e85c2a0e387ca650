/**
 * The planner: a checked policy (`CompiledPolicy`) → Cordon's IR. One plan
 * per entrypoint (the query `result = data.<path>`) and per given query;
 * funcs for the rules those reach.
 */
import type { Body } from '../ast.js'
import type { CompiledPolicy } from '../checker/types.js'
import { isGenerated, varOccurrences, exprTerms } from '../checker/visit.js'
import type { Diagnostic } from '../diagnostics.js'
import type { Block, Plan, Policy } from '../ir/ir.js'
import type { Location } from '../location.js'
import { type Ctx, emit, inBlock, local, PlanError, PlannerState, Scope, strOp } from './context.js'
import { planBody } from './plan-body.js'
import { planDataRef } from './plan-refs.js'
import type { RuleNode } from './rule-tree.js'
import { buildRuleTree, findNode } from './rule-tree.js'

export { printFunc, printPlan, printPolicy, printStmt } from '../ir/print.js'

export interface PlanQuery {
  name: string
  /** The checked query body (from `compileQuery`). */
  body: Body
  /** Generated name → source name (`CompiledQuery.rewrittenVars`), so `x := …` reports `x`. */
  rewrittenVars?: ReadonlyMap<string, string>
}

export interface PlanOptions {
  /** Slash paths below `data`: `ai_access/decision`. */
  entrypoints: string[]
  queries?: PlanQuery[]
  /**
   * Plan `print(…)` calls as `internal.print` host calls (default true). With
   * false they are dropped, as `opa build` does with print statements disabled.
   */
  print?: boolean
  /**
   * Index rule groups whose bodies compare one ref with constants, so that
   * only the bodies whose constant matches run (default true;
   * docs/adr/0007-rule-indexing.md). False plans every body as OPA does.
   */
  indexRules?: boolean
}

export function planPolicy(
  compiled: CompiledPolicy,
  options: PlanOptions,
): { policy?: Policy; diagnostics: Diagnostic[] } {
  const st = new PlannerState(compiled, buildRuleTree(compiled))
  st.print = options.print ?? true
  st.indexRules = options.indexRules ?? true
  const plans: Plan[] = []
  const fail = (message: string, loc?: Location) =>
    st.diagnostics.push({
      code: 'rego_compile_error',
      message,
      location: loc ?? { file: '', row: 1, col: 1, offset: 0, end: 0 },
    })
  for (const entry of options.entrypoints) {
    const segs = entry.split('/').filter((s) => s !== '')
    const node = findNode(st.tree, segs)
    if (!node || node.group?.kind === 'function' || !hasAnyRules(node)) {
      fail(`entrypoint ${JSON.stringify(entry)} does not name a rule (no rule is defined at data.${segs.join('.')})`)
      continue
    }
    tryPlan(fail, () => plans.push({ name: entry, blocks: [entrypointBlock(st, segs)] }))
  }
  for (const q of options.queries ?? []) {
    tryPlan(fail, () => plans.push({ name: q.name, blocks: [queryBlock(st, q)] }))
  }
  if (st.diagnostics.length > 0) return { diagnostics: st.diagnostics }
  const policy: Policy = {
    strings: st.strings,
    ...(st.values.length > 0 ? { values: st.values } : {}),
    files: st.files,
    builtins: [...st.builtins].sort(),
    plans,
    funcs: [...st.funcs.values()],
  }
  return { policy, diagnostics: [] }
}

function tryPlan(fail: (m: string, l?: Location) => void, fn: () => void): void {
  try {
    fn()
  } catch (e) {
    if (e instanceof PlanError) fail(e.message, e.loc)
    else if (e instanceof RangeError) fail(`policy is nested too deeply to plan (${e.message})`)
    else throw e
  }
}

/** `result = data.<path>`: the result set is `[]` or `[{result: v}]`. */
function entrypointBlock(st: PlannerState, segs: string[]): Block {
  const c: Ctx = { st, sc: new Scope(st.root) }
  const loc = { file: '', row: 1, col: 1, offset: 0, end: 0 }
  return inBlock(c, () =>
    planDataRef(
      c,
      segs.map((value) => ({ type: 'string', value, loc })),
      (op) => {
        const obj = c.sc.newLocal()
        emit(c, { type: 'MakeObject', target: obj })
        emit(c, { type: 'ObjectInsert', key: strOp(c, 'result'), value: op, object: obj })
        emit(c, { type: 'ResultSetAdd', value: obj })
      },
    ),
  )
}

/** A query: its success path binds every named variable of the query into the result row. */
function queryBlock(st: PlannerState, q: PlanQuery): Block {
  const c: Ctx = { st, sc: new Scope(st.root) }
  const names = queryVars(q)
  return inBlock(c, () =>
    planBody(c, q.body, () => {
      const obj = c.sc.newLocal()
      emit(c, { type: 'MakeObject', target: obj })
      for (const [name, shown] of names) {
        const l = c.sc.vars.get(name)
        if (l !== undefined) emit(c, { type: 'ObjectInsert', key: strOp(c, shown), value: local(l), object: obj })
      }
      emit(c, { type: 'ResultSetAdd', value: obj })
    }),
  )
}

/** Variable name in the body → the name reported, for named, non-generated, non-wildcard variables. */
export function queryVars(q: PlanQuery): Map<string, string> {
  const out = new Map<string, string>()
  for (const e of q.body) {
    for (const t of exprTerms(e)) {
      for (const v of varOccurrences(t, true)) {
        if (v.name === 'input' || v.name === 'data' || out.has(v.name)) continue
        const shown = isGenerated(v.name) ? q.rewrittenVars?.get(v.name) : v.name
        if (shown === undefined || shown === '_' || isGenerated(shown)) continue
        out.set(v.name, shown)
      }
    }
  }
  return out
}

function hasAnyRules(node: RuleNode): boolean {
  return node.group !== undefined || [...node.children.values()].some(hasAnyRules)
}
