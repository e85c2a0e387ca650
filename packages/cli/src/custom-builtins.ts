/**
 * The builtins a CLI run checks, compiles and evaluates with: Cordon's host
 * implementations plus any loaded with `--builtins` (fs/load-builtins.ts
 * loads those files). No node imports: the playground runs tests with these.
 */
import { hostBuiltinImpls, type BuiltinDecl, type BuiltinDefinition, type BuiltinImpl } from '@cordon/builtins'
import { regoParserBuiltins } from '@cordon/rego'

/** The custom builtins of a command line. */
export interface CustomBuiltins {
  /** In load order; empty without --builtins. */
  definitions: readonly BuiltinDefinition[]
  /**
   * The declarations the checker and compiler use: `base` (default: OPA's)
   * plus the custom ones. Undefined when there are none and no `base`, so
   * callers keep their defaults.
   */
  decls(base?: ReadonlyMap<string, BuiltinDecl>): ReadonlyMap<string, BuiltinDecl> | undefined
  /** Cordon's host implementations, the parser's (`rego.parse_module`), then the custom ones. */
  impls: ReadonlyMap<string, BuiltinImpl>
}

/**
 * The CLI's hosts run the opt-in builtins that need the Rego parser
 * (`rego.parse_module`) too: the CLI carries the parser anyway.
 */
export const cliHostBuiltins: ReadonlyMap<string, BuiltinImpl> = new Map([...hostBuiltinImpls, ...regoParserBuiltins])

export const noCustomBuiltins: CustomBuiltins = { definitions: [], decls: (base) => base, impls: cliHostBuiltins }

export { availableHostBuiltins } from './available-host-builtins.js'
