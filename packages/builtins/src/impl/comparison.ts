/** Comparison builtins and the `in` operator: Rego's total order over all values. */
import { compare, equal, RegoObject, RegoSet, type Value } from '../value/index.js'
import type { BuiltinImpl } from './types.js'

const cmp =
  (test: (c: number) => boolean): BuiltinImpl =>
  ([a, b]) =>
    test(compare(a!, b!))

/** `x in coll`: a member of a set, an element of an array, or a value of an object; false for anything else. */
function member(x: Value, coll: Value): boolean {
  if (coll instanceof RegoSet) return coll.has(x)
  if (Array.isArray(coll)) return coll.some((v) => equal(v, x))
  if (coll instanceof RegoObject) return coll.values().some((v) => equal(v, x))
  return false
}

/** `k, v in coll`: key k of coll holds v (for sets, k and v are the member). */
function memberWithKey(k: Value, v: Value, coll: Value): boolean {
  if (coll instanceof RegoSet) return coll.has(k) && equal(k, v)
  if (coll instanceof RegoObject) {
    const got = coll.get(k)
    return got !== undefined && equal(got, v)
  }
  if (Array.isArray(coll)) {
    if (typeof k === 'number' && Number.isInteger(k) && k >= 0 && k < coll.length) return equal(coll[k]!, v)
    return false
  }
  return false
}

export const comparisonImpls: Record<string, BuiltinImpl> = {
  equal: cmp((c) => c === 0),
  neq: cmp((c) => c !== 0),
  lt: cmp((c) => c < 0),
  lte: cmp((c) => c <= 0),
  gt: cmp((c) => c > 0),
  gte: cmp((c) => c >= 0),
  'internal.member_2': ([x, coll]) => member(x!, coll!),
  'internal.member_3': ([k, v, coll]) => memberWithKey(k!, v!, coll!),
}
