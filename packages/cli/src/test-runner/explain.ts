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
 */
import type { Expr, Module, Rule, Term } from '@cordon/rego'
import { noCustomBuiltins, type CustomBuiltins } from '../fs/load-builtins.js'
import { compileParsed, instantiate } from './compile.js'
import { packagePath, type DiscoveredTest } from './discover.js'
import type { FailureDetail } from './types.js'

interface Probe {
  test: number
  k: number
  kind: 'reach' | 'operand'
  rule: Rule
  /** The operand's source text. */
  text?: string
  entrypoint: string
}

const MAX_SINGLE_COMPILES = 12

/** Explains each failing test; returns details in the order of `tests`. */
export function explainFailures(
  modules: readonly Module[],
  tests: readonly DiscoveredTest[],
  data: unknown,
  sources: ReadonlyMap<string, string>,
  custom: CustomBuiltins = noCustomBuiltins,
): FailureDetail[] {
  const details: FailureDetail[] = tests.map((t) => ({}))
  const probes: Probe[] = []
  tests.forEach((t, ti) => {
    const rule = t.rules.find((r) => r.body.length > 0)
    if (!rule) return
    const pkg = packagePath(t.module)
    const body = rule.body
    for (let k = 0; k < body.length; k++) {
      const name = `__cordon_reach_${ti}_${k}`
      probes.push({ test: ti, k, kind: 'reach', entrypoint: [...pkg, name].join('/'), rule: reachRule(rule, name, body.slice(0, k + 1)) })
      operands(body[k]!).forEach((op, j) => {
        const pname = `__cordon_probe_${ti}_${k}_${j}`
        probes.push({
          test: ti,
          k,
          kind: 'operand',
          text: textOf(op, sources),
          entrypoint: [...pkg, pname].join('/'),
          rule: probeRule(rule, pname, body.slice(0, k), op, body[k]!),
        })
      })
    }
  })
  if (probes.length === 0) return details

  const run = (set: Probe[]): Map<Probe, unknown[] | undefined> | undefined => {
    const copies = structuredClone(modules) as Module[]
    for (const p of set) {
      const t = tests[p.test]!
      copies.find((m) => m.file === t.module.file)!.rules.push(structuredClone(p.rule))
    }
    const built = compileParsed(copies, set.map((p) => p.entrypoint), [], custom)
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
  const firstUndefined = (ti: number) => probes.find((p) => p.test === ti && p.kind === 'reach' && values!.has(p) && values!.get(p) === undefined)?.k
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
    for (const p of probes) if (p.kind === 'operand' && failedAt[p.test] === p.k) one(p)
  }
  tests.forEach((t, ti) => {
    const k = failedAt[ti]
    const rule = t.rules.find((r) => r.body.length > 0)
    if (k === undefined || !rule) {
      details[ti] = { note: rule ? 'could not locate the failing expression' : 'the test has no body' }
      return
    }
    const expr = rule.body[k]!
    const ops = probes.filter((p) => p.test === ti && p.k === k && p.kind === 'operand')
    details[ti] = {
      expr: textOf(expr, sources),
      location: { file: expr.loc.file || t.module.file, row: expr.loc.row },
      values: ops.filter((p) => values!.has(p)).map((p) => ({ expr: p.text!, values: values!.get(p) ?? [] })),
      ...(ops.some((p) => !values!.has(p)) ? { note: 'some values could not be computed' } : {}),
    }
  })
  return details
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

function textOf(node: { loc: { offset: number; end: number; file: string } }, sources: ReadonlyMap<string, string>): string {
  const text = sources.get(node.loc.file)
  return text === undefined ? '?' : text.slice(node.loc.offset, node.loc.end).replace(/\s+/g, ' ')
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
