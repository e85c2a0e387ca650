/**
 * `--capabilities FILE` and `--experimental`, shared by check, build, test and
 * eval: what the policy may use. A capabilities file (OPA's format) limits
 * the builtins to those it lists, and its `future_keywords` listing `and`,
 * `or` or `not` turns the experimental keywords on, as `opa check
 * --capabilities` does (Regal's CI checks its bundle that way).
 * `--experimental` turns them on without a file. `--v0-compatible` reads
 * the policy as Rego v0, as OPA's flag does (a bundle's `.manifest` may still
 * name other versions for its files).
 */
import { readFileSync } from 'node:fs'
import { declsFromCapabilities, type BuiltinDecl } from '@cordon/builtins/declarations'
import type { RegoVersion } from '@cordon/rego'
import type { BuiltinDefinitions } from './builtin-definitions.js'
import { UsageError } from '../usage-error.js'

/** Spread into a command's `parseArgs` options. */
export const languageOptions = {
  capabilities: { type: 'string' as const },
  experimental: { type: 'boolean' as const, default: false },
  'v0-compatible': { type: 'boolean' as const, default: false },
}

/** The options' lines for a command's help. */
export const languageHelp = `--capabilities FILE   allow only the builtins listed in FILE (OPA's
                      capabilities.json format; 'cordon capabilities' writes
                      Cordon's own): any other call is a rego_type_error. Its
                      "future_keywords" with and/or/not enables them, as
                      --experimental does.
--experimental        allow the experimental keywords: a module may import
                      future.keywords.and, .or and .not
--v0-compatible       read the policy (and the query) as Rego v0, as OPA 1.x's
                      flag does: bodies without if, deny[msg] { … } partial
                      sets, if/contains/in/every only with future.keywords
                      imports; a file importing rego.v1 stays v1. A folder's
                      .manifest rego_version / file_rego_versions wins.`

/** The keywords whose import needs the experimental switch. */
const EXPERIMENTAL_KEYWORDS = new Set(['and', 'or', 'not'])

export interface LanguageSettings {
  /** The builtins of `--capabilities FILE`; undefined without it. */
  allowed?: Map<string, BuiltinDecl>
  experimentalKeywords: boolean
  /** The Rego version of files that do not name their own (`--v0-compatible`: v0). */
  regoVersion: RegoVersion
}

/** Reads the options' values; a bad capabilities file is a usage error. */
export function languageSettings(values: {
  capabilities?: string
  experimental?: boolean
  'v0-compatible'?: boolean
}): LanguageSettings {
  const regoVersion: RegoVersion = values['v0-compatible'] === true ? 'v0' : 'v1'
  if (values.capabilities === undefined) return { experimentalKeywords: values.experimental === true, regoVersion }
  const doc = readCapabilitiesFile(values.capabilities)
  const future = (doc as { future_keywords?: unknown }).future_keywords
  if (future !== undefined && !(Array.isArray(future) && future.every((k) => typeof k === 'string'))) {
    throw new UsageError(`--capabilities ${values.capabilities}: "future_keywords" must be an array of strings`)
  }
  let allowed: Map<string, BuiltinDecl>
  try {
    allowed = declsFromCapabilities(doc)
  } catch (err) {
    throw new UsageError(`--capabilities ${values.capabilities}: ${(err as Error).message}`)
  }
  const listed = (future ?? []).some((k) => EXPERIMENTAL_KEYWORDS.has(k))
  return { allowed, experimentalKeywords: values.experimental === true || listed, regoVersion }
}

/** Custom builtins whose declarations default to the capabilities' builtins instead of OPA's. */
export function restrictBuiltins<C extends BuiltinDefinitions>(
  custom: C,
  allowed: Map<string, BuiltinDecl> | undefined,
): C {
  if (allowed === undefined) return custom
  return { ...custom, decls: (base) => custom.decls(base ?? allowed) }
}

function readCapabilitiesFile(file: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new UsageError(`--capabilities ${file}: ${(err as Error).message}`)
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new UsageError(`--capabilities ${file}: ${(err as Error).message}`)
  }
}
