// Entry point of the Cordon runtime library: everything exported here is a
// module export of runtime.wasm.
export const opa_wasm_abi_version: i32 = 1;
export const opa_wasm_abi_minor_version: i32 = 3;

export {
  __cordon_heap_base, opa_malloc, opa_free, opa_realloc, opa_heap_ptr_get, opa_heap_ptr_set,
  opa_heap_blocks_stash, opa_heap_blocks_restore, opa_heap_stash_clear,
  cordon_alloc_calls, cordon_alloc_bytes,
} from "./alloc";
export {
  opa_value_type, opa_null, opa_boolean, opa_value_boolean, opa_number_int, opa_value_number_set_int,
  opa_string, opa_string_ref, opa_string_len, opa_string_ptr,
  opa_array, opa_array_with_cap, opa_array_append, opa_array_get, opa_array_set,
} from "./value";
export {
  opa_number_float, opa_number_ref, opa_number_is_int, opa_number_as_int, opa_number_as_float,
} from "./number";
export { opa_map_first, opa_map_next } from "./map";
export { opa_value_compare, opa_value_compare_eq, opa_value_hash, cordon_undefined_or_false } from "./compare";
export {
  opa_object, opa_object_insert, opa_object_insert_once, opa_object_get, opa_object_remove, opa_object_count,
  opa_value_merge,
} from "./object";
export {
  opa_set, opa_set_add, opa_set_contains, opa_set_union, opa_set_intersection, opa_set_diff,
  opa_sets_union, opa_sets_intersection, cordon_set_add_all,
} from "./set";
export {
  opa_value_get, opa_value_length, opa_value_iter, cordon_value_get_str, cordon_value_get_str2, cordon_scan_next, cordon_scan_key, cordon_scan_value, cordon_scan_sorted_next, cordon_scan_sorted_key, cordon_scan_sorted_value, opa_value_shallow_copy, opa_value_copy, opa_value_free,
} from "./access";
export { opa_value_add_path, opa_value_remove_path } from "./path";
export { opa_json_parse, opa_value_parse } from "./json-parse";
export { opa_json_dump, opa_value_dump, opa_strlen } from "./json-dump";
export {
  opa_eval_ctx_new, opa_eval_ctx_set_input, opa_eval_ctx_set_data, opa_eval_ctx_set_entrypoint,
  opa_eval_ctx_get_result, opa_eval, cordon_eval, cordon_eval_value, eval, builtins, entrypoints,
} from "./eval";
export {
  cordon_println, cordon_builtin0, cordon_builtin1, cordon_builtin2, cordon_builtin3, cordon_builtin4,
} from "./host";
export {
  opa_arith_plus, opa_arith_minus, opa_arith_multiply, opa_arith_divide, opa_arith_rem, opa_arith_abs,
  opa_arith_round, opa_arith_ceil, opa_arith_floor, opa_to_number,
} from "./arith";
export { opa_cmp_eq, opa_cmp_neq, opa_cmp_lt, opa_cmp_lte, opa_cmp_gt, opa_cmp_gte } from "./cmp";
export {
  opa_types_is_null, opa_types_is_boolean, opa_types_is_number, opa_types_is_string, opa_types_is_array,
  opa_types_is_object, opa_types_is_set, opa_types_name,
} from "./types";
export {
  opa_agg_count, opa_agg_sum, opa_agg_product, opa_agg_max, opa_agg_min, opa_agg_sort,
  cordon_count_eq0, cordon_count_neq0, cordon_count_gt0,
} from "./agg";
export {
  opa_strings_concat, opa_strings_startswith, opa_strings_endswith, opa_strings_contains, opa_strings_indexof,
  opa_strings_substring, opa_strings_upper, opa_strings_lower, opa_strings_trim_prefix, opa_strings_trim_suffix,
  opa_strings_trim_space, opa_strings_split, opa_strings_replace,
} from "./strings";
export {
  builtin_object_get, builtin_object_keys, builtin_object_remove, builtin_object_filter, builtin_object_union,
  builtin_object_union_n, cordon_object_union_into,
} from "./object";
export { opa_array_concat, opa_array_slice, opa_array_reverse, opa_array_flatten, opa_numbers_range } from "./array";
export { builtin_member, builtin_member3, opa_agg_all, opa_agg_any } from "./member";
export {
  opa_json_marshal, opa_json_unmarshal, opa_json_is_valid, opa_base64_encode, opa_base64_decode, opa_base64_is_valid,
  opa_base64_url_encode, opa_base64_url_decode,
} from "./encoding";
export { opa_bits_or, opa_bits_and, opa_bits_xor, opa_bits_negate, opa_bits_shiftleft, opa_bits_shiftright } from "./bits";
export { opa_strings_reverse, opa_strings_trim, opa_strings_trim_left, opa_strings_trim_right, opa_strings_format_int } from "./strings";
export { opa_template_string } from "./template";
export { builtin_graph_reachable } from "./graph";
// walk(x) in OPA's form (array of [path, value] pairs). Exported under a name the
// code generator's builtin table does not pick up yet: the planner does not scan
// relation results (walk(x, [p, v])), so a native walk would give wrong answers
// instead of failing closed. Rename to opa_value_transitive_closure when it does.
export { opa_value_transitive_closure as cordon_value_transitive_closure } from "./graph";
export { builtin_json_filter, builtin_json_remove } from "./json-paths";
export { opa_glob_match } from "./glob";
export { cordon_set_strict, cordon_loc_file, cordon_loc_row, cordon_abort_at } from "./strict";
export { cordon_fuel, cordon_scan_v, cordon_scan_step, cordon_scan_sorted_step } from "./fuel";
export { cordon_name_table } from "./names";
// Native fast paths that leave whatever they do not handle to the host's implementation.
export { cordon_time_parse_rfc3339_ns } from "./time";
export { cordon_sprintf } from "./sprintf";
export { cordon_reseed } from "./seed";
