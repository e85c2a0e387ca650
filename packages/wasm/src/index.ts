/**
 * Compiles Rego to WebAssembly modules in OPA's Wasm ABI. This entry point
 * re-exports the binary toolkit (reader, writer, function builder, linker);
 * the code generator and the prebuilt runtime library build on it.
 *
 * @module \@cordon/wasm
 */
export * from './binary/index.js'
export { compileWasm, type CompileWasmOptions, type CompileWasmResult } from './codegen/compile-policy.js'
// For hosts without files (browsers): hand the prebuilt runtime (runtime-lib/runtime.wasm and .json) over before compiling.
export { setRuntimeLibrary, type RuntimeInfo } from './codegen/runtime-lib.js'
export { buildChecked, buildModules, buildWasm, type BuildWasmOptions, type BuildWasmResult } from './codegen/build.js'
export * from './bundle/index.js'
// Issue 4: Cordon's capabilities document and the opa-wasm-sdk build target's check.
export * from './capabilities.js'
export { opaWasmSdkProblems } from './sdk-target.js'
