/**
 * Which builtins OPA's JavaScript SDK implements itself: a declaration the
 * compiler reads (`--target opa-wasm-sdk`) without loading any implementation.
 */
/** The builtins `@open-policy-agent/opa-wasm` implements itself (its `builtins/` folder, 1.10). */
export const OPA_WASM_SDK_BUILTINS: ReadonlySet<string> = new Set([
  'json.is_valid',
  'regex.split',
  'sprintf',
  'yaml.is_valid',
  'yaml.marshal',
  'yaml.unmarshal',
])
