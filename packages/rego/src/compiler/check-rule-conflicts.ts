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

/** Single-value rules (complete values, sets, functions) own their whole extent: nothing may be defined under them. */
function checkExtents(state: CompileState): void {
  const groups = [...state.rules.values()].sort((a, b) => (a.path < b.path ? -1 : 1))
  for (const outer of groups) {
    if (outer.kind === 'partial-object') continue
    const below = groups.filter((g) => g !== outer && g.path.startsWith(outer.path + '.')).map((g) => g.path)
    if (below.length === 0) continue
    const rule = [...outer.rules, ...outer.defaults][0]!
    state.report('rego_type_error', rule.loc, `rule ${outer.path} conflicts with [${below.join(' ')}]`)
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
    packages.set(path, [...(packages.get(path) ?? []), m])
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
