/**
 * A compact, unambiguous rendering of AST nodes, used by tests and by
 * debugging output ("print the AST after parsing"). It is not Rego source:
 * operators show as the builtin calls they are (`plus(x, 1)`), refs with
 * brackets for every non-name key, and expressions with their kind.
 */
import type { Body, Expr, Rule, RuleHead, Term } from '../ast.js'

/** Renders a term: `input.x`, `plus(x, 1)`, `{1, 2}`, `[x | xs[x]]`. */
export function printTerm(t: Term): string {
  switch (t.type) {
    case 'null':
      return 'null'
    case 'boolean':
      return String(t.value)
    case 'number':
      return t.value
    case 'string':
      return JSON.stringify(t.value)
    case 'var':
      return t.name
    case 'ref':
      return t.terms
        .map((x, i) =>
          i === 0
            ? printTerm(x)
            : x.type === 'string' && /^[A-Za-z_]\w*$/.test(x.value)
              ? `.${x.value}`
              : `[${printTerm(x)}]`,
        )
        .join('')
    case 'array':
      return `[${t.items.map(printTerm).join(', ')}]`
    case 'set':
      return t.items.length === 0 ? 'set()' : `{${t.items.map(printTerm).join(', ')}}`
    case 'object':
      return `{${t.entries.map(([k, v]) => `${printTerm(k)}: ${printTerm(v)}`).join(', ')}}`
    case 'arraycomp':
      return `[${printTerm(t.term)} | ${printBody(t.body)}]`
    case 'setcomp':
      return `{${printTerm(t.term)} | ${printBody(t.body)}}`
    case 'objectcomp':
      return `{${printTerm(t.key)}: ${printTerm(t.value)} | ${printBody(t.body)}}`
    case 'call':
      return `${printTerm(t.operator)}(${t.args.map(printTerm).join(', ')})`
    case 'template':
      return `$(${t.parts.map((p, i) => printTerm(p) + (t.partWith?.[i] ? ` ${t.partWith[i]!.map((w) => `with ${printTerm(w.target)} as ${printTerm(w.value)}`).join(' ')}` : '')).join(', ')})`
  }
}

/** Renders an expression: `not x with input as 1`, `some x in xs`, `(a and b)`. */
export function printExpr(e: Expr): string {
  const core = exprCore(e)
  const withs = e.with.map((w) => ` with ${printTerm(w.target)} as ${printTerm(w.value)}`).join('')
  return `${e.negated ? 'not ' : ''}${core}${withs}`
}

function exprCore(e: Expr): string {
  switch (e.kind) {
    case 'term':
      return printTerm(e.term)
    case 'call':
      return `${printTerm(e.operator)}(${e.args.map(printTerm).join(', ')})`
    case 'some':
      return `some ${e.vars.map(printTerm).join(', ')}`
    case 'somein':
      return `some ${e.key ? printTerm(e.key) + ', ' : ''}${printTerm(e.value)} in ${printTerm(e.domain)}`
    case 'every':
      return `every ${e.key ? printTerm(e.key) + ', ' : ''}${printTerm(e.value)} in ${printTerm(e.domain)} { ${printBody(e.body)} }`
    case 'logic':
      return `(${printBlock(e.left)} ${e.op} ${printBlock(e.right)})`
    case 'block':
      return `{ ${printBody(e.body)} }`
  }
}

function printBlock(b: Body): string {
  return b.length === 1 ? printExpr(b[0]!) : `{ ${printBody(b)} }`
}

/** Renders a body: expressions joined by `; `. */
export function printBody(b: Body): string {
  return b.map(printExpr).join('; ')
}

/** Renders a rule head: `p[x] := v`, `f(a) = true*` (a `*` marks an implicit value), `p contains x`. */
export function printHead(h: RuleHead): string {
  let s = printTerm(h.ref)
  if (h.args) s += `(${h.args.map(printTerm).join(', ')})`
  if (h.key) s += ` contains ${printTerm(h.key)}`
  if (h.value) s += ` ${h.assign ? ':=' : '='} ${printTerm(h.value)}${h.implicitValue ? '*' : ''}`
  return s
}

/** Renders a rule with its else chain: `default p := 1`, `p := 1 if { x } else := 2 if { y }`. */
export function printRule(r: Rule): string {
  let s = `${r.default ? 'default ' : ''}${printHead(r.head)}${r.body.length ? ` if { ${printBody(r.body)} }` : ''}`
  for (let e = r.else; e; e = e.else) {
    const v = e.head.value && !e.head.implicitValue ? ` ${e.head.assign ? ':=' : '='} ${printTerm(e.head.value)}` : ''
    s += ` else${v}${e.body.length ? ` if { ${printBody(e.body)} }` : ''}`
  }
  return s
}
