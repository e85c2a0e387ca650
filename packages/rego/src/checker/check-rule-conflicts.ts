/**
 * Rules that cannot be evaluated together: one path defined as different
 * kinds (complete vs partial vs function) or functions of different arities,
 * several defaults, a single-value rule with rules below it (`a.b := 1` and
 * `a.b.c := 2`), and a rule with the same path as a package. Messages follow
 * OPA's checkRuleConflicts (rego_type_error).
 */
import { formatLocation } from '../location.js'
import { packageSegments, ruleKind } from './build-rule-tree.js'
import type { Module } from '../ast.js'
import type { CompileState, RuleGroup } from './types.js'
import { groundPrefix } from './visit.js'

export function checkRuleConflicts(state: CompileState): void {
  for (const group of state.rules.values()) checkGroup(state, group)
  checkExtents(state)
  checkPackages(state)
}

function checkGroup(state: CompileState, group: RuleGroup): void {
  const all = [...group.rules, ...group.defaults].sort((a, b) => a.loc.offset - b.loc.offset)
  const first = all[0]!
  const kinds = new Set(all.map(ruleKind))
  const arities = new Set(all.map((r) => r.head.args?.length ?? -1))
  if (kinds.size > 1 || arities.size > 1) {
    state.report('rego_type_error', first.loc, `conflicting rules ${group.path} found`)
  } else if (group.defaults.length > 1) {
    state.report('rego_type_error', group.defaults[0]!.loc, `multiple default rules ${group.path} found`)
  }
}

/**
 * Single-value rules (complete values, sets, functions) own their whole
 * extent: nothing may be defined under them. Each path looks up its own
 * dot-separated prefixes, so the check is linear in the rules, not a scan of
 * every pair (tens of thousands of generated rules).
 */
function checkExtents(state: CompileState): void {
  const below = new Map<string, string[]>()
  for (const g of state.rules.values()) {
    for (let i = g.path.indexOf('.'); i >= 0; i = g.path.indexOf('.', i + 1)) {
      const outer = state.rules.get(g.path.slice(0, i))
      if (outer === undefined || outer.kind === 'partial-object') continue
      const list = below.get(outer.path)
      if (list) list.push(g.path)
      else below.set(outer.path, [g.path])
    }
  }
  for (const path of [...below.keys()].sort()) {
    const outer = state.rules.get(path)!
    const rule = [...outer.rules, ...outer.defaults][0]!
    state.report('rego_type_error', rule.loc, `rule ${path} conflicts with [${below.get(path)!.sort().join(' ')}]`)
  }
}

/**
 * A rule whose whole path is constant may not coincide with a package
 * (`b` in package `a` beside `package a.b`); rules with a variable in their
 * path are exempt, as in OPA, since only evaluation can tell.
 */
function checkPackages(state: CompileState): void {
  const packages = new Map<string, Module[]>()
  for (const m of state.modules) {
    const path = packageSegments(m).join('.')
    const list = packages.get(path)
    if (list) list.push(m)
    else packages.set(path, [m])
  }
  for (const m of state.modules) {
    const pkg = packageSegments(m)
    for (const rule of m.rules) {
      if (ruleKind(rule) === 'partial-object') continue
      const ref = groundPrefix(rule.head.ref)
      for (const other of packages.get([...pkg, ...ref].join('.')) ?? []) {
        const name = packageSegments(other).slice(1).join('.')
        const message = `package ${name} conflicts with rule ${ref.join('.')} defined at ${formatLocation(rule.loc)}`
        state.report('rego_type_error', m.package.loc, message)
      }
    }
  }
}
