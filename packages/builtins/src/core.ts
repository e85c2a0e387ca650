/**
 * Everything `@cordon/builtins` exports except `hostBuiltinImpls` and the
 * opa-wasm SDK adapter: no heavy third-party library is evaluated when this
 * entry is imported (`lightHostBuiltinImpls` holds the builtins that need none).
 *
 * The single declaration table of Rego builtins (name, typed signature,
 * infix operator, flags), generated from OPA's capabilities so that no name
 * or signature is typed twice. Host implementations will live here too.
 *
 * @module \@cordon/builtins/core
 */
export type { BuiltinDecl, FunctionDecl, TypeDecl } from './types.js'
export { builtinCategories } from './decls/index.js'
export * from './value/index.js'
export { arity, builtinDecls, declsFromCapabilities, infixOperators } from './registry.js'
export * from './impl/types.js'
export { lightHostBuiltinImpls } from './impl/core-light.js'
/** Which family (`@cordon/builtins/families/*`) holds a heavy host builtin; the loader itself is `@cordon/builtins/lazy`. */
export { hostBuiltinFamilyOf, hostBuiltinFamiliesOf, hostBuiltinFamilyImport, type HostBuiltinFamilyName } from './impl/family-names.js'
export { PURE_HOST_BUILTINS } from './impl/pure.js'

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
