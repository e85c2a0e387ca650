import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { checkSources, type Diagnostic, type SourceFile } from '@cordon/rego'
import { findFiles } from '../fs/find-files.js'
import { languageHelp, languageOptions, languageSettings } from '../fs/language-options.js'
import { builtinsHelp, builtinsOption, loadBuiltins } from '../fs/load-builtins.js'
import { loadSchemas } from '../fs/load-schemas.js'
import { applyManifestRegoVersions } from '../fs/manifest-rego-versions.js'
import { renderJson } from '../reporters/json.js'
import { renderPretty } from '../reporters/pretty.js'
import { stdoutColour } from '../reporters/colour.js'
import { UsageError } from '../usage-error.js'
import { exitCodes } from '../exit-codes.js'

export const checkHelp = `Usage: cordon check [--format pretty|json] [--max-errors N] [-S|--strict]
                    [-s|--schema FILE|DIR] [--capabilities FILE] [--experimental]
                    [--v0-compatible] [--builtins MODULE]... PATH...

Parses and checks the Rego files (and all *.rego files below folders) as one
policy. --max-errors N stops after N errors (default 10; 0 or -1: no limit, as
in OPA). --strict adds OPA's strict-mode errors: unused imports, unused local
assignments and function arguments, deprecated builtins. --schema types
input with a JSON Schema file, or loads a folder of schemas as OPA does
(input.json types input; the others are schema.<path> for METADATA schemas:
annotations), and references to keys a schema does not have are errors. Exit status: 0 when clean, 1 when there are errors, 2 on a usage error.

${languageHelp}
${builtinsHelp}`

/** `cordon check`: returns the exit code; writes the report to `out`. */
export async function runCheck(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinNegativeValue(argv, '--max-errors'),
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'pretty' },
      'max-errors': { type: 'string' },
      strict: { type: 'boolean', short: 'S' },
      schema: { type: 'string', short: 's' },
      help: { type: 'boolean', short: 'h' },
      ...languageOptions,
      ...builtinsOption,
    },
  })
  if (values.help) {
    out(checkHelp + '\n')
    return 0
  }
  const format = values.format
  if (format !== 'pretty' && format !== 'json') throw new UsageError(`--format must be pretty or json, not ${format}`)
  const errorLimit = maxErrors(values['max-errors'])
  if (positionals.length === 0) throw new UsageError('cordon check needs at least one PATH')

  const { allowed, experimentalKeywords, regoVersion } = languageSettings(values)
  const files = findFiles(positionals, ['.rego'])
  if (files.length === 0) throw new UsageError(`no .rego files found in ${positionals.join(', ')}`)
  const sources = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]))
  const regoFiles = [...sources].map(([file, text]): SourceFile => ({ file, text }))
  applyManifestRegoVersions(positionals, regoFiles)
  const { diagnostics } = checkSources(regoFiles, {
    errorLimit,
    experimentalKeywords,
    regoVersion,
    strict: values.strict,
    schemas: values.schema === undefined ? {} : loadSchemas(values.schema),
    builtins: (await loadBuiltins(values.builtins)).decls(allowed),
  })
  out(render(format, diagnostics, sources, files.length))
  return diagnostics.length === 0 ? exitCodes.ok : exitCodes.policyError
}

/** `--max-errors -1` as `--max-errors=-1`: parseArgs refuses a value that starts with a dash. */
function joinNegativeValue(argv: string[], option: string): string[] {
  const joined: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1]
    if (argv[i] === option && next !== undefined && /^-\d+$/.test(next)) {
      joined.push(`${option}=${next}`)
      i++
    } else joined.push(argv[i]!)
  }
  return joined
}

/** OPA's meaning: N errors at most; zero or a negative number means no limit. */
function maxErrors(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (text.trim() === '' || !Number.isInteger(n))
    throw new UsageError(`--max-errors takes a whole number (-1: no limit), not ${text}`)
  return n <= 0 ? Infinity : n
}

function render(
  format: 'pretty' | 'json',
  diagnostics: Diagnostic[],
  sources: Map<string, string>,
  fileCount: number,
): string {
  if (format === 'json') return renderJson(diagnostics)
  const c = stdoutColour()
  if (diagnostics.length === 0)
    return c.green(`${fileCount} file${fileCount === 1 ? '' : 's'} checked, no errors`) + '\n'
  return renderPretty(diagnostics, sources, c)
}
