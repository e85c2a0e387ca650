/**
 * Builds one Rego module to Wasm (the real compiler, codegen and runtime) and
 * evaluates its rules through the engine's PolicyInstance.
 */
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyInstance } from '@cordon/engine'
import { buildWasm } from '@cordon/wasm'

/** The value of each named rule of package `t` for `input` (undefined when the rule is undefined). */
export function evalRules(
  sources: string | string[],
  rules: readonly string[],
  input: unknown,
): Record<string, unknown> {
  const entrypoints = rules.map((r) => `t/${r}`)
  const files = [sources].flat().map((text, i) => ({ file: `m${i}.rego`, text }))
  const built = buildWasm(files, { entrypoints })
  if (!built.wasm)
    throw new Error(built.diagnostics.map((d) => `${d.location.row}:${d.location.col}: ${d.message}`).join('\n'))
  const inst = PolicyInstance.createSync(built.wasm, { hostBuiltins: hostBuiltinImpls })
  const out: Record<string, unknown> = {}
  for (const [i, r] of rules.entries()) {
    const rs = inst.evaluate(input, entrypoints[i]!) as { result: unknown }[]
    out[r] = rs.length > 0 ? rs[0]!.result : undefined
  }
  return out
}
