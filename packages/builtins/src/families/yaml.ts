/**
 * The `yaml` family of host builtins (it loads yaml). Pass it to the lean
 * engine when a module calls one of them:
 * `createEngine({ wasm, hostBuiltinFamilies: [yamlBuiltins] })` from `@cordon/engine/lean`.
 *
 * @module \@cordon/builtins/families/yaml
 */
import type { HostBuiltinFamily } from '../impl/types.js'
import { yamlImpls } from '../impl/yaml.js'

/** The `yaml` family's host builtins, by Rego name. */
export const yamlBuiltins: HostBuiltinFamily = yamlImpls
