/**
 * Implementations with a second form over plain JSON arguments (objects
 * with string keys, arrays, strings, numbers, booleans, null), for builtins
 * that turn their Values into plain JSON first anyway (json.match_schema's
 * document and schema). A host that can read an argument straight into plain
 * JSON (the engine, out of a module's memory) calls that form and skips the
 * Values and their conversion; it must hand what the Value form's conversion
 * would make, up to the order of object keys (numbers as JS numbers; the
 * engine hands the caller's own input object as it is), and take the Value
 * form for anything else (sets, non-string keys). A form must answer alike
 * for any order of keys, and never change its arguments: they may be the
 * caller's input, or kept and handed again call after call.
 */
import type { BuiltinContext, BuiltinImpl } from './types.js'
import type { Value } from '../value/index.js'

/** The plain JSON form: same results as the Value form, for arguments that are plain JSON. */
export type JsonArgumentsImpl = (args: unknown[], ctx: BuiltinContext) => Value | undefined

// A property of the function (like arguments-unchanged.ts' mark): families load lazily.
const FORM = 'jsonArgumentsForm'

/** Gives `impl` its plain JSON form; returns `impl`. */
export function withJsonArgumentsForm<F extends BuiltinImpl>(impl: F, form: JsonArgumentsImpl): F {
  Object.defineProperty(impl, FORM, { value: form })
  return impl
}

/** The plain JSON form of `impl`, if it has one. */
export function jsonArgumentsFormOf(impl: BuiltinImpl): JsonArgumentsImpl | undefined {
  const form = (impl as unknown as Record<string, unknown>)[FORM]
  return typeof form === 'function' ? (form as JsonArgumentsImpl) : undefined
}
