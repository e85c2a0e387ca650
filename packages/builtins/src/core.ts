/**
 * Everything `@cordon/builtins` exports except `hostBuiltinImpls` and the
 * opa-wasm SDK adapter: the declarations (`@cordon/builtins/declarations`)
 * plus the light family of host implementations (`lightHostBuiltinImpls`),
 * which load no third-party library. The other families are
 * `@cordon/builtins/families/*`, loaded by `@cordon/builtins/lazy`.
 *
 * @module \@cordon/builtins/core
 */
export * from './declarations.js'
export { lightHostBuiltinImpls } from './impl/light.js'
export { hostBuiltinNames } from './impl/host-builtin-names.js'
/** Which family (`@cordon/builtins/families/*`) holds a heavy host builtin; the loader itself is `@cordon/builtins/lazy`. */
export {
  hostBuiltinFamilyOf,
  hostBuiltinFamiliesOf,
  hostBuiltinFamilyImport,
  type HostBuiltinFamilyName,
} from './impl/family-names.js'

/** `internal.print` and friends, which every host provides (policies may print wherever they run). */
export { runtimeDebugImpls } from './impl/runtime-debug.js'
/** YAML read as OPA reads it (options of the `yaml` package; importing them loads no parser). */
export { goYamlParseOptions } from './impl/go-yaml-options.js'
// Issue 9: custom builtins declared once (declaration + implementation), used by check, build, test and the engine.
export {
  defineBuiltin,
  isBuiltinDefinition,
  withCustomBuiltins,
  MAX_UNPACKED_HOST_ARGS,
  type ArgValue,
  type BuiltinDefinition,
  type BuiltinSpec,
  type Returnable,
  type ResultValue,
} from './define-builtin.js'
/** Go's `time.ParseDuration` (nanoseconds), for command-line durations such as `cordon test --timeout 5s`. */
export { parseDuration } from './impl/time.js'
/** Builtins whose arguments may be handed over unchanged, call after call (issue 18: json.match_schema's schema in data). */
export { leavingArgumentsUnchanged, leavesArgumentsUnchanged } from './impl/arguments-unchanged.js'
/** Builtins that also take plain JSON arguments, which a host may read without Values (issue 18: json.match_schema). */
export { withJsonArgumentsForm, jsonArgumentsFormOf, type JsonArgumentsImpl } from './impl/json-arguments.js'
