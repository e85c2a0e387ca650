/**
 * Which host builtins a module built by the CLI may call, by name only: the
 * names come from tables, so `cordon build` asks without importing the host
 * implementations' libraries (graphql, re2js, @noble/*), which cost more
 * start-up time than a small build's compile.
 */
import { hostBuiltinNames, runtimeDebugImpls, type BuiltinDefinition } from '@cordon/builtins/core'
import { regoParserBuiltins } from '@cordon/rego'

/**
 * Every host builtin a module built by the CLI may call (reported at its call
 * site otherwise, by buildWasm): the names of a CLI run's host
 * implementations (Cordon's, the parser's, the custom ones) and the debug
 * builtins the runtime serves.
 */
export function availableHostBuiltins(custom: { definitions: readonly BuiltinDefinition[] }): ReadonlySet<string> {
  return new Set([
    ...hostBuiltinNames,
    ...regoParserBuiltins.keys(),
    ...custom.definitions.map((d) => d.name),
    ...Object.keys(runtimeDebugImpls),
  ])
}
