import { ownValue, setOwn } from './own-property.js'

/** Paths into the data document: `a/b`, `/a/b`, `data.a.b` or `['a', 'b']`. */
export type DataPath = string | readonly string[]

export function parseDataPath(path: DataPath): string[] {
  if (Array.isArray(path)) {
    if (!path.every((k) => typeof k === 'string'))
      throw new TypeError('a data path must be a string or a list of strings')
    return [...path]
  }
  if (typeof path !== 'string') throw new TypeError('a data path must be a string or a list of strings')
  if (path.startsWith('data.')) return path.slice(5).split('.')
  return path.split('/').filter((k) => k !== '')
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * A copy of `doc` with `value` at `path` (`undefined` removes it); only the
 * objects on the path are copied. Missing objects on the way are created; a
 * non-object on the way is an Error.
 */
export function setIn(doc: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  if (path.length === 0) {
    if (!isObject(value)) throw new Error('patchData: the data document must be an object')
    return value
  }
  const [key, ...rest] = path as [string, ...string[]]
  const copy = { ...doc }
  if (rest.length === 0) {
    if (value === undefined) delete copy[key]
    else setOwn(copy, key, value)
    return copy
  }
  const child = ownValue(doc, key)
  if (child !== undefined && !isObject(child)) throw new Error(`patchData: data/${path[0]} is not an object`)
  if (child === undefined && value === undefined) return doc
  setOwn(copy, key, setIn(child ?? {}, rest, value))
  return copy
}

/** The value at `path` in `doc` (own properties only); undefined when a key is missing or a non-object is on the way. */
export function getIn(doc: unknown, path: readonly string[]): unknown {
  let node = doc
  for (const key of path) {
    if (!isObject(node)) return undefined
    node = ownValue(node, key)
  }
  return node
}
