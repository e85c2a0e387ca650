/**
 * Chains of constant-key lookups (`input.spec.template.spec.containers`):
 * the planner makes one `Dot` per key, each into a local of its own that only
 * the next `Dot` reads. Each is a `cordon_value_get_str` call whose result is
 * tested before the next lookup; but `cordon_value_get_str` of undefined (0)
 * is undefined itself, so the chain's calls are nested and only the last
 * result is tested, and two keys are one call of `cordon_value_get_str2`:
 * 7 to 10 bytes less per inner key (issue 18; trivy-checks has ~1,800 such
 * keys). The statement fails exactly when it failed before: when
 * some key is missing or some value on the way is not an object or set.
 */
import type { Stmt } from '@cordon/rego'
import type { FnEmitter } from './emitter.js'
import { bodyUses } from './outline.js'
import { emitDataPath } from './data-paths.js'
import { emitKeyLookups } from './key-lookups.js'

type Dot = Extract<Stmt, { type: 'Dot' }>

/**
 * The `Dot` statements from `stmts[i]` on that form one chain: each after the
 * first looks up a constant key in the previous one's target, which nothing
 * else in the function mentions. Empty when `stmts[i]` does not start one of
 * two or more.
 */
export function lookupChain(e: FnEmitter, stmts: readonly Stmt[], i: number): Dot[] {
  const first = stmts[i]
  if (!e.body || first?.type !== 'Dot' || first.key.kind !== 'string') return []
  const uses = bodyUses(e, e.body)
  const chain: Dot[] = [first]
  for (let j = i + 1; j < stmts.length; j++) {
    const s = stmts[j]!
    const prev = chain[chain.length - 1]!.target
    // The previous target is mentioned twice: where it is set and here.
    if (s.type !== 'Dot' || s.key.kind !== 'string' || s.source.kind !== 'local' || s.source.local !== prev) break
    if (uses.count.get(prev) !== 2) break
    chain.push(s)
  }
  return chain.length > 1 ? chain : []
}

/**
 * Emits a chain of `lookupChain`: nested lookups, two keys a call
 * (`cordon_value_get_str2`), the last target set and tested.
 */
export function lowerLookupChain(e: FnEmitter, chain: readonly Dot[]): void {
  if (emitDataPath(e, chain)) {
    e.setAndFailIfZero(e.local(chain[chain.length - 1]!.target))
    return
  }
  e.operand(chain[0]!.source)
  const keys = chain.map((d) => {
    if (d.key.kind !== 'string') throw new Error('a lookup chain has string keys only')
    return e.string(d.key.index)
  })
  emitKeyLookups(e.m, e.f, keys)
  e.setAndFailIfZero(e.local(chain[chain.length - 1]!.target))
}
