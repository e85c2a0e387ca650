/**
 * Cordon's capabilities document: OPA's capabilities.json format (the
 * builtins a policy may call, the Wasm ABI versions) plus a `cordon` field
 * per builtin saying WHERE it runs, generated from the real tables, never
 * written by hand:
 *
 * - `native`: the runtime library exports its implementation (the codegen's
 *   `planBuiltins` over runtime.json, exactly as a compilation decides);
 * - `host`: a TypeScript implementation in `hostBuiltinImpls`, reached through
 *   `opa_builtinN`: every declared builtin that is neither native, compiled
 *   nor unsupported (so the compiler loads declarations only, no
 *   implementation; capabilities.test.ts checks each has one); those that need the Rego parser at run time
 *   (`rego.parse_module`) are in `@cordon/rego`'s `regoParserBuiltins`, which
 *   an embedder opts into (`opt_in`); the CLI always does;
 * - `compiler`: no call is left at run time (`=`, `:=`, `rego.metadata.*`
 *   become plain IR in the planner).
 *
 * Builtins that are declared but cannot run are left out, each with its
 * reason in UNSUPPORTED_BUILTINS. `packages/builtins/capabilities.json` is
 * this document, written by `cordon capabilities -o …`; a test keeps it current.
 */
import { builtinDecls, type BuiltinDecl } from '@cordon/builtins/declarations'
import { regoParserBuiltins } from '@cordon/rego'
import { planBuiltins } from './codegen/builtin-map.js'
import { runtimeLibrary } from './codegen/runtime-lib.js'

export type BuiltinImplKind = 'native' | 'host' | 'compiler'

/** Builtins the planner turns into IR: no native or host implementation is needed. */
export const COMPILED_BUILTINS: Readonly<Record<string, string>> = {
  eq: 'unification, planned as IR',
  assign: 'assignment, planned as IR',
  'rego.metadata.chain': 'a compile-time value from METADATA annotations',
  'rego.metadata.rule': 'a compile-time value from METADATA annotations',
}

/** Declared builtins Cordon cannot run, with the reason (they are left out of the capabilities). */
export const UNSUPPORTED_BUILTINS: Readonly<Record<string, string>> = {
  'internal.test_case': "OPA's test runner only; not callable from policies",
}

/** Host builtins that exist but fail unless the embedding application allows network access. */
export const OFF_BY_DEFAULT: Readonly<Record<string, string>> = {
  'http.send': 'network access: off unless the host enables it (allowNetwork)',
  'net.lookup_ip_addr': 'network access: off unless the host enables it (allowNetwork)',
}

export interface CordonBuiltinInfo {
  impl: BuiltinImplKind
  /** The runtime export of a native builtin. */
  export?: string
  /** A host builtin's native fast path: the module answers common calls itself and calls the host for the rest. */
  fast_path?: string
  /** Why the builtin fails until the embedder turns it on. */
  off_by_default?: string
  /** Where an embedder gets an implementation the engine does not load by itself. */
  opt_in?: string
}

const PARSER_OPT_IN =
  "needs the Rego parser: pass @cordon/rego's regoParserBuiltins to the engine (the cordon CLI does)"

export interface CapabilitiesDocument {
  builtins: (BuiltinDecl & { cordon: CordonBuiltinInfo })[]
  wasm_abi_versions: { version: number; minor_version: number }[]
}

/** Where each declared builtin runs (undefined: unsupported). */
export function builtinImplKinds(): Map<string, CordonBuiltinInfo | undefined> {
  const names = [...builtinDecls.keys()].sort()
  const { info } = runtimeLibrary()
  const plan = planBuiltins(names, (n) => info.functions[n] !== undefined, info.builtins)
  const out = new Map<string, CordonBuiltinInfo | undefined>()
  for (const name of names) {
    const exp = plan.native.get(name)
    let entry: CordonBuiltinInfo | undefined
    if (exp !== undefined) entry = { impl: 'native', export: exp }
    else if (COMPILED_BUILTINS[name] !== undefined) entry = { impl: 'compiler' }
    else if (regoParserBuiltins.has(name)) entry = { impl: 'host', opt_in: PARSER_OPT_IN }
    else if (UNSUPPORTED_BUILTINS[name] === undefined) {
      const fast = plan.fastPaths.get(name)
      entry = {
        impl: 'host',
        ...(fast ? { fast_path: fast } : {}),
        ...(OFF_BY_DEFAULT[name] ? { off_by_default: OFF_BY_DEFAULT[name] } : {}),
      }
    }
    out.set(name, entry)
  }
  return out
}

/** The capabilities document of this build of Cordon (builtins sorted by name). */
export function cordonCapabilities(): CapabilitiesDocument {
  const { info } = runtimeLibrary()
  const builtins: CapabilitiesDocument['builtins'] = []
  for (const [name, cordon] of builtinImplKinds()) {
    if (cordon) builtins.push({ ...builtinDecls.get(name)!, cordon })
  }
  return { builtins, wasm_abi_versions: [{ version: info.abiVersion, minor_version: info.abiMinorVersion }] }
}

/** The document as the committed file holds it (2-space JSON, final newline). */
export function cordonCapabilitiesText(): string {
  return JSON.stringify(cordonCapabilities(), null, 2) + '\n'
}
