/**
 * `cordon eval --explain fails|notes|full`: the query's rule evaluated on
 * an instrumented build (`@cordon/cli/explain`), the result set printed as
 * `cordon eval` prints it, then the trace next to the source lines; with
 * `--format json`, one object `{ "result": …, "explanation": … }`.
 */
import type { RegoVersion, SourceFile } from '@cordon/rego'
import { explain } from '../explain/explain.js'
import { renderExplain, type RenderMode } from '../explain/render.js'
import type { CustomBuiltins } from '../fs/load-builtins.js'
import { exitCodes } from '../exit-codes.js'
import { opaErrorText } from '../reporters/eval-error.js'
import { renderPretty } from '../reporters/pretty.js'
import { UsageError } from '../usage-error.js'

const explainModes: readonly RenderMode[] = ['fails', 'notes', 'full']

export interface EvalExplainRequest {
  mode: string
  format: string
  query: string
  sources: SourceFile[]
  data: unknown
  /** The input document's JSON text, if any. */
  input?: string
  strict: boolean
  regoVersion?: RegoVersion
  experimentalKeywords?: boolean
  custom: CustomBuiltins
}

/** Checks the flags; throws UsageError on a bad one. */
function explainMode(mode: string, format: string): RenderMode {
  if (!(explainModes as readonly string[]).includes(mode))
    throw new UsageError(`--explain must be fails, notes or full, not ${mode}`)
  if (format !== 'pretty' && format !== 'json') throw new UsageError(`--format must be pretty or json, not ${format}`)
  return mode as RenderMode
}

/** A query `--explain` can trace: a ref to a rule or package (`data.pkg.rule`, `pkg/rule`). */
function explainedRule(query: string): string {
  const q = query.trim()
  if (!/^(data\.)?[A-Za-z_][\w]*([./][A-Za-z_][\w]*)*$/.test(q)) {
    throw new UsageError(
      `--explain traces one rule: QUERY must be a rule ref such as data.pkg.rule, not ${JSON.stringify(query)}`,
    )
  }
  return q
}

export async function runEvalExplain(r: EvalExplainRequest, out: (text: string) => void): Promise<number> {
  const mode = explainMode(r.mode, r.format)
  const outcome = await explain({
    sources: r.sources,
    entrypoint: explainedRule(r.query),
    input: r.input === undefined ? undefined : JSON.parse(r.input),
    data: r.data,
    regoVersion: r.regoVersion,
    experimentalKeywords: r.experimentalKeywords,
    strict: r.strict,
    builtins: { decls: r.custom.decls(), impls: r.custom.impls },
    print: (m) => process.stderr.write(m + '\n'),
  })
  const texts = new Map(r.sources.map((s) => [s.file, s.text]))
  if (outcome.kind === 'diagnostics') {
    process.stderr.write(renderPretty(outcome.diagnostics, texts))
    return exitCodes.policyError
  }
  if (outcome.kind === 'error') {
    process.stderr.write(`${opaErrorText(outcome.code, outcome.message)}\n`)
    if (outcome.trace)
      out(
        r.format === 'json'
          ? JSON.stringify({ explanation: outcome.trace }, null, 2) + '\n'
          : renderExplain(outcome.trace, texts, mode),
      )
    return exitCodes.policyError
  }
  if (r.format === 'json') out(JSON.stringify({ result: outcome.result, explanation: outcome.trace }, null, 2) + '\n')
  else out(JSON.stringify(outcome.result, null, 2) + '\n\n' + renderExplain(outcome.trace, texts, mode))
  return 0
}
