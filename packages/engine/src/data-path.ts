/** Paths into the data document: `a/b`, `/a/b`, `data.a.b` or `['a', 'b']`. */
export type DataPath = string | readonly string[]

export function parseDataPath(path: DataPath): string[] {
  if (typeof path !== 'string') return [...path]
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
    else copy[key] = value
    return copy
  }
  const child = doc[key]
  if (child !== undefined && !isObject(child)) throw new Error(`patchData: data/${path[0]} is not an object`)
  if (child === undefined && value === undefined) return doc
  copy[key] = setIn(child ?? {}, rest, value)
  return copy
}
