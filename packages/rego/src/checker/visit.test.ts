/**
 * Walks run over every term of a policy many times per compile. They went
 * through the rewriter, which rebuilt every list of every term it visited
 * (issue 18: seconds of garbage collection on trivy-checks). A walk now
 * leaves the lists as they are; a rewrite copies only a list whose item
 * changed, so a list shared with another term is never changed under it.
 */
import { describe, expect, it } from 'vitest'
import type { Term } from '../ast.js'
import { parseTerm } from '../syntax/index.js'
import { rewriteTerm, walkTerm } from './visit.js'

const term = (text: string): Term => {
  const parsed = parseTerm(text)
  expect(parsed.diagnostics).toEqual([])
  return parsed.term!
}

/** Every list (array) in a term tree, by identity. */
function lists(t: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(t)) out.push(t)
  if (t !== null && typeof t === 'object') for (const [k, v] of Object.entries(t)) if (k !== 'loc') lists(v, out)
  return out
}

describe('walkTerm and rewriteTerm', () => {
  it('a walk visits every term and replaces no list', () => {
    const t = term('{"a": [x, data.p[y]], "b": {z | z := f(x, {1, 2})}, "c": `t{x}`}')
    const before = lists(t)
    const seen: string[] = []
    walkTerm(t, (x) => void (x.type === 'var' && seen.push(x.name)))
    expect(seen).toEqual(expect.arrayContaining(['x', 'data', 'y', 'z', 'f']))
    const after = lists(t)
    expect(after.length).toBe(before.length)
    after.forEach((l, i) => expect(l).toBe(before[i]))
  })

  it('a rewrite copies the list whose item changed and keeps the others', () => {
    const t = term('[[x, 1], [2, 3]]') as Extract<Term, { type: 'array' }>
    const outer = t.items
    const [changed, kept] = outer.map((x) => (x as Extract<Term, { type: 'array' }>).items)
    const shared = changed!
    rewriteTerm(t, (x) =>
      x.type === 'var' && x.name === 'x' ? ({ type: 'number', value: '9', loc: x.loc } as Term) : undefined,
    )
    const items = t.items.map((x) => (x as Extract<Term, { type: 'array' }>).items)
    expect(t.items).toBe(outer)
    expect(items[1]).toBe(kept)
    expect(items[0]).not.toBe(shared)
    expect(shared[0]).toMatchObject({ type: 'var', name: 'x' })
    expect(items[0]![0]).toMatchObject({ type: 'number', value: '9' })
  })
})
