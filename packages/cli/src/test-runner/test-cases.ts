/**
 * Parameterized tests (`test_x[name] if { some name, tc in cases; … }`, OPA ≥
 * 1.2), judged as OPA's tester judges them (v1/tester/runner.go):
 *
 * - the test's value is an object of cases; a case whose value is `true`
 *   passes, any other value fails, a nested object holds nested cases;
 * - a case that *started* (its name was bound) but never reached the object
 *   fails too. OPA learns this from a call of `internal.test_case([name])`
 *   its compiler injects into the body just after the expressions that bind
 *   the head's variables; Cordon injects the same call, of the recording host
 *   builtin `cordon.test_case`, into copies of the checked test rules, and
 *   plans a second module of only the parameterized tests from them. The
 *   shipped build never sees it.
 */
import type { BuiltinDecl } from '@cordon/builtins'
import { TEST_CASE_BUILTIN } from './case-recorder.js'
import { walk, type CompiledPolicy, type Expr, type Rule, type Term } from '@cordon/rego'
import { testHead } from './discover.js'
import { markerCall } from '../instrument/marker-call.js'
import type { SubResult } from './types.js'

const testCaseDecl: BuiltinDecl = {
  name: TEST_CASE_BUILTIN,
  decl: { type: 'function', args: [{ type: 'array', dynamic: { type: 'any' } }], result: { type: 'boolean' } },
}

/**
 * A copy of a checked policy in which each parameterized test body (of the
 * tests at `entrypoints`) records the case it starts. The policy is checked
 * once: the marker goes into copies of the checked test rules, whose head
 * variables and body order are final, so only the tests' own rules change;
 * every other rule and module is shared with `compiled`, unchanged.
 */
export function withCaseMarkers(compiled: CompiledPolicy, entrypoints: readonly string[]): CompiledPolicy {
  const marked = new Map<Rule, Rule>()
  const rules = new Map(compiled.rules)
  for (const entrypoint of entrypoints) {
    const path = `data.${entrypoint.replaceAll('/', '.')}`
    const group = compiled.rules.get(path)
    if (!group) continue
    const copies = group.rules.map((rule) => {
      const tail = testHead(rule)?.tail
      if (!tail || tail.length === 0) return rule
      const body = [...rule.body]
      body.splice(markerIndex(body, tail), 0, marker(tail))
      const copy = { ...rule, body }
      marked.set(rule, copy)
      return copy
    })
    rules.set(path, { ...group, rules: copies })
  }
  const modules = compiled.modules.map((m) =>
    m.rules.some((r) => marked.has(r)) ? { ...m, rules: m.rules.map((r) => marked.get(r) ?? r) } : m,
  )
  const builtins = new Map([...compiled.builtins, [TEST_CASE_BUILTIN, testCaseDecl] as const])
  return { ...compiled, modules, rules, builtins }
}

/**
 * Where OPA injects the call: below the first expression that mentions each
 * variable of the head's tail, the lowest of those (0 when there is none).
 */
function markerIndex(body: Expr[], tail: Term[]): number {
  const vars = new Set<string>()
  for (const t of tail) walk(t, (n) => void (n.type === 'var' && vars.add(n.name)))
  let below = -1
  for (const name of vars) {
    const first = body.findIndex((e) => mentions(e, name))
    if (first > below) below = first
  }
  return below + 1
}

function mentions(expr: Expr, name: string): boolean {
  let found = false
  walk(expr, (n) => {
    if (found) return false
    if (n.type === 'var' && n.name === name) found = true
  })
  return found
}

function marker(tail: Term[]): Expr {
  const at = { ...tail[0]!.loc }
  return markerCall(TEST_CASE_BUILTIN, [{ type: 'array', items: structuredClone(tail), loc: at }], at)
}

/**
 * The sub-results of a parameterized test from its value (the object of
 * cases, as JSON) and the cases that started. `fail` is true when any fails.
 */
export function subResults(value: unknown, started: readonly string[][]): { fail: boolean; results: SubResult[] } {
  const results = fromValue(value)
  for (const path of started) addStarted(results, path)
  sortTree(results)
  return { fail: results.some(failing), results }
}

function fromValue(value: unknown): SubResult[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return []
  return Object.entries(value as Record<string, unknown>).map(([name, v]) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const nested = fromValue(v)
      return { name, status: nested.some(failing) ? 'fail' : 'pass', subResults: nested }
    }
    return { name, status: v === true ? 'pass' : 'fail' }
  })
}

/** A started case missing from the value fails, and so does every level above it. */
function addStarted(level: SubResult[], path: readonly string[]): boolean {
  const [head, ...rest] = path
  if (head === undefined) return false
  let entry = level.find((r) => r.name === head)
  if (!entry) {
    entry = { name: head, status: 'fail', ...(rest.length ? { subResults: [] } : {}) }
    level.push(entry)
  }
  if (rest.length === 0) return entry.status === 'fail'
  const failed = addStarted((entry.subResults ??= []), rest)
  if (failed) entry.status = 'fail'
  return failed
}

const failing = (r: SubResult): boolean => r.status === 'fail'

function sortTree(level: SubResult[]): void {
  level.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const r of level) if (r.subResults) sortTree(r.subResults)
}

/** The leaves of a sub-result tree, with their full names: what OPA counts. */
export function leaves(
  results: readonly SubResult[],
  prefix: string[] = [],
): { path: string[]; status: SubResult['status'] }[] {
  return results.flatMap((r) =>
    r.subResults?.length
      ? leaves(r.subResults, [...prefix, r.name])
      : [{ path: [...prefix, r.name], status: r.status }],
  )
}
