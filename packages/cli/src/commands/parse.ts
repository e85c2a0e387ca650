import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { goJson, moduleToOpaJson, parseModule } from '@cordon/rego'
import { renderPretty } from '../reporters/pretty.js'
import { UsageError } from '../usage-error.js'
import { exitCodes } from '../exit-codes.js'

export const parseHelp = `Usage: cordon parse [--format json] [--json-include OPTIONS] [--v0-compatible] FILE

Parses one Rego file and prints its AST as OPA's JSON, byte for byte what
\`opa parse --format json\` prints. --json-include takes a comma-separated
list: \`locations\` adds each node's location (file, row, col and its source
text, base64), \`-comments\` drops the comments (included by default); e.g.
--json-include locations,-comments. METADATA annotations are included.
--v0-compatible reads FILE as Rego v0, as OPA's flag does.
Exit status: 0 when the file parses, 1 on a parse error, 2 on a usage error.
(OPA's \`--format pretty\` tree is not produced: json is the only format.)`

/** `cordon parse`: returns the exit code. */
export function runParse(argv: string[], out: (text: string) => void): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'json' },
      'json-include': { type: 'string', default: '' },
      'v0-compatible': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    out(parseHelp + '\n')
    return 0
  }
  if (values.format !== 'json') throw new UsageError(`--format must be json, not ${values.format}`)
  if (positionals.length !== 1) throw new UsageError('cordon parse needs exactly one FILE')
  const include = jsonInclude(values['json-include'])
  const file = positionals[0]!
  const text = readFileSync(file, 'utf8')
  const { module, diagnostics } = parseModule(text, { file, regoVersion: values['v0-compatible'] ? 'v0' : 'v1' })
  if (!module || diagnostics.length > 0) {
    process.stderr.write(renderPretty(diagnostics, new Map([[file, text]])))
    return exitCodes.policyError
  }
  out(goJson(moduleToOpaJson(module, text, { ...include, annotations: true }), '  ') + '\n')
  return 0
}

/** OPA's reading of --json-include: each option names what it ends with; a leading `-` turns it off. */
function jsonInclude(spec: string): { locations: boolean; comments: boolean } {
  const out = { locations: false, comments: true }
  for (const opt of spec.split(',')) {
    const on = !opt.startsWith('-')
    if (opt.endsWith('locations')) out.locations = on
    else if (opt.endsWith('comments')) out.comments = on
    else if (opt !== '')
      throw new UsageError(`--json-include: unknown option ${opt} (use locations, comments, -locations, -comments)`)
  }
  return out
}
