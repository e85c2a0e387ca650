/**
 * Rule groups → funcs. All rules sharing one path become one func, planned
 * lazily on first reference, once per generation. The func's return local
 * holds the value: complete rules and functions assign it once (a second,
 * different value is a conflict), partial rules start from an empty set or
 * object and add to it, and the default is tried last. Groups with many
 * bodies comparing one ref with constants are indexed (plan-index.ts).
 */
import type { Rule, Term } from '../ast.js'
import { groundPrefix, termVars } from '../checker/visit.js'
import { isBound, isPattern } from './locals.js'
import type { RuleGroup } from '../checker/types.js'
import type { Block, Func, Local } from '../ir/ir.js'
import { type Ctx, emit, type Generation, inBlock, isolated, local, type PlannerState, Scope } from './context.js'
import { planBody } from './plan-body.js'
import { planTerm, planTerms } from './plan-term.js'
import { unifyOperand } from './plan-unify.js'
import { insertAtPath } from './plan-heads.js'
import { indexBodies } from './plan-index.js'

/** The name of the func for `group` under the current generation, planning it if needed. */
export function funcFor(c: Ctx, group: RuleGroup, gen: Generation = c.sc.gen): string {
  const name = `g${gen.id}.${group.path}`
  if (!c.st.funcs.has(name)) planGroup(c.st, gen, group, name)
  return name
}

function planGroup(st: PlannerState, gen: Generation, group: RuleGroup, name: string): void {
  const sc = new Scope(gen)
  for (let i = 0; i < gen.slots; i++) sc.mockLocals.push(sc.newLocal())
  const arity = group.kind === 'function' ? (group.arity ?? group.rules[0]?.head.args?.length ?? 0) : 0
  const args = Array.from({ length: arity }, () => sc.newLocal())
  const ret = sc.newLocal()
  const func: Func = {
    name,
    params: [0, 1, ...sc.mockLocals, ...args],
    returnLocal: ret,
    blocks: [],
    path: group.segments.map((s, i) => (i === 0 ? `g${gen.id}` : s)),
  }
  // Only input and data as parameters: the result is the same for the whole evaluation (per `with` scope).
  if (arity === 0 && gen.slots === 0) func.memoize = true
  // Registered before planning so that a reference back to itself finds it.
  st.funcs.set(name, func)
  const c: Ctx = { st, sc }
  const blocks: Block[] = []
  const partial = writeOrder(
    group.rules.map((rule) => ({ rule, tail: [...foldedSegments(group, rule), ...headTail(rule)] })),
  )
  const isPartial =
    group.kind === 'partial-set' || group.kind === 'partial-object' || partial.some((p) => p.tail.length > 0)
  if (isPartial) {
    const first = partial[0]
    const setRoot = first !== undefined && first.tail.length === 0 && first.rule.head.key !== undefined
    blocks.push(inBlock(c, () => emit(c, { type: setRoot ? 'MakeSet' : 'MakeObject', target: ret })))
    const bodies = partial.map(({ rule, tail }) =>
      inBlock(c, () => isolated(c, () => ((sc.rule = rule), planPartialRule(c, rule, tail, ret)))),
    )
    blocks.push(...indexBodies(c, { ...group, rules: partial.map((p) => p.rule) }, args, bodies))
  } else {
    const bodies = group.rules.map((rule) =>
      inBlock(c, () => isolated(c, () => ((sc.rule = rule), planCompleteRule(c, rule, args, ret)))),
    )
    blocks.push(...indexBodies(c, group, args, bodies))
  }
  const d = group.defaults[0]
  if (d) {
    blocks.push(
      inBlock(c, () => {
        emit(c, { type: 'IsUndefined', source: ret })
        planTerm(c, headValue(d), (op) => emit(c, { type: 'AssignVar', source: op, target: ret }))
      }),
    )
  }
  blocks.push({ stmts: [{ type: 'ReturnLocal', source: ret }] })
  func.blocks = blocks
}

/**
 * A complete rule or function with its else chain: the first clause that
 * has a solution gives the value, each later clause runs only while the
 * chain's value is still undefined.
 */
function planCompleteRule(c: Ctx, rule: Rule, args: Local[], ret: Local): void {
  const chain = c.sc.newLocal()
  const clauses: Rule[] = []
  for (let r: Rule | undefined = rule; r; r = r.else) clauses.push(r)
  const loc = c.st.loc(rule.loc)
  const blocks = clauses.map((clause, i) =>
    inBlock(c, () =>
      isolated(c, () => {
        if (i > 0) emit(c, { type: 'IsUndefined', source: chain })
        const patterns = clause.head.args ?? rule.head.args ?? []
        // Arguments that read variables the body binds (`f($"{x}")`) are compared after the body.
        const later = patterns.map((p) => !isPattern(c, p) && [...termVars(p, false)].some((v) => !isBound(c, v)))
        const now = patterns.flatMap((p, i) => (later[i] ? [] : [[p, args[i]!] as const]))
        const after = patterns.flatMap((p, i) => (later[i] ? [[p, args[i]!] as const] : []))
        unifyArgs(c, now, () =>
          planBody(c, clause.body, () =>
            unifyArgs(c, after, () =>
              planTerm(c, headValue(clause), (op) =>
                emit(c, { type: 'AssignVarOnce', source: op, target: chain, loc: c.st.loc(clause.loc) }),
              ),
            ),
          ),
        )
      }),
    ),
  )
  emit(c, { type: 'ResetLocal', target: chain })
  emit(c, { type: 'Block', blocks })
  emit(c, { type: 'IsDefined', source: chain })
  emit(c, { type: 'AssignVarOnce', source: local(chain), target: ret, loc })
}

function unifyArgs(c: Ctx, pairs: readonly (readonly [Term, Local])[], k: () => void): void {
  const step = (i: number): void =>
    i === pairs.length ? k() : unifyOperand(c, pairs[i]![0], local(pairs[i]![1]), () => step(i + 1))
  step(0)
}

/** A partial rule: after the body, the key path below the rule's path and the value or element are inserted. */
function planPartialRule(c: Ctx, rule: Rule, tail: Term[], ret: Local): void {
  const contains = rule.head.key !== undefined && rule.head.value === undefined
  const leaf = contains ? rule.head.key! : headValue(rule)
  planBody(c, rule.body, () =>
    planTerms(c, [...tail, leaf], (ops) =>
      insertAtPath(c, ret, ops.slice(0, -1), ops[ops.length - 1]!, contains, rule.loc),
    ),
  )
}

/**
 * Partial rules in the order their writes are safe: a rule that makes (or
 * adds to) a container at depth d runs before any rule that inserts a value
 * at depth d. So no rule ever writes into a value another rule produced
 * (which may be a constant or base data, shared by reference): overlapping
 * rules (`p[k] := {"r": {1}}` and `p[k].r contains 2`) meet in an insert
 * that finds the other's value, a conflict as in OPA. Stable: rules of one
 * shape keep their source order.
 */
function writeOrder<T extends { rule: Rule; tail: Term[] }>(rules: T[]): T[] {
  const depth = ({ rule, tail }: T) => (rule.head.key !== undefined ? tail.length : tail.length - 1)
  return rules
    .map((r, i) => ({ r, i, d: depth(r) }))
    .sort((a, b) => b.d - a.d || a.i - b.i)
    .map((x) => x.r)
}

/** The segments from a folded group's path to the path of one of its rules (none for its own rules). */
function foldedSegments(group: RuleGroup, rule: Rule): Term[] {
  return (group.folded?.get(rule) ?? []).map((value) => ({ type: 'string', value, loc: rule.head.ref.loc }))
}

function headValue(rule: Rule): Term {
  return rule.head.value ?? { type: 'boolean', value: true, loc: rule.head.loc }
}

/**
 * The head ref's terms below the group's path (the group is the package
 * plus the head ref's ground prefix): `[x]` for `p[x] := v`, `[x, "c"]` for
 * `a[x].c := v`, `[]` for `p contains x` and complete rules.
 */
function headTail(rule: Rule): Term[] {
  return rule.head.ref.terms.slice(groundPrefix(rule.head.ref).length)
}
