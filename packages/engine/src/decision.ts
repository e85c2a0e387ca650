/**
 * The decision a caller gets, and how it is read from an entrypoint's value.
 */

import { setOwn } from './own-property.js'

/** Stable, machine-readable reasons for a deny the policy did not make itself. */
export type DenyCode =
  /** The input failed the JSON Schema, or is not JSON at all. */
  | 'invalid_input'
  /** The evaluation trapped or aborted, or raised a Rego error such as a conflict (`reasons` says which). */
  | 'engine_error'
  /** The memory cap (`limits.maxMemoryPages`) was reached, or the evaluation used up its fuel (`limits.fuel`). */
  | 'resource_exhausted'
  /** The entrypoint's value is undefined, or neither a boolean nor an object with a boolean `allow`. */
  | 'undefined_decision'
  /** The loaded bundle has no such entrypoint. */
  | 'entrypoint_not_found'
  /** No bundle is loaded. */
  | 'no_policy'
  /** `decide` was called with options of the wrong type (not an object, a non-string entrypoint). */
  | 'invalid_options'

/** A reason attached to a decision: the policy's own, or the path that failed validation. */
export type Reason = string | { instancePath?: string; message?: string; [field: string]: unknown }

/**
 * One decision. `allow` is true only when the policy said so; every failure
 * is `allow: false` with a `code`. `Result` types the entrypoint's other
 * fields (`createEngine<Input, Result>()`); they are `Partial`, since a
 * deny the engine makes carries none of them.
 */
export interface Decision<Result extends object = Record<string, unknown>> {
  allow: boolean
  /** The policy's `code`, or a {@link DenyCode} when no decision could be made. */
  code?: string
  /** The policy's `reasons`, or the failing input paths (`invalid_input`), or the error (`engine_error`). */
  reasons: Reason[]
  /** The entrypoint's object value minus `allow`, `code` and `reasons` (empty for a boolean). */
  result: Partial<Result>
  /**
   * Unique per decision; also in the decision log. UUID-shaped (36 lower-case
   * hex characters and dashes): a random per-engine prefix and a counter.
   */
  decisionId: string
  /** The manifest revision of the bundle that decided (undefined when none is loaded). */
  revision?: string
  entrypoint: string
}

/** The raw result set of one evaluation, as `@open-policy-agent/opa-wasm` returns it. */
export type ResultSet = { result?: unknown; [binding: string]: unknown }[]

export type Verdict = Pick<Decision, 'allow' | 'code' | 'reasons' | 'result'>

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Maps an entrypoint's result set to a verdict: `true`/`false`, or an object
 * with a boolean `allow`, optional `code` and `reasons`, anything else kept in
 * `result`. Undefined, or any other shape, is a deny `undefined_decision`.
 */
export function verdictFromResultSet(resultSet: ResultSet): Verdict {
  if (resultSet.length !== 1 || !('result' in resultSet[0]!)) return denied('undefined_decision')
  const value = resultSet[0]!.result
  if (typeof value === 'boolean') return { allow: value, reasons: [], result: {} }
  if (!isObject(value) || typeof value.allow !== 'boolean') return denied('undefined_decision')
  // The other fields, copied by hand: rest destructuring costs more on every decision.
  const result: Record<string, unknown> = {}
  for (const key of Object.keys(value)) if (!isVerdictField(key)) setOwn(result, key, value[key])
  return verdictOf(value.allow, value.code, value.reasons, result)
}

/** Fields of an entrypoint's object that the verdict takes itself; the others go to `result`. */
const isVerdictField = (key: string): boolean => key === 'allow' || key === 'code' || key === 'reasons'

/** The verdict of an object's `allow`, `code` and `reasons` (undefined when absent) and its other fields. */
export function verdictOf(allow: boolean, code: unknown, given: unknown, result: Record<string, unknown>): Verdict {
  const reasons = given === undefined ? [] : Array.isArray(given) ? (given as Reason[]) : [given as Reason]
  // Two literals, not a conditional spread: this runs on every decision.
  return code === undefined
    ? { allow, reasons, result }
    : { allow, code: typeof code === 'string' ? code : JSON.stringify(code), reasons, result }
}

/** A deny the engine makes itself. */
export function denied(code: DenyCode, reasons: Reason[] = []): Verdict {
  return { allow: false, code, reasons, result: {} }
}
