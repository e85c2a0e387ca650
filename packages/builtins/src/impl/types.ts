import { typeName, type Value } from '../value/index.js'

/** What a host builtin may know of the evaluation it runs in. */
export interface BuiltinContext {
  /** Strict builtin errors: with it, a failing builtin is an evaluation error; without, the call is undefined. */
  strict: boolean
  /**
   * Per-evaluation memory for nondeterministic builtins: the same builtin with
   * the same arguments returns the same value within one evaluation (OPA's rule).
   */
  cache: Map<string, Value>
  /** Nanoseconds since the epoch, fixed for the whole evaluation (`time.now_ns`). */
  nowNs: bigint
  /** Builtins that reach outside (`http.send`, `net.lookup_ip_addr`) run only when the embedder allows them. */
  allowNetwork: boolean
  /** Where `print` output goes. */
  print(message: string): void
}

/**
 * A host builtin: takes the arguments as Rego values and returns a value, or
 * undefined for "no value". Throws BuiltinError for OPA's evaluation errors.
 */
export type BuiltinImpl = (args: Value[], ctx: BuiltinContext) => Value | undefined

/** OPA's codes for a builtin's evaluation errors. */
export type BuiltinErrorCode = 'eval_builtin_error' | 'eval_type_error' | 'eval_conflict_error'

/** An evaluation error raised by a builtin, with OPA's code and message. */
export class BuiltinError extends Error {
  override name = 'BuiltinError'
  constructor(
    readonly code: BuiltinErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/** `name: operand N must be EXPECTED but got TYPE` — OPA's wording for a wrong argument type. */
export function typeError(builtin: string, operand: number, expected: string, got: Value): BuiltinError {
  return new BuiltinError(
    'eval_type_error',
    `${builtin}: operand ${operand} must be ${expected} but got ${typeName(got)}`,
  )
}

/** `name: message` as an eval_builtin_error. */
export function builtinError(builtin: string, message: string): BuiltinError {
  return new BuiltinError('eval_builtin_error', `${builtin}: ${message}`)
}

/** A fresh context for one evaluation. */
export function newBuiltinContext(options: Partial<Omit<BuiltinContext, 'cache'>> = {}): BuiltinContext {
  return {
    strict: options.strict ?? false,
    cache: new Map(),
    nowNs: options.nowNs ?? BigInt(Date.now()) * 1_000_000n,
    allowNetwork: options.allowNetwork ?? false,
    print: options.print ?? (() => {}),
  }
}

/** A family of host builtins by Rego name (`@cordon/builtins/families/*`), for the lean engine's `hostBuiltinFamilies`. */
export type HostBuiltinFamily = Readonly<Record<string, BuiltinImpl>>
