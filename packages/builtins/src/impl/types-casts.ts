/** Type tests (`is_*`, `type_name`) and the deprecated `cast_*` builtins. */
import { RegoObject, RegoSet, typeName } from '../value/index.js'
import { isNumber, oneOfError } from './core-util.js'
import { type BuiltinImpl, typeError } from './types.js'

export const typesCastsImpls: Record<string, BuiltinImpl> = {
  is_number: ([a]) => isNumber(a),
  is_string: ([a]) => typeof a === 'string',
  is_boolean: ([a]) => typeof a === 'boolean',
  is_array: ([a]) => Array.isArray(a),
  is_set: ([a]) => a instanceof RegoSet,
  is_object: ([a]) => a instanceof RegoObject,
  is_null: ([a]) => a === null,
  type_name: ([a]) => typeName(a!),
  cast_array: ([a]) => {
    if (Array.isArray(a)) return a
    if (a instanceof RegoSet) return a.values()
    throw oneOfError('cast_array', 1, ['array', 'set'], a!)
  },
  cast_set: ([a]) => {
    if (Array.isArray(a)) return new RegoSet(a)
    if (a instanceof RegoSet) return a
    throw oneOfError('cast_set', 1, ['array', 'set'], a!)
  },
  cast_string: ([a]) => {
    if (typeof a === 'string') return a
    throw typeError('cast_string', 1, 'string', a!)
  },
  cast_boolean: ([a]) => {
    if (typeof a === 'boolean') return a
    throw typeError('cast_boolean', 1, 'boolean', a!)
  },
  cast_null: ([a]) => {
    if (a === null) return a
    throw typeError('cast_null', 1, 'null', a!)
  },
  cast_object: ([a]) => {
    if (a instanceof RegoObject) return a
    throw typeError('cast_object', 1, 'object', a!)
  },
}
