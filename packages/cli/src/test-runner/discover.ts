/**
 * Finding tests: every rule named `test_*` (run) or `todo_test_*` (reported as
 * skipped) in any module, as `opa test` does. Tests are addressed by their
 * entrypoint path (`pkg/test_x`), so several definitions of one test name in
 * one package are one test, as in OPA.
 *
 * As OPA's tester (v1/tester/runner.go `ruleName`), the name is the first
 * term of the head's ground prefix that starts with `test_`/`todo_test_`:
 * `test_x`, `a.test_x`, and the parameterized `test_x[name] if { some name … }`
 * (OPA ≥ 1.2), whose dynamic tail (`[name]`) names its cases.
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
  /**
   * Per definition (same order as `rules`), the head's terms after the test's
   * name: `[name]` for a parameterized `test_x[name]`, whose value is an object
   * of cases; empty for a plain test.
   */
  tails: Term[][]
}

/** A parameterized test (`test_x[name] if …`, OPA ≥ 1.2): one sub-result per case. */
export const isParameterized = (t: DiscoveredTest): boolean => t.tails.some((tail) => tail.length > 0)

/** The path of a package (`data.a.b` → `['a', 'b']`). */
export function packagePath(module: Module): string[] {
  return refSegments(module.package.path).slice(1)
}

/** A ref's segments when they are all names (`a.b["c"]` → `['a','b','c']`), else []. */
function refSegments(ref: RefTerm): string[] {
  const out: string[] = []
  for (const [i, t] of ref.terms.entries()) {
    if (i === 0 && t.type === 'var') out.push(t.name)
    else if (t.type === 'string') out.push(t.value)
    else return []
  }
  return out
}

function isTestName(name: string | undefined): boolean {
  return name !== undefined && (name.startsWith('test_') || name.startsWith('todo_test_'))
}

/**
 * The test a rule defines: the path of its head up to the first name of the
 * ground prefix that starts with `test_`/`todo_test_` (`['test_x']`,
 * `['a', 'test_x']`), and the terms after it (`[name]` in `test_x[name]`).
 * Undefined for functions and for rules that are not tests.
 */
export function testHead(rule: Rule): { path: string[]; tail: Term[] } | undefined {
  if (rule.head.args) return undefined
  const terms: Term[] = rule.head.ref.terms
  const path: string[] = []
  for (const [i, t] of terms.entries()) {
    const name = i === 0 && t.type === 'var' ? t.name : t.type === 'string' ? t.value : undefined
    if (name === undefined) return undefined
    path.push(name)
    if (isTestName(name)) return { path, tail: terms.slice(i + 1) }
  }
  return undefined
}

/** Test rules are rules without arguments whose head names a test_* / todo_test_*. */
export function isTestRule(rule: Rule): boolean {
  return testHead(rule) !== undefined
}

export function discoverTests(modules: readonly Module[]): DiscoveredTest[] {
  const byEntrypoint = new Map<string, DiscoveredTest>()
  for (const module of modules) {
    const pkg = packagePath(module)
    for (const rule of module.rules) {
      const head = testHead(rule)
      if (!head) continue
      const entrypoint = [...pkg, ...head.path].join('/')
      const found = byEntrypoint.get(entrypoint)
      if (found) {
        found.rules.push(rule)
        found.tails.push(head.tail)
        continue
      }
      byEntrypoint.set(entrypoint, {
        name: `data.${[...pkg, ...head.path].join('.')}`,
        pkg: pkg.join('.'),
        entrypoint,
        location: { file: rule.loc.file || module.file, row: rule.loc.row },
        todo: head.path.at(-1)!.startsWith('todo_test_'),
        rules: [rule],
        module,
        tails: [head.tail],
      })
    }
  }
  return [...byEntrypoint.values()].sort(
    (a, b) => a.location.file.localeCompare(b.location.file) || a.location.row - b.location.row,
  )
}
