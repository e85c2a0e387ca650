/** `cordon doc`: the command; the report is built in ../doc/ (analysis, Markdown, HTML). */
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { renderHtml } from '../doc/html.js'
import { renderMarkdown } from '../doc/markdown.js'
import { buildReport } from '../doc/report.js'
import { testSummary } from '../doc/text.js'
import { builtinsHelp, builtinsOption, loadBuiltins } from '../fs/load-builtins.js'
import { renderPretty } from '../reporters/pretty.js'
import { UsageError } from '../usage-error.js'
import { exitCodes } from '../exit-codes.js'

export { buildReport, renderHtml, renderMarkdown }
export type { PolicyReport } from '../doc/types.js'

export const docHelp = `Usage: cordon doc PATH... [-o FILE] [--format md|html] [-e ENTRYPOINT]...
                  [-b BUNDLE] [--revision REV] [--no-tests] [--title TITLE]
                  [--builtins MODULE]...

Writes a report of the policy set below the PATHs for operators and auditors:
each package's and rule's METADATA annotations (title, description, legal
basis, owner, …), the data and input each rule reads (the data.… and input.…
refs in its body, imports resolved) and the rules it uses, the results of the
tests and decision tables (as cordon test runs them) with line coverage, and
the bundle revision: the one 'cordon build' gives the same PATHs, or the
manifest's revision of the bundle given with -b.

  -o FILE          write the report to FILE (default: standard output);
                   the format follows the extension (.html, .md)
  --format F       md (default) or html
  -b BUNDLE        report this built bundle's revision and check it has the
                   entrypoints
  --no-tests       do not run the tests
  --title TITLE    the report's title
${builtinsHelp}

Exit status: 0 written (even with failing tests: the report says so), 1 when
the policy does not compile, 2 on a usage error.`

/** `cordon doc`: returns the exit code. */
export async function runDoc(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      format: { type: 'string' },
      entrypoint: { type: 'string', short: 'e', multiple: true, default: [] },
      bundle: { type: 'string', short: 'b' },
      revision: { type: 'string' },
      'no-tests': { type: 'boolean', default: false },
      title: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...builtinsOption,
    },
  })
  if (values.help) {
    out(docHelp + '\n')
    return 0
  }
  if (positionals.length === 0) throw new UsageError('cordon doc needs at least one PATH')
  const format = values.format ?? (values.output && /\.html?$/i.test(values.output) ? 'html' : 'md')
  if (format !== 'md' && format !== 'html') throw new UsageError(`--format must be md or html, not ${format}`)
  if (values.bundle !== undefined && values.revision !== undefined)
    throw new UsageError('use either -b or --revision, not both')
  const built = await buildReport(positionals, {
    entrypoints: values.entrypoint,
    bundle: values.bundle === undefined ? undefined : new Uint8Array(readFileSync(values.bundle)),
    revision: values.revision,
    tests: !values['no-tests'],
    title: values.title,
    builtins: await loadBuiltins(values.builtins),
  })
  if ('diagnostics' in built) {
    process.stderr.write(renderPretty(built.diagnostics, built.sources))
    return exitCodes.policyError
  }
  const text = format === 'html' ? renderHtml(built.report) : renderMarkdown(built.report) + '\n'
  if (values.output) {
    writeFileSync(values.output, text)
    const t = built.report.tests
    out(
      `wrote ${values.output} (${built.report.packages.reduce((n, p) => n + p.rules.length, 0)} rules; revision ${built.report.revision}${t ? `; tests: ${testSummary(t)}` : ''})\n`,
    )
  } else out(text)
  return 0
}
