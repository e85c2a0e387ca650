/**
 * Which Rego builtins run inside the module and which go to the host.
 *
 * A builtin is native when the runtime library exports the function this
 * table names for it (the names follow OPA's C runtime, so the table is the
 * one OPA's Wasm backend uses); every other builtin is a host builtin, called
 * through `opa_builtin<N>(id, 0, args…)` and listed by `builtins()` with its
 * id. The check against the runtime's exports means a builtin that the
 * runtime has not implemented yet becomes a host builtin.
 */

/** Rego builtin name → runtime export implementing it (OPA's Wasm backend table). */
const NATIVE_BUILTINS: Readonly<Record<string, string>> = {
  abs: 'opa_arith_abs',
  all: 'opa_agg_all',
  and: 'opa_set_intersection',
  any: 'opa_agg_any',
  'array.concat': 'opa_array_concat',
  'array.flatten': 'opa_array_flatten',
  'array.reverse': 'opa_array_reverse',
  'array.slice': 'opa_array_slice',
  'base64.decode': 'opa_base64_decode',
  'base64.encode': 'opa_base64_encode',
  'base64.is_valid': 'opa_base64_is_valid',
  'base64url.decode': 'opa_base64_url_decode',
  'base64url.encode': 'opa_base64_url_encode',
  'bits.and': 'opa_bits_and',
  'bits.lsh': 'opa_bits_shiftleft',
  'bits.negate': 'opa_bits_negate',
  'bits.or': 'opa_bits_or',
  'bits.rsh': 'opa_bits_shiftright',
  'bits.xor': 'opa_bits_xor',
  ceil: 'opa_arith_ceil',
  concat: 'opa_strings_concat',
  contains: 'opa_strings_contains',
  count: 'opa_agg_count',
  div: 'opa_arith_divide',
  endswith: 'opa_strings_endswith',
  equal: 'opa_cmp_eq',
  floor: 'opa_arith_floor',
  format_int: 'opa_strings_format_int',
  'glob.match': 'opa_glob_match',
  'graph.reachable': 'builtin_graph_reachable',
  gt: 'opa_cmp_gt',
  gte: 'opa_cmp_gte',
  indexof: 'opa_strings_indexof',
  'internal.member_2': 'builtin_member',
  'internal.member_3': 'builtin_member3',
  'internal.template_string': 'opa_template_string',
  intersection: 'opa_sets_intersection',
  is_array: 'opa_types_is_array',
  is_boolean: 'opa_types_is_boolean',
  is_null: 'opa_types_is_null',
  is_number: 'opa_types_is_number',
  is_object: 'opa_types_is_object',
  is_set: 'opa_types_is_set',
  is_string: 'opa_types_is_string',
  'json.filter': 'builtin_json_filter',
  'json.is_valid': 'opa_json_is_valid',
  'json.marshal': 'opa_json_marshal',
  'json.remove': 'builtin_json_remove',
  'json.unmarshal': 'opa_json_unmarshal',
  lower: 'opa_strings_lower',
  lt: 'opa_cmp_lt',
  lte: 'opa_cmp_lte',
  max: 'opa_agg_max',
  min: 'opa_agg_min',
  minus: 'opa_arith_minus',
  mul: 'opa_arith_multiply',
  neq: 'opa_cmp_neq',
  'net.cidr_contains': 'opa_cidr_contains',
  'net.cidr_intersects': 'opa_cidr_intersects',
  'net.cidr_overlap': 'opa_cidr_contains',
  'numbers.range': 'opa_numbers_range',
  'object.filter': 'builtin_object_filter',
  'object.get': 'builtin_object_get',
  'object.keys': 'builtin_object_keys',
  'object.remove': 'builtin_object_remove',
  'object.union': 'builtin_object_union',
  'object.union_n': 'builtin_object_union_n',
  or: 'opa_set_union',
  plus: 'opa_arith_plus',
  product: 'opa_agg_product',
  re_match: 'opa_regex_match',
  'regex.find_all_string_submatch_n': 'opa_regex_find_all_string_submatch',
  'regex.is_valid': 'opa_regex_is_valid',
  'regex.match': 'opa_regex_match',
  rem: 'opa_arith_rem',
  replace: 'opa_strings_replace',
  round: 'opa_arith_round',
  set_diff: 'opa_set_diff',
  sort: 'opa_agg_sort',
  split: 'opa_strings_split',
  startswith: 'opa_strings_startswith',
  'strings.replace_n': 'opa_strings_replace_n',
  'strings.reverse': 'opa_strings_reverse',
  substring: 'opa_strings_substring',
  sum: 'opa_agg_sum',
  to_number: 'opa_to_number',
  trim: 'opa_strings_trim',
  trim_left: 'opa_strings_trim_left',
  trim_prefix: 'opa_strings_trim_prefix',
  trim_right: 'opa_strings_trim_right',
  trim_space: 'opa_strings_trim_space',
  trim_suffix: 'opa_strings_trim_suffix',
  type_name: 'opa_types_name',
  union: 'opa_sets_union',
  upper: 'opa_strings_upper',
  walk: 'opa_value_transitive_closure',
}

/**
 * Builtins with a native fast path that returns HOST_FALLBACK (1, never a
 * value) for input it leaves to the host: Rego name → runtime export. They are
 * host builtins too (listed by `builtins()`, so a host must provide them), but
 * the host is only called for what the fast path declines, such as malformed
 * input whose error messages the host spells as OPA does.
 */
const NATIVE_WITH_HOST_FALLBACK: Readonly<Record<string, string>> = {
  'time.parse_rfc3339_ns': 'cordon_time_parse_rfc3339_ns',
  sprintf: 'cordon_sprintf',
}

/** What a fast path returns to hand a call to the host (runtime `HOST_FALLBACK`). */
export const HOST_FALLBACK = 1

/** The most arguments a host builtin can take (`opa_builtin0` … `opa_builtin4`). */
export const MAX_HOST_ARGS = 4

export interface BuiltinPlan {
  /** Native builtins: Rego name → runtime export name. */
  native: Map<string, string>
  /** Native fast paths backed by a host builtin of the same name: Rego name → runtime export. */
  fastPaths: Map<string, string>
  /** Host builtins in id order: `hostIds.get(name)` is the id passed to `opa_builtinN`. */
  host: string[]
  hostIds: Map<string, number>
}

/**
 * Splits the builtins a policy calls into native and host ones.
 * @param names the builtins the policy calls
 * @param hasExport whether the runtime exports a function of that name
 * @param overrides extra or replacing entries (e.g. from runtime.json), name → export
 */
export function planBuiltins(
  names: Iterable<string>,
  hasExport: (exportName: string) => boolean,
  overrides: Readonly<Record<string, string>> = {},
): BuiltinPlan {
  const native = new Map<string, string>()
  const fastPaths = new Map<string, string>()
  const host: string[] = []
  const hostIds = new Map<string, number>()
  for (const name of new Set(names)) {
    const exp = overrides[name] ?? NATIVE_BUILTINS[name]
    if (exp !== undefined && hasExport(exp)) {
      native.set(name, exp)
      continue
    }
    const fast = NATIVE_WITH_HOST_FALLBACK[name]
    if (fast !== undefined && hasExport(fast)) fastPaths.set(name, fast)
    hostIds.set(name, host.length)
    host.push(name)
  }
  return { native, fastPaths, host, hostIds }
}
