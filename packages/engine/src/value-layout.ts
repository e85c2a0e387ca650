/**
 * The Cordon runtime's value layout (packages/wasm/runtime/VALUES.md), as the
 * engine reads and writes it in a module's memory: byte 0 is the type tag,
 * byte 1 of a number its representation.
 */
export const T_NULL = 1
export const T_BOOLEAN = 2
export const T_NUMBER = 3
export const T_STRING = 4
export const T_ARRAY = 5
export const T_OBJECT = 6
export const T_SET = 7
/** int64 at offset 8. */
export const N_INT = 1
/** float64 at offset 8. */
export const N_FLOAT = 2
/** Exact decimal text: length at 4, pointer at 8. */
export const N_REF = 3

/** Wasm memory is little-endian; 32-bit fields go through a Uint32Array only where the platform is too. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1
