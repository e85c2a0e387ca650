// Strict builtin errors. With the flag off (the default, and OPA's own Wasm
// behaviour) a native builtin given bad arguments is undefined (returns 0).
// With it on (`cordon_set_strict(1)`, called by the host before an
// evaluation), it ends the evaluation through `opa_abort` with OPA's
// interpreter error, prefixed by the code the host parses:
//
//   eval_type_error: <builtin>: operand <n> must be <type> but got <type>
//   eval_builtin_error: <builtin>: <message>
//
// The helpers return 0 so a builtin can `return typeError(...)`. Every
// builtin passes its Rego name (a string literal: static data). Messages are
// assembled in a static buffer without touching the heap or AssemblyScript's
// managed strings (the runtime is built with `--runtime stub`).
import { opa_abort } from "./abi";
import { T_STRING, N_INT, vtype, numRepr, strPtr, strLen } from "./value";
import { decOf, decLen, decExp } from "./number";
import { opa_free } from "./alloc";

let strict: bool = false;

// The call site of the builtin being called, for OPA's `file:row: ` prefix of
// strict errors. Generated code sets both before every builtin call (two
// `global.set`s of constants); 0 means unknown. `cordon_loc_file` is the
// address of the file name as a NUL-terminated string in static data. The
// engine reads them too, to prefix host builtin errors.
export let cordon_loc_file: usize = 0;
export let cordon_loc_row: i32 = 0;

/** Appends `<file>:<row>: ` when the call site is known. */
function msgLocation(): void {
  if (cordon_loc_file == 0) return;
  msgCString(cordon_loc_file);
  putByte(0x3A);
  msgUint(<u64>cordon_loc_row);
  putByte(0x3A);
  putByte(0x20);
}

/** Turns strict builtin errors on (non-zero) or off for the following evaluations. */
export function cordon_set_strict(on: i32): void { strict = on != 0; }

/** Is strict mode on? (For builtins whose error path needs extra work.) */
export function isStrict(): bool { return strict; }

const CAP: usize = 1023;
const buf = memory.data(1024);
let len: usize = 0;

function putByte(c: u8): void { if (len < CAP) store<u8>(buf + len++, c); }

/** Appends an ASCII string literal. */
export function msgLit(s: string): void {
  let n = s.length;
  for (let i = 0; i < n; i++) putByte(<u8>s.charCodeAt(i));
}

/** Appends raw bytes (truncated at the buffer's end). */
export function msgBytes(p: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) putByte(load<u8>(p + i));
}

export function msgUint(x: u64): void {
  if (x >= 10) msgUint(x / 10);
  putByte(<u8>(0x30 + <u32>(x % 10)));
}

/** Go's %q of a string value (printable ASCII and UTF-8 as is; quotes, backslashes and controls escaped). */
export function msgQuoted(s: usize): void {
  putByte(0x22);
  let p = strPtr(s), n = strLen(s);
  for (let i: usize = 0; i < n; i++) {
    let c = load<u8>(p + i);
    if (c == 0x22 || c == 0x5C) { putByte(0x5C); putByte(c); }
    else if (c == 0x0A) { putByte(0x5C); putByte(0x6E); }
    else if (c == 0x09) { putByte(0x5C); putByte(0x74); }
    else if (c == 0x0D) { putByte(0x5C); putByte(0x72); }
    else if (c < 0x20 || c == 0x7F) {
      msgLit("\\x");
      putByte(<u8>(c >> 4 < 10 ? 0x30 + (c >> 4) : 0x57 + (c >> 4)));
      putByte(<u8>((c & 15) < 10 ? 0x30 + (c & 15) : 0x57 + (c & 15)));
    } else putByte(c);
  }
  putByte(0x22);
}

/** OPA's name of a value's type (ast.ValueName). */
export function msgTypeName(v: usize): void {
  switch (vtype(v)) {
    case 1: msgLit("null"); break;
    case 2: msgLit("boolean"); break;
    case 3: msgLit("number"); break;
    case 4: msgLit("string"); break;
    case 5: msgLit("array"); break;
    case 6: msgLit("object"); break;
    case 7: msgLit("set"); break;
    default: msgLit("unknown");
  }
}

/** Starts a type error message: `eval_type_error: <name>: operand <n> `. */
export function msgStartOperand(name: string, operand: i32): void {
  len = 0;
  msgLit("eval_type_error: ");
  msgLocation();
  msgLit(name);
  msgLit(": operand ");
  msgUint(<u64>operand);
  putByte(0x20);
}

/** Starts a builtin error message: `eval_builtin_error: <name>: `. */
export function msgStartBuiltin(name: string): void {
  len = 0;
  msgLit("eval_builtin_error: ");
  msgLocation();
  msgLit(name);
  msgLit(": ");
}

/** Appends a NUL-terminated string from static data. */
function msgCString(p: usize): void {
  while (load<u8>(p) != 0) putByte(load<u8>(p++));
}

/**
 * Ends the evaluation with `<head><file>:<row>: <text>`, OPA's message of an
 * error at a known place (`eval_conflict_error: p.rego:3: complete rules …`).
 * `head`, `file` and `text` are NUL-terminated strings in static data, each
 * stored once: the module holds no message per place (issue 18).
 */
export function cordon_abort_at(head: usize, file: usize, row: i32, text: usize): void {
  len = 0;
  msgCString(head);
  msgCString(file);
  putByte(0x3A);
  msgUint(<u64><u32>row);
  putByte(0x3A);
  putByte(0x20);
  msgCString(text);
  msgAbort();
}

/** Ends the evaluation with the message built so far. */
export function msgAbort(): usize {
  store<u8>(buf + len, 0);
  opa_abort(buf);
  unreachable();
  return 0;
}

/** `<name>: operand <n> must be <expected> but got <type of got>` (expected may be "one of {a, b}"). */
export function typeError(name: string, operand: i32, expected: string, got: usize): usize {
  if (!strict || got == 0) return 0;
  msgStartOperand(name, operand);
  msgLit("must be ");
  msgLit(expected);
  msgLit(" but got ");
  msgTypeName(got);
  return msgAbort();
}

/** `<name>: operand <n> <text>` as a type error. */
export function operandError(name: string, operand: i32, text: string): usize {
  if (!strict) return 0;
  msgStartOperand(name, operand);
  msgLit(text);
  return msgAbort();
}

/** `<name>: operand <n> must be <array|set> of <expected>s but got <array|set> containing <type>`. */
export function elementError(name: string, operand: i32, composite: usize, expected: string, got: usize): usize {
  if (!strict) return 0;
  msgStartOperand(name, operand);
  msgLit("must be ");
  msgTypeName(composite);
  msgLit(" of ");
  msgLit(expected);
  msgLit("s but got ");
  msgTypeName(composite);
  msgLit(" containing ");
  msgTypeName(got);
  return msgAbort();
}

/** `<name>: <message>` as a builtin error. */
export function builtinError(name: string, message: string): usize {
  if (!strict) return 0;
  msgStartBuiltin(name);
  msgLit(message);
  return msgAbort();
}

/** OPA's IntOperand: a number (else a type error) that is an integer (else "must be integer number…"). */
export function intOperandError(name: string, operand: i32, v: usize): usize {
  if (vtype(v) != 3) return typeError(name, operand, "number", v);
  return operandError(name, operand, "must be integer number but got floating-point number");
}

/** OPA's BigIntOperand: like IntOperand, but a non-number "must be integer". */
export function bigIntOperandError(name: string, operand: i32, v: usize): usize {
  if (vtype(v) != 3) return typeError(name, operand, "integer", v);
  return operandError(name, operand, "must be integer number but got floating-point number");
}

/** Is v a string value? */
// @ts-ignore: decorator
@inline function isStrV(v: usize): bool { return v != 0 && vtype(v) == T_STRING; }

/** Is the number v an integer (at any size)? */
export function isIntegral(v: usize): bool {
  if (numRepr(v) == N_INT) return true;
  let d = decOf(v);
  let ok = decLen(d) == 0 || decExp(d) >= 0;
  opa_free(d);
  return ok;
}
