import { compareLocations, formatLocation, type Location } from './location.js'

/** The stable error codes, the same strings OPA uses so users recognise them. */
export type DiagnosticCode =
  'rego_parse_error' | 'rego_compile_error' | 'rego_type_error' | 'rego_unsafe_var_error' | 'rego_recursion_error'

/** One problem found in a policy. Stages collect these; they never throw them. */
export interface Diagnostic {
  code: DiagnosticCode
  message: string
  location: Location
  /** Extra lines shown under the message (e.g. the expected and actual types). */
  details?: string[]
  /** A suggestion about one token: "did you mean contains?", shown with the caret under that token. */
  hint?: Hint
}

export interface Hint {
  message: string
  location: Location
}

/** How many diagnostics a run reports before it stops looking for more. */
export const DEFAULT_ERROR_LIMIT = 10

/** Formats `file:row:col: code: message`, the one-line form of a diagnostic. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${formatLocation(d.location)}: ${d.code}: ${d.message}`
}

/** Sorts diagnostics by location and drops exact repeats (same code, place and message). */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>()
  const out: Diagnostic[] = []
  for (const d of [...list].sort((a, b) => compareLocations(a.location, b.location))) {
    const key = `${formatDiagnostic(d)}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(d)
  }
  return out
}
