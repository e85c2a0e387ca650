// Host imports (OPA Wasm ABI §1.1) and abort helpers.
// Nothing else may be imported: the module's only imports are env.memory,
// env.opa_abort, env.opa_println and env.opa_builtin0..4.

@external("env", "opa_abort")
export declare function opa_abort(addr: usize): void;

@external("env", "opa_println")
export declare function opa_println(addr: usize): void;

@external("env", "opa_builtin0")
export declare function opa_builtin0(id: i32, ctx: usize): usize;
@external("env", "opa_builtin1")
export declare function opa_builtin1(id: i32, ctx: usize, a: usize): usize;
@external("env", "opa_builtin2")
export declare function opa_builtin2(id: i32, ctx: usize, a: usize, b: usize): usize;
@external("env", "opa_builtin3")
export declare function opa_builtin3(id: i32, ctx: usize, a: usize, b: usize, c: usize): usize;
@external("env", "opa_builtin4")
export declare function opa_builtin4(id: i32, ctx: usize, a: usize, b: usize, c: usize, d: usize): usize;

// Static scratch for abort messages: never touches the heap, so an abort
// raised by the allocator itself still works.
const MSG_CAP: i32 = 255;
/** The abort message buffer (256 bytes); the heap checker writes its findings here too. */
export const msgBuf = memory.data(256);

/** Copy an (ASCII) AssemblyScript string literal into a NUL-terminated buffer. */
function cstr(msg: string): usize {
  let n = msg.length;
  if (n > MSG_CAP) n = MSG_CAP;
  for (let i = 0; i < n; i++) store<u8>(msgBuf + <usize>i, <u8>msg.charCodeAt(i));
  store<u8>(msgBuf + <usize>n, 0);
  return msgBuf;
}

/** Abort with a message; never returns. */
export function abortWith(msg: string): void {
  opa_abort(cstr(msg));
  unreachable();
}

/** Print a message through the host (debugging aid). */
function println(msg: string): void {
  opa_println(cstr(msg));
}

/**
 * Replacement for AssemblyScript's `abort` (wired with `--use abort=`), so the
 * module never imports `env.abort`.
 */
function cordonAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  if (message !== null) abortWith(message);
  abortWith("runtime assertion failed");
}
