/**
 * The `json` family of host builtins (it loads @cfworker/json-schema). Pass it to the lean
 * engine when a module calls one of them:
 * `createEngine({ wasm, hostBuiltinFamilies: [jsonBuiltins] })` from `@cordon/engine/lean`.
 *
 * @module \@cordon/builtins/families/json
 */
import type { HostBuiltinFamily } from '../impl/types.js'
import { jsonImpls } from '../impl/json.js'

/** The `json` family's host builtins, by Rego name. */
export const jsonBuiltins: HostBuiltinFamily = jsonImpls
