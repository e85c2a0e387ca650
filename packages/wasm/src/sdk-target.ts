/**
 * The `opa-wasm-sdk` build target: a module for plain
 * `@open-policy-agent/opa-wasm`, which implements only a handful of host
 * builtins itself (OPA_WASM_SDK_BUILTINS). Any other host builtin the policy
 * calls is a build error naming the builtin, where it is called, and how to
 * hand the SDK Cordon's implementations as `customBuiltins`.
 */
import { OPA_WASM_SDK_BUILTINS } from '@cordon/builtins/declarations'
import type { Diagnostic, Policy, StmtLocation } from '@cordon/rego'
import { firstCalls } from './codegen/missing-host-builtins.js'

/** The host builtins of a built module that the SDK lacks, each reported at its first call. */
export function opaWasmSdkProblems(hostBuiltins: readonly string[], policy: Policy | undefined): Diagnostic[] {
  const missing = hostBuiltins.filter((name) => !OPA_WASM_SDK_BUILTINS.has(name))
  if (missing.length === 0) return []
  const firstCall = policy ? firstCalls(policy, new Set(missing)) : new Map<string, StmtLocation>()
  // In source order of the first calls (builtins never called directly last, by name).
  const order = (name: string) => {
    const l = firstCall.get(name)
    return l ? [l.file, l.row, l.col] : [Infinity, 0, 0]
  }
  missing.sort((a, b) => {
    const x = order(a)
    const y = order(b)
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]! || (a < b ? -1 : 1)
  })
  return missing.map((name) => {
    const loc = firstCall.get(name)
    return {
      code: 'rego_compile_error',
      message: `builtin ${name} is a host builtin that @open-policy-agent/opa-wasm does not implement`,
      location: {
        file: loc ? (policy?.files[loc.file] ?? '') : '',
        row: loc?.row ?? 1,
        col: loc?.col ?? 1,
        offset: 0,
        end: 0,
      },
      details: [
        "pass Cordon's implementations to the SDK as customBuiltins:",
        "  import { opaWasmCustomBuiltins } from '@cordon/builtins'",
        '  const policy = await loadPolicy(wasm, undefined, opaWasmCustomBuiltins())',
        'or load the module with @cordon/engine, which provides every Cordon builtin',
      ],
    }
  })
}
