/**
 * Input validation: a validate function in ajv's shape, either compiled ahead
 * of time to standalone code (`cordon schema compile`, runs where
 * `new Function` is forbidden) or compiled from a JSON Schema at load time
 * (compile-schema.ts, which imports ajv: not part of `@cordon/engine/lean`).
 */
import type { Reason } from './decision.js'

/** One failing check, as ajv reports it. */
export interface ValidationError {
  instancePath: string
  message?: string
  keyword?: string
  schemaPath?: string
  params?: Record<string, unknown>
}

/** ajv's validate function shape (the default export of a `cordon schema compile` output). */
export interface ValidateFunction {
  (data: unknown): boolean
  errors?: ValidationError[] | null
}

/** The failing paths of a validation, as decision reasons. */
export function validationReasons(validate: ValidateFunction): Reason[] {
  return (validate.errors ?? []).map((e) => ({
    instancePath: e.instancePath,
    message: e.message ?? e.keyword ?? 'is invalid',
  }))
}
