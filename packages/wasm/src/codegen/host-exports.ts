/**
 * The exports a compiled module keeps: what a host calls. Everything else the
 * runtime library exports is there for the code generator to find by name
 * (runtime.json), and goes, with whatever only it reaches (dead-code.ts).
 */

/** OPA's Wasm ABI 1.3 (design/wasm-abi.md §1.2): what `@open-policy-agent/opa-wasm` and OPA's other hosts call. */
const OPA_ABI = [
  'memory',
  'opa_wasm_abi_version',
  'opa_wasm_abi_minor_version',
  'eval',
  'builtins',
  'entrypoints',
  'opa_eval_ctx_new',
  'opa_eval_ctx_set_input',
  'opa_eval_ctx_set_data',
  'opa_eval_ctx_set_entrypoint',
  'opa_eval_ctx_get_result',
  'opa_malloc',
  'opa_free',
  'opa_json_parse',
  'opa_value_parse',
  'opa_json_dump',
  'opa_value_dump',
  'opa_heap_ptr_get',
  'opa_heap_ptr_set',
  'opa_value_add_path',
  'opa_value_remove_path',
  'opa_value_free',
  'opa_heap_blocks_stash',
  'opa_heap_blocks_restore',
  'opa_heap_stash_clear',
  'opa_eval',
]

/** What `@cordon/engine` calls beyond the ABI (its `AbiExports`), and the debug runtime's heap checker. */
const CORDON_HOST = [
  'cordon_eval',
  'cordon_eval_value',
  'cordon_strings',
  'cordon_hash_seed',
  'cordon_warm',
  'cordon_cache_clear',
  'cordon_set_strict',
  'cordon_loc_file',
  'cordon_loc_row',
  'cordon_alloc_calls',
  'cordon_alloc_bytes',
  'cordon_fuel_limit',
  'opa_null',
  'opa_boolean',
  'cordon_heap_check',
]

export const HOST_EXPORTS: ReadonlySet<string> = new Set([...OPA_ABI, ...CORDON_HOST])
