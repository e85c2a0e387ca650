// Evaluation context, the opa_eval fast path (ABI 1.2), and the placeholder
// functions `eval`, `builtins` and `entrypoints` whose bodies the linker
// replaces with generated code.
import { abortWith } from "./abi";
import { opa_malloc, opa_heap_ptr_set } from "./alloc";
import { opa_value_parse } from "./json-parse";
import { opa_json_dump, opa_value_dump } from "./json-dump";
import { opa_object } from "./object";
import { opa_set } from "./set";
import { cordon_heap_check } from "./heap-check";
import { zeroBytes } from "./mem";

// Context struct: input @0, data @4, result @8, entrypoint @12.
export function opa_eval_ctx_new(): usize {
  let ctx = opa_malloc(16);
  zeroBytes(ctx, 16);
  return ctx;
}
export function opa_eval_ctx_set_input(ctx: usize, v: usize): void { store<u32>(ctx, <u32>v, 0); }
export function opa_eval_ctx_set_data(ctx: usize, v: usize): void { store<u32>(ctx, <u32>v, 4); }
export function opa_eval_ctx_set_entrypoint(ctx: usize, ep: i32): void { store<i32>(ctx, ep, 12); }
export function opa_eval_ctx_get_result(ctx: usize): usize { return <usize>load<u32>(ctx, 8); }

// Placeholders. Distinct bodies (so they are not merged), each with calls
// (so they are not inlined into opa_eval); build.mjs checks both.
let placeholderCalls: u32 = 0;

/** PLACEHOLDER `eval(ctx) -> i32`: replaced by the linker. Unlinked: empty result set. */
function evalPlaceholder(ctx: usize): i32 {
  placeholderCalls |= 1;
  if (ctx == 0) abortWith("eval: null context");
  let ep = load<i32>(ctx, 12);
  if (ep != 0) abortWith("internal: illegal entrypoint id");
  store<u32>(ctx, <u32>opa_set(), 8);
  return 0;
}
export { evalPlaceholder as eval };

/** PLACEHOLDER `builtins() -> value`: replaced by the linker. Unlinked: `{}`. */
export function builtins(): usize {
  placeholderCalls |= 2;
  return opa_object();
}

/** PLACEHOLDER `entrypoints() -> value`: replaced by the linker. Unlinked: `{}`. */
export function entrypoints(): usize {
  placeholderCalls |= 4;
  return opa_object();
}

/**
 * One-call evaluation (ABI 1.2 fast path): reset the heap top to `heapAddr`,
 * parse the input text at [inputAddr, inputAddr+inputLen) (none when
 * inputLen == 0), run `eval`, and return the NUL-terminated result set text
 * (format 0 = JSON, 1 = Rego value text).
 */
export function opa_eval(reserved: usize, entrypoint: i32, data: usize, inputAddr: usize, inputLen: usize, heapAddr: usize, format: i32): usize {
  if (reserved != 0) abortWith("opa_eval: reserved argument must be 0");
  let result = cordon_eval(entrypoint, data, inputAddr, inputLen, heapAddr);
  return format == 1 ? opa_value_dump(result) : opa_json_dump(result);
}

/**
 * opa_eval without the dump: returns the result set value itself, for hosts
 * that read Cordon's value layout (VALUES.md) instead of parsing JSON text.
 */
export function cordon_eval(entrypoint: i32, data: usize, inputAddr: usize, inputLen: usize, heapAddr: usize): usize {
  opa_heap_ptr_set(heapAddr);
  let input: usize = 0;
  if (inputLen > 0) {
    input = opa_value_parse(inputAddr, inputLen);
    if (input == 0) abortWith("opa_eval: failed to parse input");
  }
  let ctx = newContext(entrypoint, data, input);
  // The generated eval returns 0 and reports errors through opa_abort, so its result is not
  // checked: a check would be dead code, which -O3 folds away from the unlinked placeholder's
  // constant 0 (leaving its message an orphan data segment, see dead-code.test.ts).
  evalPlaceholder(ctx);
  return checked(heapAddr, opa_eval_ctx_get_result(ctx), input, data);
}

/**
 * cordon_eval with the input already a value (0: none) that the host laid
 * out in memory below `heapAddr`, as blocks of the allocator's format.
 */
export function cordon_eval_value(entrypoint: i32, data: usize, input: usize, heapAddr: usize): usize {
  opa_heap_ptr_set(heapAddr);
  let ctx = newContext(entrypoint, data, input);
  evalPlaceholder(ctx);
  return checked(heapAddr, opa_eval_ctx_get_result(ctx), input, data);
}

/** The result; the debug build checks the evaluation's heap and values first (heap-check.ts). */
// @ts-ignore: decorator
@inline function checked(heapAddr: usize, result: usize, input: usize, data: usize): usize {
  // @ts-ignore: defined by asc --use
  if (CORDON_DEBUG) cordon_heap_check(heapAddr, result, input, data);
  return result;
}

function newContext(entrypoint: i32, data: usize, input: usize): usize {
  let ctx = opa_eval_ctx_new();
  opa_eval_ctx_set_input(ctx, input);
  opa_eval_ctx_set_data(ctx, data);
  opa_eval_ctx_set_entrypoint(ctx, entrypoint);
  return ctx;
}
