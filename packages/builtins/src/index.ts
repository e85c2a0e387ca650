/**
 * The single declaration table of Rego builtins (name, typed signature,
 * infix operator, flags), generated from OPA's capabilities so that no name
 * or signature is typed twice, and every host implementation. `@cordon/builtins/core`
 * is the same without the implementations that import heavy libraries.
 *
 * @module \@cordon/builtins
 */
export * from './core.js'
export { hostBuiltinImpls } from './impl/index.js'
export { withHostBuiltins } from './impl/families.js'
// Cordon's host builtins as `customBuiltins` of OPA's JavaScript SDK (issue 4).
export {
  opaWasmCustomBuiltins,
  type OpaWasmCustomBuiltin,
  type OpaWasmCustomBuiltinsOptions,
} from './impl/opa-wasm-sdk.js'
