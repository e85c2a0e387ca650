/**
 * `expectDecision`: decision assertions for application tests (vitest, jest,
 * node:test). Throws `AssertionError` with a message naming the input,
 * entrypoint and decision, so any runner reports it as a failure.
 *
 * @example
 * const instance = PolicyInstance.createSync(wasm, { hostBuiltins: hostBuiltinImpls })
 * expectDecision(instance, request, 'ai_access/decision').toDeny('nationality_restricted')
 */
import { AssertionError } from 'node:assert'

/** Anything with `evaluate(input, entrypoint)` returning a result set: `PolicyInstance`, the engine's `Engine`. */
export interface Evaluator {
  /** The result set at `entrypoint` (`[]`: undefined). */
  evaluate(input: unknown, entrypoint: string): { result?: unknown }[]
}

/** A decision source: an evaluator, or a function from input to the decision value (`undefined`: no decision). */
export type DecisionSource = Evaluator | ((input: unknown) => unknown)

/** What {@link expectDecision} returns: assertions on one decision. */
export interface DecisionAssertions {
  /** The decision: `true`, or an object with `allow: true`. */
  toAllow(): void
  /** The decision is undefined, `false`, or has `allow` not true; with `code`, its `code` equals it. */
  toDeny(code?: string): void
  /** The decision's `reasons` (or `reason`) has one containing `substring`. */
  toHaveReason(substring: string): void
  /** The decision value itself (evaluated once). */
  readonly decision: unknown
}

/** Evaluates `input` once and returns assertions on the decision; a failed one throws `AssertionError` naming the input, entrypoint and decision. */
export function expectDecision(source: DecisionSource, input: unknown, entrypoint?: string): DecisionAssertions {
  const decision = evaluate(source, input, entrypoint)
  const where = `${entrypoint ?? 'the decision'} for input ${short(input)}`
  const fail = (message: string, expected: unknown): never => {
    throw new AssertionError({
      message: `${message}\n  decision: ${show(decision)}`,
      actual: decision,
      expected,
      operator: 'expectDecision',
    })
  }
  const record =
    typeof decision === 'object' && decision !== null && !Array.isArray(decision)
      ? (decision as Record<string, unknown>)
      : undefined
  const allowed = decision === true || record?.allow === true
  return {
    decision,
    toAllow() {
      if (!allowed)
        fail(
          `expected ${where} to allow${record && 'code' in record ? `, but it denies with code ${show(record.code)}` : ', but it does not'}`,
          { allow: true },
        )
    },
    toDeny(code?: string) {
      if (allowed)
        fail(`expected ${where} to deny${code ? ` with code ${show(code)}` : ''}, but it allows`, {
          allow: false,
          code,
        })
      if (code !== undefined && record?.code !== code)
        fail(`expected ${where} to deny with code ${show(code)}, but the code is ${show(record?.code)}`, {
          allow: false,
          code,
        })
    },
    toHaveReason(substring: string) {
      const reasons = Array.isArray(record?.reasons)
        ? record!.reasons
        : record?.reason !== undefined
          ? [record.reason]
          : []
      if (!reasons.some((r) => typeof r === 'string' && r.includes(substring))) {
        fail(`expected ${where} to have a reason containing ${show(substring)}; reasons: ${show(reasons)}`, {
          reasons: [substring],
        })
      }
    },
  }
}

function evaluate(source: DecisionSource, input: unknown, entrypoint: string | undefined): unknown {
  if (typeof source === 'function') return source(input)
  if (entrypoint === undefined) {
    const names = Object.keys((source as { entrypoints?: Record<string, number> }).entrypoints ?? {})
    if (names.length !== 1)
      throw new TypeError(`expectDecision: pass the entrypoint${names.length ? ` (one of ${names.join(', ')})` : ''}`)
    entrypoint = names[0]!
  }
  const rs = source.evaluate(input, entrypoint)
  return rs[0]?.result
}

const show = (v: unknown) => (v === undefined ? 'undefined' : JSON.stringify(v))

function short(v: unknown): string {
  const s = show(v)
  return s.length > 120 ? `${s.slice(0, 117)}...` : s
}
