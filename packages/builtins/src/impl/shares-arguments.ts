/**
 * Host builtin implementations that only read their arguments, never change
 * them. The engine may hand such an implementation the same argument Value
 * decision after decision (one read of a value in the data document), so it
 * can cache work keyed by the Value's identity (json.match_schema's compiled
 * schema). Any other implementation gets fresh Values on every call.
 */
import type { BuiltinImpl } from './types.js'

const readOnly = new WeakSet<BuiltinImpl>()

/** Marks `impl` as one that never changes its arguments; returns it. */
export function readsArgumentsOnly(impl: BuiltinImpl): BuiltinImpl {
  readOnly.add(impl)
  return impl
}

/** Whether `impl` was marked with {@link readsArgumentsOnly}. */
export function sharesArguments(impl: BuiltinImpl): boolean {
  return readOnly.has(impl)
}
