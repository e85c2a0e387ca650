/**
 * A small WebAssembly binary toolkit with no knowledge of Rego: LEB128, the
 * module data model, a reader and a writer that keep function bodies as raw
 * bytes, a function-body builder with labelled branches, and the linker that
 * appends a policy's code to the prebuilt runtime module.
 *
 * @module \@cordon/wasm/binary
 */
export * from './errors.js'
export * from './leb128.js'
export * from './types.js'
export * from './bytes.js'
export * from './const-expr.js'
export * from './names.js'
export * from './reader.js'
export * from './writer.js'
export * from './opcodes.js'
export * from './numeric.js'
export * from './memory-ops.js'
export * from './instructions.js'
export * from './layout.js'
export * from './link.js'
export * from './code-scan.js'
export * from './dead-code.js'
