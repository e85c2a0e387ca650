// Thin exported wrappers around the host imports. They keep every ABI
// import present in runtime.wasm (asc drops unused imports) and give the
// host/tests a way to call them; generated code calls the imports directly
// (their function indices are in runtime.json "imports").
import { opa_println, opa_builtin0, opa_builtin1, opa_builtin2, opa_builtin3, opa_builtin4 } from "./abi";

export function cordon_println(addr: usize): void { opa_println(addr); }
export function cordon_builtin0(id: i32): usize { return opa_builtin0(id, 0); }
export function cordon_builtin1(id: i32, a: usize): usize { return opa_builtin1(id, 0, a); }
export function cordon_builtin2(id: i32, a: usize, b: usize): usize { return opa_builtin2(id, 0, a, b); }
export function cordon_builtin3(id: i32, a: usize, b: usize, c: usize): usize { return opa_builtin3(id, 0, a, b, c); }
export function cordon_builtin4(id: i32, a: usize, b: usize, c: usize, d: usize): usize { return opa_builtin4(id, 0, a, b, c, d); }
