/**
 * Groups rules by the path they define (`data.<package>.<head ref ground
 * prefix>`) and classifies each group. Later stages look functions and rules
 * up here; it reports nothing (conflicts are check-rule-conflicts' job).
 */
import type { Module, Rule } from '../ast.js'
import type { CompileState, RuleKind } from './types.js'
import { groundPrefix, refName } from './visit.js'

export function packageSegments(m: Module): string[] {
  return (refName(m.package.path) ?? 'data').split('.')
}

/** `data.a.b.` for the package of the module written in `file` ('' when no module is). */
export function packagePrefix(state: CompileState, file: string): string {
  const m = state.modules.find((x) => x.file === file)
  return m ? `${packageSegments(m).join('.')}.` : ''
}

/** The kind a single rule gives its group. */
export function ruleKind(rule: Rule): RuleKind {
  const h = rule.head
  if (h.args) return 'function'
  if (groundPrefix(h.ref).length < h.ref.terms.length) return 'partial-object'
  return h.key ? 'partial-set' : 'complete'
}

export function buildRuleTree(state: CompileState): void {
  for (const m of state.modules) {
    const pkg = packageSegments(m)
    for (const rule of m.rules) {
      const segments = [...pkg, ...groundPrefix(rule.head.ref)]
      const path = segments.join('.')
      let group = state.rules.get(path)
      if (!group) {
        group = { path, segments, kind: ruleKind(rule), rules: [], defaults: [] }
        if (rule.head.args) group.arity = rule.head.args.length
        state.rules.set(path, group)
      }
      ;(rule.default ? group.defaults : group.rules).push(rule)
    }
  }
}
