/**
 * Compiling a JSON Schema at load time with ajv: `@cordon/engine`'s, not
 * `@cordon/engine/lean`'s (ajv is the largest library the engine imports,
 * and edge runtimes forbid the `new Function` it needs anyway).
 */
import type { ValidateFunction } from './validate.js'

/**
 * Compiles a JSON Schema with ajv at run time. Needs `new Function`, so it
 * works in Node, Deno and Bun but not in workerd or Vercel's edge runtime;
 * there, pass a validator compiled by `cordon schema compile`.
 */
export async function compileSchema(schema: object): Promise<ValidateFunction> {
  const mod = (await import('ajv')) as unknown as { default: unknown }
  const Ajv = ((mod.default as { default?: unknown }).default ?? mod.default) as new (o: object) => {
    compile(s: object): ValidateFunction
  }
  try {
    return new Ajv({ allErrors: true, strict: false }).compile(schema)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    if (/Function|unsafe-eval|Code generation/i.test(message)) {
      throw new Error(
        `this runtime cannot compile JSON Schemas (${message}); precompile it with 'cordon schema compile' and pass { validate }`,
        { cause: err },
      )
    }
    throw new Error(`invalid JSON Schema: ${message}`, { cause: err })
  }
}
