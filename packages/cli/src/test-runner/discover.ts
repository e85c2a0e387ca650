/**
 * Finding tests: every rule named `test_*` (run) or `todo_test_*` (reported as
 * skipped) in any module, as `opa test` does. Tests are addressed by their
 * entrypoint path (`pkg/test_x`), so several definitions of one test name in
 * one package are one test, as in OPA.
 */
import type { Module, RefTerm, Rule, Term } from '@cordon/rego'
import type { SourceRef } from './types.js'

export interface DiscoveredTest {
  /** `data.pkg.test_x` */
  name: string
  /** The package, dotted (`ai_access`), the JUnit suite. */
  pkg: string
  /** The entrypoint, in slash form (`ai_access/test_x`). */
  entrypoint: string
  location: SourceRef
  todo: boolean
  /** Every definition of the test (the first gives the location). */
  rules: Rule[]
  module: Module
}

/** The path of a package (`data.a.b` → `['a', 'b']`). */
export function packagePath(module: Module): string[] {
  return refSegments(module.package.path).slice(1)
}

/** A ref's segments when they are all names (`a.b["c"]` → `['a','b','c']`), else []. */
export function refSegments(ref: RefTerm): string[] {
  const out: string[] = []
  for (const [i, t] of ref.terms.entries()) {
    if (i === 0 && t.type === 'var') out.push(t.name)
    else if (t.type === 'string') out.push(t.value)
    else return []
  }
  return out
}

/** The rule's name when its head is a plain name (`p`, not `a.b` or `p[x]`). */
export function ruleName(rule: Rule): string | undefined {
  const terms: Term[] = rule.head.ref.terms
  return terms.length === 1 && terms[0]!.type === 'var' ? terms[0]!.name : undefined
}

export function isTestName(name: string | undefined): boolean {
  return name !== undefined && (name.startsWith('test_') || name.startsWith('todo_test_'))
}

/** Test rules are complete rules without arguments named test_* / todo_test_*. */
export function isTestRule(rule: Rule): boolean {
  return isTestName(ruleName(rule)) && !rule.head.args
}

export function discoverTests(modules: readonly Module[]): DiscoveredTest[] {
  const byEntrypoint = new Map<string, DiscoveredTest>()
  for (const module of modules) {
    const pkg = packagePath(module)
    for (const rule of module.rules) {
      if (!isTestRule(rule)) continue
      const name = ruleName(rule)!
      const entrypoint = [...pkg, name].join('/')
      const found = byEntrypoint.get(entrypoint)
      if (found) {
        found.rules.push(rule)
        continue
      }
      byEntrypoint.set(entrypoint, {
        name: `data.${[...pkg, name].join('.')}`,
        pkg: pkg.join('.'),
        entrypoint,
        location: { file: rule.loc.file || module.file, row: rule.loc.row },
        todo: name.startsWith('todo_test_'),
        rules: [rule],
        module,
      })
    }
  }
  return [...byEntrypoint.values()].sort((a, b) => a.location.file.localeCompare(b.location.file) || a.location.row - b.location.row)
}
