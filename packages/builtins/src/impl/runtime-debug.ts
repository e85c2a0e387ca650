/**
 * `opa.runtime`, `trace`, `print` / `internal.print`.
 *
 * `opa.runtime` returns `{}`: what OPA returns when it runs embedded without
 * runtime information (no config, no environment) — Cordon exposes none.
 */
import { DecimalNumber, RegoObject, RegoSet, type Value } from '../value/index.js'
import { BuiltinError, typeError, type BuiltinContext, type BuiltinImpl } from './types.js'
import { strArg, termText } from './text-util.js'

const show = (v: Value): string => (typeof v === 'string' ? v : termText(v))

/**
 * The lines `internal.print` writes for its operand: one per combination of
 * the operands' values (each operand is the set of an expression's values; an
 * empty set prints `<undefined>`), each joined by spaces.
 */
function printLines(operands: Value[]): string[] {
  const choices: string[][] = operands.map((x) => {
    if (typeof x === 'string') return [x]
    if (
      x === null ||
      typeof x === 'boolean' ||
      typeof x === 'number' ||
      typeof x === 'bigint' ||
      x instanceof DecimalNumber
    )
      return [termText(x)]
    if (x instanceof RegoSet) return x.size === 0 ? ['<undefined>'] : x.values().map(show)
    throw new BuiltinError(
      'eval_builtin_error',
      `illegal argument type: ${x instanceof RegoObject ? 'object' : 'array'}`,
    )
  })
  let lines: string[][] = [[]]
  for (const c of choices) lines = lines.flatMap((prefix) => c.map((s) => [...prefix, s]))
  return lines.map((parts) => parts.join(' '))
}

export const runtimeDebugImpls: Record<string, BuiltinImpl> = {
  'opa.runtime': () => new RegoObject(),
  trace: (args, ctx: BuiltinContext) => {
    ctx.print(strArg('trace', args, 0))
    return true
  },
  'internal.print': (args, ctx: BuiltinContext) => {
    const operands = args[0] ?? null
    if (!Array.isArray(operands)) throw typeError('internal.print', 1, 'array', operands)
    for (const line of printLines(operands)) ctx.print(line)
    return true
  },
  // `print(...)` called directly (the compiler normally rewrites it to `internal.print`).
  print: (args, ctx: BuiltinContext) => {
    ctx.print(args.map(show).join(' '))
    return true
  },
}
