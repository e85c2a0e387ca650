/** Set builtins: `&`, `|`, intersection, union, set_diff. */
import { RegoSet, type Value } from '../value/index.js'
import { set } from './core-util.js'
import type { BuiltinImpl } from './types.js'

const intersect = (a: RegoSet, b: RegoSet): RegoSet => new RegoSet(a.values().filter((v) => b.has(v)))

/** A set of sets; OPA reports a non-set member as operand 1 itself ("must be set but got number"). */
function setOfSets(name: string, v: Value): RegoSet[] {
  return set(name, v, 1)
    .values()
    .map((x) => set(name, x, 1))
}

export const setsImpls: Record<string, BuiltinImpl> = {
  and: ([a, b]) => intersect(set('and', a!, 1), set('and', b!, 2)),
  or: ([a, b]) => new RegoSet([...set('or', a!, 1).values(), ...set('or', b!, 2).values()]),
  set_diff: ([a, b]) => {
    const x = set('set_diff', a!, 1)
    const y = set('set_diff', b!, 2)
    return new RegoSet(x.values().filter((v) => !y.has(v)))
  },
  intersection: ([a]) => {
    const sets = setOfSets('intersection', a!)
    if (sets.length === 0) return new RegoSet()
    return sets.slice(1).reduce(intersect, sets[0]!)
  },
  union: ([a]) => {
    const out = new RegoSet()
    for (const s of setOfSets('union', a!)) for (const v of s.values()) out.add(v)
    return out
  },
}
