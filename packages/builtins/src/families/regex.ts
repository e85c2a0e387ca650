/**
 * The `regex` family of host builtins (it loads re2js). Pass it to the lean
 * engine when a module calls one of them:
 * `createEngine({ wasm, hostBuiltinFamilies: [regexBuiltins] })` from `@cordon/engine/lean`.
 *
 * @module \@cordon/builtins/families/regex
 */
import type { HostBuiltinFamily } from '../impl/types.js'
import { regexImpls } from '../impl/regex.js'

/** The `regex` family's host builtins, by Rego name. */
export const regexBuiltins: HostBuiltinFamily = regexImpls
