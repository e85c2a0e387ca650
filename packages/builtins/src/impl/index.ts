/**
 * Every host builtin implementation at once (it imports every library the
 * families use); `@cordon/builtins/lazy` loads them by family instead.
 *
 * @module \@cordon/builtins/impls
 */
import { coreImpls } from './group-core.js'
import { securityImpls } from './group-security.js'
import { textImpls } from './group-text.js'
import type { BuiltinImpl } from './types.js'

/** Every host builtin implementation, by Rego name. */
export const hostBuiltinImpls: ReadonlyMap<string, BuiltinImpl> = new Map(
  Object.entries({ ...coreImpls, ...textImpls, ...securityImpls }),
)
