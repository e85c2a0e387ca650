/**
 * The `glob` family of host builtins (it loads re2js). Pass it to the lean
 * engine when a module calls one of them:
 * `createEngine({ wasm, hostBuiltinFamilies: [globBuiltins] })` from `@cordon/engine/lean`.
 *
 * @module \@cordon/builtins/families/glob
 */
import type { HostBuiltinFamily } from '../impl/types.js'
import { globImpls } from '../impl/glob.js'

/** The `glob` family's host builtins, by Rego name. */
export const globBuiltins: HostBuiltinFamily = globImpls
