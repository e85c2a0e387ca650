import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { formatDiagnostic, formatModule, parseModule } from '@cordon/rego'
import { findFiles } from '../fs/find-files.js'
import { unifiedDiff } from '../reporters/line-diff.js'
import { stdoutColour } from '../reporters/colour.js'
import { UsageError } from '../usage-error.js'

export const fmtHelp = `Usage: cordon fmt [--write|--list|--diff] [--fail] [--drop-v0-imports] [--v0-compatible] [--v0-v1]
                  [--check-result=false] [PATH...]

Formats Rego v1 files (and all *.rego files below folders) exactly as
'opa fmt' does, and prints the result. With no PATH it formats standard input.

  -w, --write          overwrite each file with its formatted source
  -l, --list           print the names of the files that would change
  -d, --diff           print a unified diff of the changes
      --fail           exit non-zero when a file would change (for CI); with
                       neither --list nor --diff, stops at the first such file
      --drop-v0-imports
                       drop 'import rego.v1' and 'future.keywords' imports
      --v0-compatible  read and write Rego v0, as 'opa fmt --v0-compatible'
      --v0-v1          read Rego v0 files and write them as v1 with
                       'import rego.v1', as 'opa fmt --v0-v1' (migration)
      --check-result   parse the formatted source again (default: true)

As with 'opa fmt', the first file that cannot be formatted (or that would
change under --fail) stops the run. Exit status: 0 when done, 1 when standard
input cannot be formatted, 2 when a file cannot be formatted or would change
under --fail, and 2 on a usage error or a PATH that does not exist.`

class FmtError extends Error {}

/** `cordon fmt`: returns the exit code; writes formatted sources, names or diffs to `out`. */
export async function runFmt(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      write: { type: 'boolean', short: 'w' },
      list: { type: 'boolean', short: 'l' },
      diff: { type: 'boolean', short: 'd' },
      fail: { type: 'boolean' },
      'drop-v0-imports': { type: 'boolean' },
      'v0-v1': { type: 'boolean' },
      'v0-compatible': { type: 'boolean' },
      'check-result': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    out(fmtHelp + '\n')
    return 0
  }
  const checkResult = values['check-result'] ?? 'true'
  if (checkResult !== 'true' && checkResult !== 'false') throw new UsageError('--check-result takes true or false')
  const v0ToV1 = values['v0-v1'] === true
  const v0Compatible = values['v0-compatible'] === true
  if (v0ToV1 && v0Compatible) throw new UsageError('use either --v0-compatible or --v0-v1, not both')
  const options = {
    dropV0Imports: values['drop-v0-imports'] === true,
    v0ToV1,
    v0Compatible,
    checkResult: checkResult === 'true',
  }

  if (positionals.length === 0) {
    const source = readFileSync(0, 'utf8')
    try {
      out(format('stdin', source, options))
      return 0
    } catch (e) {
      if (!(e instanceof FmtError)) throw e
      process.stderr.write(e.message + '\n')
      return 1
    }
  }

  const files = findFiles(positionals, ['.rego'])
  try {
    for (const file of files) {
      const source = readFileSync(file, 'utf8')
      const formatted = format(file, source, options)
      const changed = formatted !== source
      if (values.fail && !values.list && !values.diff && changed) throw new FmtError('unexpected diff')
      if (values.list) {
        if (changed) {
          out(file + '\n')
          if (values.fail) throw new FmtError('unexpected diff')
        }
      } else if (values.diff) {
        if (changed) {
          out(unifiedDiff(file, file, source, formatted, stdoutColour()))
          if (values.fail) throw new FmtError('unexpected diff')
        }
      } else if (values.write) {
        if (changed) writeFileSync(file, formatted)
      } else out(formatted)
    }
  } catch (e) {
    if (!(e instanceof FmtError)) throw e
    process.stderr.write(e.message + '\n')
    return 2
  }
  return 0
}

function format(
  file: string,
  source: string,
  options: { dropV0Imports: boolean; v0ToV1: boolean; v0Compatible: boolean; checkResult: boolean },
): string {
  const result = formatModule(source, {
    file,
    dropV0Imports: options.dropV0Imports,
    v0ToV1: options.v0ToV1,
    v0Compatible: options.v0Compatible,
  })
  if (result.formatted === undefined) {
    throw new FmtError(`failed to format Rego source file: ${result.diagnostics.map(formatDiagnostic).join('\n')}`)
  }
  if (options.checkResult) {
    const again = parseModule(result.formatted, {
      file: 'formatted',
      experimentalKeywords: true,
      regoVersion: options.v0Compatible ? 'v0' : 'v1',
    })
    if (again.diagnostics.length > 0) {
      throw new FmtError(
        `${file} was successfully formatted, but the result is invalid: ${again.diagnostics.map(formatDiagnostic).join('\n')}\n\nTo inspect the formatted Rego, you can turn off this check with --check-result=false.`,
      )
    }
  }
  return result.formatted
}
