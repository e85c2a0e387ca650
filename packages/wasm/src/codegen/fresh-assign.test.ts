/**
 * fresh-assign.ts: which AssignVarOnce statements assign a local nothing can
 * have set, and that conflicts are still raised where one can.
 */
import { PolicyInstance } from '@cordon/engine'
import { walkStmts, type Stmt } from '@cordon/rego'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'
import { freshAssignments } from './fresh-assign.js'

function build(text: string, entrypoint = 't/p') {
  const r = buildWasm([{ file: 'p.rego', text: `package t\n${text}` }], { entrypoints: [entrypoint] })
  if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  return r
}

/** Of the AssignVarOnce statements of the rule `name`'s func, how many are fresh and how many not. */
function counts(text: string, name: string) {
  const func = build(text).policy!.funcs.find((f) => f.name.endsWith(`.${name}`))!
  const fresh = freshAssignments(func.blocks, func.params)
  const all: Stmt[] = []
  walkStmts(func.blocks, (s) => void (s.type === 'AssignVarOnce' && all.push(s)))
  return { fresh: all.filter((s) => fresh.has(s)).length, checked: all.filter((s) => !fresh.has(s)).length }
}

describe('assignments into locals nothing has set', () => {
  test('a rule of one definition assigns fresh locals only', () => {
    expect(counts('p := input.x + 1', 'p')).toEqual({ fresh: 2, checked: 0 })
  })

  test('a second definition, or a definition in a loop, keeps the check', () => {
    expect(counts('p := 1 if input.a\np := 2 if input.b', 'p').checked).toBeGreaterThan(0)
    expect(counts('p := x if some x in input.xs', 'p').checked).toBeGreaterThan(0)
  })

  test('conflicts are still raised: two definitions, and one definition over a loop', () => {
    const two = PolicyInstance.createSync(build('p := 1 if input.a\np := 2 if input.b').wasm!)
    expect(two.evaluate({ a: true }, 't/p')).toEqual([{ result: 1 }])
    expect(() => two.evaluate({ a: true, b: true }, 't/p')).toThrow(/must not produce multiple outputs/)
    const loop = PolicyInstance.createSync(build('p := x if some x in input.xs').wasm!)
    expect(loop.evaluate({ xs: [3, 3] }, 't/p')).toEqual([{ result: 3 }])
    expect(() => loop.evaluate({ xs: [3, 4] }, 't/p')).toThrow(/must not produce multiple outputs/)
    const fn = PolicyInstance.createSync(build('f(x) := y if some y in x\np := f(input.xs)').wasm!)
    expect(() => fn.evaluate({ xs: [1, 2] }, 't/p')).toThrow(/must not produce multiple outputs/)
  })
})
