/**
 * `rego.parse_module(filename, source)`: the module's AST as OPA's JSON
 * (comments included, annotations not processed, no locations on nodes, as
 * OPA's builtin: `ast.ParseModule` then `json.Encode`).
 *
 * It needs the parser, so it lives here and not in `@cordon/builtins`: the
 * run-time packages never import the compiler. It is an opt-in host builtin:
 * whoever runs a module that calls it hands `regoParserBuiltins` to the
 * engine (`hostBuiltins` / `builtins`), as the CLI's eval, test and
 * conformance do. A module that calls it and is loaded without it is refused
 * at load time, naming it.
 */
import {
  BuiltinError,
  fromJson,
  numberFromText,
  typeError,
  type BuiltinImpl,
  type Value,
} from '@cordon/builtins/declarations'
import type { Diagnostic } from '../../diagnostics.js'
import { parseModule } from '../parse.js'
import { JsonNumber, type GoJson } from './go-json.js'
import { moduleToOpaJson } from './opa-ast.js'

export const REGO_PARSE_MODULE = 'rego.parse_module'

/** Sources larger than this are refused: the AST of a module is many times its text. */
export const MAX_PARSE_MODULE_SOURCE = 1 << 20

const regoParseModule: BuiltinImpl = ([file, source]) => {
  if (typeof file !== 'string') throw typeError(REGO_PARSE_MODULE, 1, 'string', file ?? null)
  if (typeof source !== 'string') throw typeError(REGO_PARSE_MODULE, 2, 'string', source ?? null)
  if (source.length > MAX_PARSE_MODULE_SOURCE) {
    throw new BuiltinError(
      'eval_builtin_error',
      `${REGO_PARSE_MODULE}: source of ${source.length} characters exceeds the limit of ${MAX_PARSE_MODULE_SOURCE}`,
    )
  }
  const { module, diagnostics } = parseModule(source, { file })
  if (!module || diagnostics.length > 0)
    throw new BuiltinError('eval_builtin_error', `${REGO_PARSE_MODULE}: ${opaErrorsText(diagnostics)}`)
  return toValue(moduleToOpaJson(module, source, { comments: true }))
}

/** The builtins that need the parser at run time, for an engine's host builtins. */
export const regoParserBuiltins: ReadonlyMap<string, BuiltinImpl> = new Map([[REGO_PARSE_MODULE, regoParseModule]])

/** OPA's `ast.Errors` text: `1 error occurred: file:row: code: message` (several: one per line). */
export function opaErrorsText(diagnostics: readonly Diagnostic[]): string {
  const one = (d: Diagnostic) => {
    const at = d.location.file ? `${d.location.file}:${d.location.row}` : `${d.location.row}:${d.location.col}`
    return `${at}: ${d.code}: ${d.message}`
  }
  if (diagnostics.length === 1) return `1 error occurred: ${one(diagnostics[0]!)}`
  return `${diagnostics.length} errors occurred:\n${diagnostics.map(one).join('\n')}`
}

function toValue(j: GoJson): Value {
  return fromJson(plainJson(j))
}

function plainJson(j: GoJson): unknown {
  if (j instanceof JsonNumber) return numberFromText(j.text)
  if (Array.isArray(j)) return j.map(plainJson)
  if (j !== null && typeof j === 'object')
    return Object.fromEntries(Object.entries(j).map(([k, v]) => [k, plainJson(v)]))
  return j
}
