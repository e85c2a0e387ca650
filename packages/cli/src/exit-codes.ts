/**
 * Exit statuses shared by every command (table in packages/cli/README.md).
 * They follow OPA's: `opa check`, `opa build` and `opa test` exit 1 when the
 * policy does not compile, and `opa test` exits 2 when a test fails or
 * coverage is below --threshold; `opa fmt --fail` exits 2 on a diff.
 */
export const exitCodes = {
  ok: 0,
  /** Rego that does not parse, compile or type-check; an evaluation error; a test file that cannot be used. */
  policyError: 1,
  /** A usage mistake: unknown option, bad value, missing or unreadable PATH. */
  usage: 2,
  /** `test`: a test failed or errored, or coverage is below --threshold. `fmt --fail`: a file would change. */
  verdictFailed: 2,
} as const
