/**
 * Rule indexing, the analysis (docs/adr/0007-rule-indexing.md): which bodies
 * of a rule group a single lookup can rule out. A body qualifies when one of
 * its top-level expressions compares a *fixed* ref with a scalar constant
 * (`ref == c`, `c == ref`, `ref = c`, `c = ref`), or, for a function, when an
 * argument pattern is such a constant (`f("a") := …`). A ref is fixed when
 * its value is the same in every body: `input…`, `data…`, or a function
 * argument and the constant keys below it. This is what OPA's rule indexer
 * looks for; as there, a body whose constant differs from the ref's value
 * would fail at that comparison, so it need not run at all.
 */
import type { Expr, Rule, Term } from '../ast.js'
import type { RuleGroup } from '../checker/types.js'
import { refName } from '../checker/visit.js'
import type { ConstValue } from '../ir/ir.js'

/**
 * Fewer bodies on one ref than this are not indexed: evaluating a few
 * comparisons costs about what the lookup does, and the plan stays as OPA's.
 */
export const MIN_INDEXED_BODIES = 4

/** A ref whose value does not depend on the body it appears in. */
export interface FixedRef {
  /** The document the ref starts from, or the index of the function argument. */
  root: 'input' | 'data' | number
  /** Constant keys (string or number terms) below the root. */
  path: Term[]
  /** Equal for the same ref in any body (argument names may differ between bodies). */
  id: string
}

export interface RuleIndex {
  ref: FixedRef
  /** Per rule of the group, in order: the constant its body requires `ref` to equal, or undefined when it always runs. */
  constants: (ConstValue | undefined)[]
}

interface Comparison {
  ref: FixedRef
  constant: ConstValue
}

/**
 * The ref most bodies compare with a constant, when at least
 * MIN_INDEXED_BODIES do. `mocked` tells whether `with` replaced a builtin
 * (`equal`, `eq`) for the generation being planned: then a comparison is a
 * call like any other.
 */
export function chooseIndex(group: RuleGroup, mocked: (name: string) => boolean): RuleIndex | undefined {
  const perRule = group.rules.map((rule) => comparisons(rule, mocked))
  const counts = new Map<string, number>()
  for (const found of perRule) for (const id of found.keys()) counts.set(id, (counts.get(id) ?? 0) + 1)
  let best: string | undefined
  let most = 0
  for (const [id, n] of counts) {
    if (n > most) [best, most] = [id, n]
  }
  if (best === undefined || most < MIN_INDEXED_BODIES) return undefined
  const ref = perRule.find((found) => found.has(best))!.get(best)!.ref
  return { ref, constants: perRule.map((found) => found.get(best)?.constant) }
}

/** The body's comparisons of fixed refs with constants, the first per ref. */
function comparisons(rule: Rule, mocked: (name: string) => boolean): Map<string, Comparison> {
  const out = new Map<string, Comparison>()
  // An else chain gives a value from whichever clause holds first: all clauses must be tried.
  if (rule.else) return out
  const add = (ref: FixedRef | undefined, constant: ConstValue | undefined) => {
    if (ref && constant && !out.has(ref.id)) out.set(ref.id, { ref, constant })
  }
  const args = rule.head.args ?? []
  const argIndex = new Map<string, number>()
  args.forEach((a, i) => {
    if (a.type === 'var' && !argIndex.has(a.name)) argIndex.set(a.name, i)
    add(fixedRef(i, []), scalarValue(a))
  })
  for (const e of rule.body) {
    const sides = comparedTerms(e, mocked)
    if (!sides) continue
    const [a, b] = sides
    add(fixedRefOf(a, argIndex), scalarValue(b))
    add(fixedRefOf(b, argIndex), scalarValue(a))
  }
  return out
}

/** The two sides of `a == b` or `a = b`, as a plain expression (not negated, no `with`). */
function comparedTerms(e: Expr, mocked: (name: string) => boolean): [Term, Term] | undefined {
  if (e.kind !== 'call' || e.negated || e.with.length > 0 || e.args.length !== 2) return undefined
  const name = refName(e.operator)
  if ((name !== 'equal' && name !== 'eq') || mocked(name)) return undefined
  return [e.args[0]!, e.args[1]!]
}

function fixedRefOf(t: Term, argIndex: ReadonlyMap<string, number>): FixedRef | undefined {
  const [head, ...path] = t.type === 'ref' ? t.terms : [t]
  if (head?.type !== 'var' || !path.every((p) => p.type === 'string' || p.type === 'number')) return undefined
  // An argument named `input` or `data` shadows the document.
  const arg = argIndex.get(head.name)
  if (arg !== undefined) return fixedRef(arg, path)
  if (head.name === 'input') return fixedRef('input', path)
  if (head.name === 'data' && path.length > 0) return fixedRef('data', path)
  return undefined
}

function fixedRef(root: FixedRef['root'], path: Term[]): FixedRef {
  const keys = path.map((p) => (p.type === 'string' || p.type === 'number' ? [p.type, p.value] : []))
  return { root, path, id: `${root}${JSON.stringify(keys)}` }
}

/**
 * Integers are kept only in their one canonical spelling, so that two
 * constants are the same Rego value exactly when their ConstValues are
 * equal (`1`, `1.0` and `1e0` are one value; `1.0` is left unindexed).
 */
const CANONICAL_INTEGER = /^(?:0|-?[1-9]\d*)$/

function scalarValue(t: Term): ConstValue | undefined {
  switch (t.type) {
    case 'string':
      return { type: 'string', value: t.value }
    case 'boolean':
      return { type: 'boolean', value: t.value }
    case 'null':
      return { type: 'null' }
    case 'number':
      return CANONICAL_INTEGER.test(t.value) ? { type: 'number', text: t.value } : undefined
    default:
      return undefined
  }
}
