/**
 * Lookups by constant keys along a path, from the value on the stack: two
 * keys a call (`cordon_value_get_str2`), the last one alone
 * (`cordon_value_get_str`). Each key is the module's static string, which
 * carries its hash. Undefined (0) anywhere on the way stays undefined.
 */
import type { FunctionBuilder } from '../binary/index.js'
import type { ModuleCtx } from './emitter.js'

export function emitKeyLookups(m: ModuleCtx, f: FunctionBuilder, keys: readonly string[]): void {
  for (let k = 0; k < keys.length; k += 2) {
    const pair = k + 1 < keys.length
    f.i32Const(m.data.stringValue(keys[k]!))
    if (pair) f.i32Const(m.data.stringValue(keys[k + 1]!))
    f.call(m.rt(pair ? 'cordon_value_get_str2' : 'cordon_value_get_str'))
  }
}
