/**
 * What the checker hands the planner: resolved refs, locals renamed apart,
 * bodies reordered for safety, the rule tree, the dependency graph; and the
 * driver's options (stage table, stopAfter, error limit), and queries.
 */
import { describe, expect, it } from 'vitest'
import type { Body, Expr, Term } from '../ast.js'
import { parseModule, parseQuery } from '../syntax/index.js'
import { compileModules, compileQuery, stages } from './index.js'
import { DEPTH_LIMIT } from './rewrite-deep-terms.js'

function compile(...sources: string[]) {
  const modules = sources.map((s, i) => parseModule(s, { file: `m${i}.rego` }).module!)
  return compileModules(modules)
}

/** A compact text form of terms and bodies, enough to see rewrites. */
function show(t: Term): string {
  switch (t.type) {
    case 'var':
      return t.name
    case 'string':
      return JSON.stringify(t.value)
    case 'null':
      return 'null'
    case 'number':
    case 'boolean':
      return String(t.value)
    case 'ref':
      return t.terms.map((x, i) => (i === 0 ? show(x) : x.type === 'string' ? `.${x.value}` : `[${show(x)}]`)).join('')
    case 'call':
      return `${show(t.operator)}(${t.args.map(show).join(', ')})`
    case 'array':
      return `[${t.items.map(show).join(', ')}]`
    case 'arraycomp':
      return `[${show(t.term)} | ${showBody(t.body)}]`
    default:
      return t.type
  }
}

function showExpr(e: Expr): string {
  const not = e.negated ? 'not ' : ''
  if (e.kind === 'call') return `${not}${show(e.operator)}(${e.args.map(show).join(', ')})`
  if (e.kind === 'term') return not + show(e.term)
  if (e.kind === 'some') return `some ${e.vars.map(show).join(', ')}`
  if (e.kind === 'somein') return `some ${e.key ? show(e.key) + ', ' : ''}${show(e.value)} in ${show(e.domain)}`
  if (e.kind === 'every') return `every ${show(e.value)} in ${show(e.domain)} { ${showBody(e.body)} }`
  return e.kind
}

function showBody(b: Body): string {
  return b.map(showExpr).join('; ')
}

describe('rewrites', () => {
  it('resolves rule names, imports and functions to data paths', () => {
    const { compiled } = compile(
      'package a.b\nimport data.x.y as z\nimport input.user\np if { q; z.k == user.name; f(1) }\nq := 1\nf(n) := n',
    )
    expect(showBody(compiled!.modules[0]!.rules[0]!.body)).toBe(
      'data.a.b.q; equal(data.x.y.k, input.user.name); data.a.b.f(1)',
    )
  })

  it('resolves rules of the same package written in another module', () => {
    const { compiled } = compile('package a\np := q', 'package a\nq := 1')
    expect(show(compiled!.modules[0]!.rules[0]!.head.value!)).toBe('data.a.q')
  })

  it('lets locals shadow rule names', () => {
    const { compiled } = compile('package a\nq := 1\np if { q := 2; q > 1 }')
    expect(showBody(compiled!.modules[0]!.rules[1]!.body)).toBe('eq(__local0__, 2); gt(__local0__, 1)')
  })

  it('renames := and some locals apart, wildcards to $N, and := to =', () => {
    const { compiled } = compile('package a\np if { x := 1; ys := [x | some x in input]; ys[_] == x }')
    const body = compiled!.modules[0]!.rules[0]!.body
    expect(showBody(body)).toBe(
      'eq(__local0__, 1); eq(__local2__, [__local1__ | some __local1__ in input]); equal(__local2__[$0], __local0__)',
    )
    expect(compiled!.rewrittenVars.get('__local2__')).toBe('ys')
  })

  it('reorders bodies as OPA does: each pass takes, in order, every expression that is ready', () => {
    const { compiled } = compile('package a\np if { y > 1; z = [y]; y = input.n; true }')
    expect(showBody(compiled!.modules[0]!.rules[0]!.body)).toBe('eq(y, input.n); true; gt(y, 1); eq(z, [y])')
  })

  it('reorders comprehension and every bodies too', () => {
    const { compiled } = compile('package a\np := [x | x > 1; x = input[_]]\nq if every v in input { v > w; w = 1 }')
    expect(show(compiled!.modules[0]!.rules[0]!.head.value!)).toBe('[x | eq(x, input[$0]); gt(x, 1)]')
    expect(showBody(compiled!.modules[0]!.rules[1]!.body)).toBe(
      'every __local0__ in input { eq(w, 1); gt(__local0__, w) }',
    )
  })

  it('does not change the modules it was given', () => {
    const m = parseModule('package a\np if { x := 1; x > 0 }').module!
    const before = JSON.stringify(m)
    compileModules([m])
    expect(JSON.stringify(m)).toBe(before)
  })
})

describe('rewrite-deep-terms', () => {
  const depth = (t: Term): number => (t.type === 'call' ? 1 + Math.max(0, ...t.args.map(depth)) : 0)

  it('lifts calls nested beyond the limit out of a 2,000-term head value into the body', () => {
    const { diagnostics, compiled } = compile(`package a\np := ${Array(2000).fill('1').join(' + ')}`)
    expect(diagnostics).toEqual([])
    const rule = compiled!.modules[0]!.rules[0]!
    expect(rule.body.length).toBe(19)
    for (const e of rule.body) expect(e.kind === 'call' && e.args.every((a) => depth(a) <= DEPTH_LIMIT)).toBe(true)
    expect(depth(rule.head.value!)).toBeLessThanOrEqual(DEPTH_LIMIT + 1)
  })

  it('puts lifted calls before their expression and copies its with modifiers', () => {
    const sum = Array(150).fill('input.n').join(' + ')
    const { compiled } = compile(`package a\np if { ${sum} > 1 with input as {"n": 1} }`)
    const body = compiled!.modules[0]!.rules[0]!.body
    expect(body.map((e) => e.generated ?? false)).toEqual([true, false])
    expect(body[0]!.with).toHaveLength(1)
  })

  it('leaves ordinary terms alone', () => {
    const { compiled } = compile('package a\np := 1 + 2 * 3')
    expect(compiled!.modules[0]!.rules[0]!.body).toEqual([])
  })
})

describe('CompiledPolicy', () => {
  const { compiled } = compile(
    'package a\ndefault p := false\np if q\nq contains 1\no[k] := 1 if some k in ["x"]\nf(x) := x\ng(x) := 1 if false else := 2',
  )
  it('groups rules by path with their kind', () => {
    const kinds = Object.fromEntries([...compiled!.rules.values()].map((g) => [g.path, g.kind]))
    expect(kinds).toEqual({
      'data.a.p': 'complete',
      'data.a.q': 'partial-set',
      'data.a.o': 'partial-object',
      'data.a.f': 'function',
      'data.a.g': 'function',
    })
    expect(compiled!.rules.get('data.a.p')!.defaults).toHaveLength(1)
    expect(compiled!.rules.get('data.a.g')!.rules[0]!.else).toBeDefined()
  })
  it('records dependencies, an evaluation order and function arities', () => {
    expect([...compiled!.graph.get('data.a.p')!]).toEqual(['data.a.q'])
    const order = compiled!.order
    expect(order.indexOf('data.a.q')).toBeLessThan(order.indexOf('data.a.p'))
    expect(Object.fromEntries(compiled!.functions)).toEqual({ 'data.a.f': 1, 'data.a.g': 1 })
  })
})

describe('compileQuery', () => {
  const { compiled } = compile('package t\np := 1\nf(x) := x')
  const query = (q: string) => compileQuery(parseQuery(q).body!, compiled!)

  it('renames query locals with the __localq prefix and keeps the source names', () => {
    const r = query('x := data.t.p; y = x')
    expect(showBody(r.body!)).toBe('eq(__localq0__, data.t.p); eq(y, __localq0__)')
    expect(r.rewrittenVars.get('__localq0__')).toBe('x')
    expect([...r.dependencies]).toEqual(['data.t.p'])
  })
  it('reports unsafe variables and unknown functions', () => {
    expect(query('x > 1').diagnostics.map((d) => d.message)).toEqual(['var x is unsafe'])
    expect(query('data.t.f(1, 2, 3)').diagnostics.map((d) => d.message)).toEqual([
      'function data.t.f has arity 1, got 3 arguments',
    ])
  })
})

describe('driver', () => {
  it('exports the ordered stage table', () => {
    expect(stages.map((s) => s.name)).toEqual([
      'rewrite-deep-terms',
      'check-imports',
      'build-rule-tree',
      'resolve-refs',
      'rewrite-local-vars',
      'rewrite-with-targets',
      'check-rule-conflicts',
      'check-undefined-functions',
      'check-safety',
      'rewrite-negated-operands',
      'build-dependency-graph',
      'check-recursion',
      'check-types',
      'check-deprecated-builtins',
    ])
  })
  it('stops after a named stage', () => {
    const m = parseModule('package a\np if { x > 1 }').module!
    const r = compileModules([m], { stopAfter: 'check-undefined-functions' })
    expect(r.diagnostics).toEqual([])
    expect(showBody(r.compiled!.modules[0]!.rules[0]!.body)).toBe('gt(x, 1)')
  })
  it('stops at the first stage with errors and caps their number', () => {
    const m = parseModule('package a\np if { a > 1; b > 1; c > 1; foo(1) }').module!
    expect(compileModules([m]).diagnostics.map((d) => d.message)).toEqual(['undefined function foo'])
    const unsafe = parseModule('package a\np if { a > 1; b > 1; c > 1 }').module!
    expect(compileModules([unsafe], { errorLimit: 2 }).diagnostics).toHaveLength(2)
  })
})
