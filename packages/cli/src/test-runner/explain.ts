/**
 * The values involved in a failing test, computed on the compiled path.
 *
 * For a failing test whose body is e1…en, probe rules are added to copies of
 * the test's module (same package and imports, so names resolve alike):
 *
 *   __cordon_reach_T_k if { e1; …; ek }                      (k = 1…n)
 *   __cordon_probe_T_k_j contains __cordon_v if { e1; …; e(k-1); __cordon_v := operand_j <ek's with> }
 *
 * and compiled as one extra module. The first k whose reach rule is undefined
 * is the expression that did not hold; its probes give every value each
 * operand took (a set: several when an earlier `some` iterates, none when the
 * operand is undefined). Literals (`"ok"`, `[1, 2]`) are not probed, nor the variable a
 * `:=` binds. When the probes do not compile together (a prefix of a body
 * reordered for safety can be unsafe on its own), they are compiled one by
 * one (within a budget of compiles) and what compiles is reported.
 *
 * `--var-values` adds probes of the local variables an expression uses that
 * the expressions before it bind; `--explain full` reports every expression
 * up to the failing one, with its operands' values. OPA gets both from its
 * evaluation trace; a Wasm module has none, so these are the test body's own
 * expressions only (not the rules they call).
 */
import { walk, type Expr, type Module, type Rule, type Term } from '@cordon/rego'
import { noCustomBuiltins, type CustomBuiltins } from '../custom-builtins.js'
import { globalNames } from '../instrument/local-vars.js'
import { sourceText } from '../instrument/source-text.js'
import { compileParsed, instantiate } from './compile.js'
import { packagePath, type DiscoveredTest } from './discover.js'
import type { FailureDetail, ValueNote } from './types.js'

interface Probe {
  test: number
  k: number
  kind: 'reach' | 'operand' | 'var'
  rule: Rule
  /** The operand's source text. */
  text?: string
  entrypoint: string
}

const MAX_SINGLE_COMPILES = 12

export interface ExplainHow {
  /** Every expression up to the failing one (`--explain full`). */
  full?: boolean
  /** The values of the local variables the failing expression uses (`--var-values`). */
  varValues?: boolean
}

/** Explains each failing test; returns details in the order of `tests`. */
export function explainFailures(
  modules: readonly Module[],
  tests: readonly DiscoveredTest[],
  data: unknown,
  sources: ReadonlyMap<string, string>,
  custom: CustomBuiltins = noCustomBuiltins,
  how: ExplainHow = {},
): FailureDetail[] {
  const details: FailureDetail[] = tests.map(() => ({}))
  const probes: Probe[] = []
  tests.forEach((t, ti) => {
    const rule = t.rules.find((r) => r.body.length > 0)
    if (!rule) return
    const pkg = packagePath(t.module)
    const body = rule.body
    for (let k = 0; k < body.length; k++) {
      const name = `__cordon_reach_${ti}_${k}`
      probes.push({
        test: ti,
        k,
        kind: 'reach',
        entrypoint: [...pkg, name].join('/'),
        rule: reachRule(rule, name, body.slice(0, k + 1)),
      })
      const ops = operands(body[k]!)
      const opTexts = new Set(ops.map((op) => sourceText(op.loc, sources)))
      const vars = how.varValues
        ? boundVars(body, k, globalNames(t.module, modules)).filter((v) => !opTexts.has(v.name))
        : []
      ;[...ops.map((op) => ['operand', op] as const), ...vars.map((v) => ['var', v] as const)].forEach(
        ([kind, op], j) => {
          const pname = `__cordon_probe_${ti}_${k}_${j}`
          probes.push({
            test: ti,
            k,
            kind,
            text: sourceText(op.loc, sources),
            entrypoint: [...pkg, pname].join('/'),
            rule: probeRule(rule, pname, body.slice(0, k), op, body[k]!),
          })
        },
      )
    }
  })
  if (probes.length === 0) return details

  const run = (set: Probe[]): Map<Probe, unknown[] | undefined> | undefined => {
    const copies = structuredClone(modules) as Module[]
    for (const p of set) {
      const t = tests[p.test]!
      copies.find((m) => m.file === t.module.file)!.rules.push(structuredClone(p.rule))
    }
    const built = compileParsed(
      copies,
      set.map((p) => p.entrypoint),
      [],
      custom,
    )
    if (!built.wasm) return undefined
    const instance = instantiate(built.wasm, data, undefined, custom)
    const out = new Map<Probe, unknown[] | undefined>()
    for (const p of set) {
      try {
        const rs = instance.evaluate(undefined, p.entrypoint)
        out.set(p, rs.length === 0 ? undefined : (rs[0]!.result as unknown[]))
      } catch {
        out.set(p, undefined)
      }
    }
    return out
  }

  let values = run(probes)
  let failedAt: (number | undefined)[]
  const firstUndefined = (ti: number) =>
    probes.find((p) => p.test === ti && p.kind === 'reach' && values!.has(p) && values!.get(p) === undefined)?.k
  if (values) {
    failedAt = tests.map((_, ti) => firstUndefined(ti))
  } else {
    // Compile probes one by one, within a budget: reach rules in order until
    // one is undefined (a prefix that does not compile alone is skipped),
    // then the operands of that expression.
    values = new Map()
    let budget = MAX_SINGLE_COMPILES
    const one = (p: Probe) => {
      if (budget-- <= 0) return
      const r = run([p])
      if (r) values!.set(p, r.get(p))
    }
    failedAt = tests.map((_, ti) => {
      for (const p of probes) {
        if (p.test !== ti || p.kind !== 'reach') continue
        one(p)
        if (values!.has(p) && values!.get(p) === undefined) return p.k
      }
      return undefined
    })
    for (const p of probes) if (p.kind !== 'reach' && failedAt[p.test] === p.k) one(p)
  }
  tests.forEach((t, ti) => {
    const k = failedAt[ti]
    const rule = t.rules.find((r) => r.body.length > 0)
    if (k === undefined || !rule) {
      details[ti] = { note: rule ? 'could not locate the failing expression' : 'the test has no body' }
      return
    }
    const at = (i: number) => {
      const e = rule.body[i]!
      return { expr: sourceText(e.loc, sources), location: { file: e.loc.file || t.module.file, row: e.loc.row } }
    }
    const notes = (i: number, kind: Probe['kind']): ValueNote[] =>
      probes
        .filter((p) => p.test === ti && p.k === i && p.kind === kind && values!.has(p))
        .map((p) => ({ expr: p.text!, values: values!.get(p) ?? [] }))
    const missing = probes.some((p) => p.test === ti && p.k === k && p.kind !== 'reach' && !values!.has(p))
    const vars = notes(k, 'var')
    details[ti] = {
      ...at(k),
      values: notes(k, 'operand'),
      ...(how.varValues ? { vars } : {}),
      ...(how.full
        ? { steps: rule.body.slice(0, k + 1).map((_, i) => ({ ...at(i), held: i < k, values: notes(i, 'operand') })) }
        : {}),
      ...(missing ? { note: 'some values could not be computed' } : {}),
    }
  })
  return details
}

/**
 * The local variables expression k uses that an earlier expression of the
 * body mentions too (so they are bound before it), once each: not operators,
 * `_`, compiler-made names, or the module's rules, imports, input and data.
 */
function boundVars(body: readonly Expr[], k: number, globals: ReadonlySet<string>): Extract<Term, { type: 'var' }>[] {
  const varsOf = (e: Expr, found: (v: Extract<Term, { type: 'var' }>) => void) =>
    walk(e, (n, parent) => {
      if (n.type === 'ref' && parent && 'operator' in parent && parent.operator === n) return false
      if (n.type === 'var' && n.name !== '_' && !n.name.startsWith('__') && !globals.has(n.name)) found(n)
    })
  const earlier = new Set<string>()
  for (const e of body.slice(0, k)) varsOf(e, (v) => earlier.add(v.name))
  const out = new Map<string, Extract<Term, { type: 'var' }>>()
  varsOf(body[k]!, (v) => void (earlier.has(v.name) && !out.has(v.name) && out.set(v.name, v)))
  return [...out.values()]
}

/** The terms worth showing for an expression. */
function operands(e: Expr): Term[] {
  if (e.kind === 'term') return isLiteral(e.term) ? [] : [e.term]
  if (e.kind !== 'call') return []
  const op = e.operator.terms.map((t) => (t.type === 'var' ? t.name : t.type === 'string' ? t.value : '?')).join('.')
  const args = op === 'assign' ? e.args.slice(1) : op === 'eq' ? e.args.filter((a) => a.type !== 'var') : e.args
  return args.filter((a) => !isLiteral(a))
}

/** A literal with no variables, refs or calls: its value is its text. */
function isLiteral(t: Term): boolean {
  switch (t.type) {
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
      return true
    case 'array':
    case 'set':
      return t.items.every(isLiteral)
    case 'object':
      return t.entries.every(([k, v]) => isLiteral(k) && isLiteral(v))
    default:
      return false
  }
}

function head(rule: Rule, name: string): Rule['head'] {
  const loc = rule.head.loc
  return { type: 'head', loc, ref: { type: 'ref', loc, terms: [{ type: 'var', name, loc }] }, assign: false }
}

function reachRule(rule: Rule, name: string, body: Expr[]): Rule {
  const h = head(rule, name)
  return {
    type: 'rule',
    loc: rule.loc,
    default: false,
    head: { ...h, value: { type: 'boolean', value: true, loc: rule.loc }, implicitValue: true },
    body: structuredClone(body),
    annotations: [],
    file: rule.file,
  }
}

function probeRule(rule: Rule, name: string, prefix: Expr[], operand: Term, at: Expr): Rule {
  const loc = at.loc
  const v: Term = { type: 'var', name: '__cordon_v', loc }
  const bind: Expr = {
    type: 'expr',
    kind: 'call',
    negated: false,
    with: structuredClone(at.with),
    loc,
    operator: { type: 'ref', loc, terms: [{ type: 'var', name: 'assign', loc }] },
    args: [v, structuredClone(operand)],
  }
  return {
    type: 'rule',
    loc: rule.loc,
    default: false,
    head: { ...head(rule, name), key: { type: 'var', name: '__cordon_v', loc } },
    body: [...structuredClone(prefix), bind],
    annotations: [],
    file: rule.file,
  }
}
