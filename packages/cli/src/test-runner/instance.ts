/** A policy instance for the runner, with `data` set (no compiler imports: the evaluation worker loads this). */
import type { BuiltinImpl } from '@cordon/builtins/core'
import { PolicyInstance } from '@cordon/engine'

export function instanceWith(
  wasm: Uint8Array,
  data: unknown,
  hostBuiltins: ReadonlyMap<string, BuiltinImpl>,
): PolicyInstance {
  const instance = PolicyInstance.createSync(wasm, { hostBuiltins })
  instance.setData(data)
  return instance
}
