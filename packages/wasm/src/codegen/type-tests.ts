/**
 * `is_string(x)`, `is_number(x)` and the other type tests, when the planner
 * only tests their result for true (`is_string(x)` as a body's statement,
 * `not is_string(x)`): the type byte of `x` compared, failing when `x` is
 * undefined or of another type. Before, two runtime calls: the builtin,
 * which makes a boolean, and the test of that boolean (`cordon_undefined_or_false`).
 * The builtins never raise an error, so nothing else changes. Only where
 * the result is read by that test alone.
 */
import type { Stmt } from '@cordon/rego'
import { T, type FnEmitter } from './emitter.js'
import { bodyUses } from './outline.js'

type Call = Extract<Stmt, { type: 'Call' }>

/** The type byte each test accepts (runtime/VALUES.md). */
const TYPE_OF: Readonly<Record<string, number>> = {
  is_null: T.null,
  is_boolean: T.boolean,
  is_number: T.number,
  is_string: T.string,
  is_array: T.array,
  is_object: T.object,
  is_set: T.set,
}

/** Lowers `s` as a type check when it is such a test; returns whether it did. */
export function lowerTypeTest(e: FnEmitter, s: Call): boolean {
  const type = TYPE_OF[s.func]
  const result = e.local(s.result)
  if (type === undefined || s.args.length !== 1 || e.falsyTest !== result) return false
  if (!e.m.builtins.native.has(s.func)) return false
  // Written by the call and read by the test, nowhere else.
  const uses = e.body && bodyUses(e, e.body)
  if (!uses || uses.count.get(s.result) !== 2) return false
  e.falsyTest = undefined
  e.failUnlessType(s.args[0]!, type)
  return true
}
