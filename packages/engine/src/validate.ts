/**
 * Input validation: a validate function in ajv's shape, either compiled ahead
 * of time to standalone code (`cordon schema compile`, runs where
 * `new Function` is forbidden) or compiled from a JSON Schema at load time.
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

/**
 * Compiles a JSON Schema with ajv at run time. Needs `new Function`, so it
 * works in Node, Deno and Bun but not in workerd or Vercel's edge runtime;
 * there, pass a validator compiled by `cordon schema compile`.
 */
export async function compileSchema(schema: object): Promise<ValidateFunction> {
  const mod = (await import('ajv')) as unknown as { default: unknown }
  const Ajv = ((mod.default as { default?: unknown }).default ?? mod.default) as new (o: object) => { compile(s: object): ValidateFunction }
  try {
    return new Ajv({ allErrors: true, strict: false }).compile(schema)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    if (/Function|unsafe-eval|Code generation/i.test(message)) {
      throw new Error(`this runtime cannot compile JSON Schemas (${message}); precompile it with 'cordon schema compile' and pass { validate }`)
    }
    throw new Error(`invalid JSON Schema: ${message}`)
  }
}

/** The failing paths of a validation, as decision reasons. */
export function validationReasons(validate: ValidateFunction): Reason[] {
  return (validate.errors ?? []).map((e) => ({ instancePath: e.instancePath, message: e.message ?? e.keyword ?? 'is invalid' }))
}
