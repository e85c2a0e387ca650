/**
 * Implementations that never change the Values they are given. A host may
 * hand such a builtin the same Value of an argument that has not changed
 * (the engine: a value of the data document) call after call instead of
 * reading it anew, and the builtin may key a cache by that Value's identity
 * (json.match_schema's compiled schemas).
 */
import type { BuiltinImpl } from './types.js'

// A property of the function, not a set: families are loaded lazily, and a
// custom implementation of the same name is not marked.
const MARK = 'leavesArgumentsUnchanged'

/** Marks `impl` as never changing its arguments; returns it. */
export function leavingArgumentsUnchanged<F extends BuiltinImpl>(impl: F): F {
  Object.defineProperty(impl, MARK, { value: true })
  return impl
}

/** Whether `impl` was marked by leavingArgumentsUnchanged. */
export function leavesArgumentsUnchanged(impl: BuiltinImpl): boolean {
  return (impl as unknown as Record<string, unknown>)[MARK] === true
}
