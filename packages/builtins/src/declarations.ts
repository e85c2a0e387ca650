/**
 * The declarations of Rego builtins and the value model they are written
 * against, and no implementation: what a compiler needs (the checker, the
 * planner, the code generator). Importing it loads no builtin implementation
 * and no third-party library; `@cordon/builtins/core` adds the light host
 * implementations, `@cordon/builtins` all of them.
 *
 * @module \@cordon/builtins/declarations
 */
export type { BuiltinDecl, FunctionDecl, TypeDecl } from './types.js'
export { builtinCategories } from './decls/index.js'
export * from './value/index.js'
export { arity, builtinDecls, declsFromCapabilities, infixOperators } from './registry.js'
export * from './impl/types.js'
export { PURE_HOST_BUILTINS } from './impl/pure.js'
export { OPA_WASM_SDK_BUILTINS } from './impl/opa-wasm-sdk-builtins.js'
