/**
 * Host builtins whose result depends on their arguments alone (no clock, no
 * randomness, no context), in Cordon's own implementations. The engine
 * memoizes these implementations' results across evaluations, and the code
 * generator lets rules that call them into the data cache.
 */
export const PURE_HOST_BUILTINS: ReadonlySet<string> = new Set([
  'sprintf',
  'time.parse_rfc3339_ns',
  'time.parse_ns',
  'time.parse_duration_ns',
])
