/** object.* builtins. */
import { compare, equal, RegoObject, RegoSet, type Value } from '../value/index.js'
import { arr, elementError, obj, oneOfError } from './core-util.js'
import { BuiltinError, type BuiltinImpl } from './types.js'

/** Keys given as an array, set or object (its keys). */
function keysParam(name: string, v: Value): RegoSet {
  if (Array.isArray(v)) return new RegoSet(v)
  if (v instanceof RegoSet) return v
  if (v instanceof RegoObject) return new RegoSet(v.keys())
  throw oneOfError(name, 2, ['object', 'set', 'array'], v)
}

/** Recursive merge where b wins, except that two objects merge. */
function mergeWithOverwrite(a: RegoObject, b: RegoObject): RegoObject {
  const out = new RegoObject(a.entries())
  for (const [k, v] of b.entries()) {
    const cur = out.get(k)
    out.set(k, cur instanceof RegoObject && v instanceof RegoObject ? mergeWithOverwrite(cur, v) : v)
  }
  return out
}

/**
 * object.union_n: later objects win, nested objects merge; a non-object value
 * in a later object hides every earlier value of that key.
 */
function unionN([a]: Value[]): Value {
  const xs = arr('object.union_n', a!, 1)
  // OPA checks from the last element backwards.
  for (let i = xs.length - 1; i >= 0; i--)
    if (!(xs[i] instanceof RegoObject)) throw elementError('object.union_n', 1, xs, xs[i]!, 'object')
  return (xs as RegoObject[]).reduce((acc, x) => mergeWithOverwrite(acc, x), new RegoObject())
}

/** object.get with a path: walk objects by key and arrays by integer index. */
function get([o, key, dflt]: Value[]): Value {
  const object = obj('object.get', o!, 1)
  if (!Array.isArray(key)) return object.get(key!) ?? dflt!
  if (key.length === 0) return object
  let cur: Value = object
  for (const seg of key) {
    const next = step(cur, seg)
    if (next === undefined) return dflt!
    cur = next
  }
  return cur
}

function step(v: Value, seg: Value): Value | undefined {
  if (v instanceof RegoObject) return v.get(seg)
  if (Array.isArray(v)) {
    if (typeof seg !== 'number' || !Number.isInteger(seg) || seg < 0 || seg >= v.length) return undefined
    return v[seg]
  }
  if (v instanceof RegoSet) return v.has(seg) ? seg : undefined
  return undefined
}

/**
 * OPA's Object.Filter: keep what the filter object names; a null filter value
 * keeps the whole subtree, an object filter value recurses (array indexes are
 * written as strings, set members by value).
 */
export function filterValue(v: Value, filter: Value): Value {
  if (filter === null) return v
  if (!(filter instanceof RegoObject)) throw new Error(`invalid filter value, expected an object`)
  if (Array.isArray(v)) {
    const out: Value[] = []
    v.forEach((x, i) => {
      const sub = filter.get(String(i))
      if (sub !== undefined) out.push(filterValue(x, sub))
    })
    return out
  }
  if (v instanceof RegoSet) {
    const out = new RegoSet()
    for (const x of v.values()) {
      const sub = filter.get(x)
      if (sub !== undefined) out.add(filterValue(x, sub))
    }
    return out
  }
  if (v instanceof RegoObject) {
    const out = new RegoObject()
    for (const [k, x] of v.entries()) {
      const sub = filter.get(k)
      if (sub !== undefined) out.set(k, filterValue(x, sub))
    }
    return out
  }
  return v
}

function filter([o, keys]: Value[]): Value {
  const object = obj('object.filter', o!, 1)
  const ks = keysParam('object.filter', keys!)
  return filterValue(object, new RegoObject(ks.values().map((k) => [k, null] as const)))
}

function remove([o, keys]: Value[]): Value {
  const object = obj('object.remove', o!, 1)
  const ks = keysParam('object.remove', keys!)
  return new RegoObject(object.entries().filter(([k]) => !ks.has(k)))
}

function objectSubset(sup: RegoObject, sub: RegoObject): boolean {
  for (const [k, subV] of sub.entries()) {
    const supV = sup.get(k)
    if (supV === undefined) return false
    if (equal(subV, supV)) continue
    if (supV instanceof RegoObject && subV instanceof RegoObject) {
      if (!objectSubset(supV, subV)) return false
    } else if (supV instanceof RegoSet && subV instanceof RegoSet) {
      if (!setSubset(supV, subV)) return false
    } else if (Array.isArray(supV) && Array.isArray(subV)) {
      if (!arraySubset(supV, subV)) return false
    } else return false
  }
  return true
}

const setSubset = (sup: RegoSet, sub: RegoSet): boolean => sub.values().every((x) => sup.has(x))

/** The sub array appears contiguously in the super array. */
function arraySubset(sup: Value[], sub: Value[]): boolean {
  if (sub.length > sup.length) return false
  outer: for (let i = 0; i + sub.length <= sup.length; i++) {
    for (let j = 0; j < sub.length; j++) if (compare(sup[i + j]!, sub[j]!) !== 0) continue outer
    return true
  }
  return false
}

/** OPA's array/set subset: counts super elements found in sub until all are matched (so [] never contains {}). */
function arraySetSubset(sup: Value[], sub: RegoSet): boolean {
  let unmatched = sub.size
  for (const x of sup) {
    if (sub.has(x)) unmatched--
    if (unmatched === 0) return true
  }
  return false
}

function subset([a, b]: Value[]): Value {
  if (a instanceof RegoObject && b instanceof RegoObject) return objectSubset(a, b)
  if (a instanceof RegoSet && b instanceof RegoSet) return setSubset(a, b)
  if (Array.isArray(a) && Array.isArray(b)) return arraySubset(a, b)
  if (Array.isArray(a) && b instanceof RegoSet) return arraySetSubset(a, b)
  throw new BuiltinError(
    'eval_type_error',
    'object.subset: both arguments object.subset must be of the same type or array and set',
  )
}

export const objectsImpls: Record<string, BuiltinImpl> = {
  'object.get': get,
  'object.keys': ([o]) => new RegoSet(obj('object.keys', o!, 1).keys()),
  'object.remove': remove,
  'object.filter': filter,
  'object.union': ([a, b]) => mergeWithOverwrite(obj('object.union', a!, 1), obj('object.union', b!, 2)),
  'object.union_n': unionN,
  'object.subset': subset,
}
