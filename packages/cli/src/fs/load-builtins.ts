/**
 * `--builtins MODULE` with Cordon's host implementations: what evaluating
 * commands (eval, test, doc, inspect) load. Checking and compiling need only
 * the definitions (builtin-definitions.ts), which import no host library.
 */
import type { BuiltinImpl } from '@cordon/builtins/core'
import { cliHostBuiltins, noCustomBuiltins, type CustomBuiltins } from '../custom-builtins.js'
import { loadBuiltinDefinitions } from './builtin-definitions.js'

export { builtinsHelp, builtinsOption, capabilitiesWith } from './builtin-definitions.js'
export { availableHostBuiltins, noCustomBuiltins, type CustomBuiltins } from '../custom-builtins.js'

/** Loads the modules; an unusable module or a clash of names is a UsageError naming the file. */
export async function loadBuiltins(files: readonly string[]): Promise<CustomBuiltins> {
  if (files.length === 0) return noCustomBuiltins
  const { definitions, decls } = await loadBuiltinDefinitions(files)
  return {
    definitions,
    decls,
    impls: new Map<string, BuiltinImpl>([...cliHostBuiltins, ...definitions.map((d) => [d.name, d] as const)]),
  }
}
