import { existsSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import {
  loadCases,
  readBaseline,
  readSkips,
  regressions,
  renderSummary,
  runCases,
  wasmBackend,
  writeBaseline,
  type RunSummary,
} from '../conformance/index.js'
import { UsageError } from '../usage-error.js'

export const conformanceHelp = `Usage: cordon conformance [--format pretty|json] [--filter REGEX] [--baseline FILE]
                          [--update-baseline] [--skips FILE] [--failures] [--v0-compatible] DIR...

Runs OPA's YAML conformance cases below DIR through compile → Wasm → evaluate.
A case listed in the baseline (default test/conformance/baseline.json) that no
longer passes makes the run exit 1. Skipped cases (default
test/conformance/skips.yaml) count as not passed. --v0-compatible reads the
cases' modules and queries as Rego v0 (OPA's v0 copy of the suite); its
defaults are test/conformance-v0/baseline.json and skips.yaml.`

/** `cordon conformance`: returns the exit code. */
export async function runConformance(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'pretty' },
      filter: { type: 'string' },
      baseline: { type: 'string' },
      'update-baseline': { type: 'boolean', default: false },
      skips: { type: 'string' },
      failures: { type: 'boolean', default: false },
      'v0-compatible': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    out(conformanceHelp + '\n')
    return 0
  }
  if (values.format !== 'pretty' && values.format !== 'json') throw new UsageError(`--format must be pretty or json, not ${values.format}`)
  if (positionals.length === 0) throw new UsageError('cordon conformance needs at least one DIR')
  let filter: RegExp | undefined
  try {
    filter = values.filter === undefined ? undefined : new RegExp(values.filter)
  } catch (err) {
    throw new UsageError(`--filter is not a valid regular expression: ${(err as Error).message}`)
  }
  for (const dir of positionals) if (!existsSync(dir)) throw new UsageError(`${dir}: no such file or directory`)

  const v0 = values['v0-compatible']
  const defaults = v0 ? 'test/conformance-v0' : 'test/conformance'
  const baselineFile = values.baseline ?? `${defaults}/baseline.json`
  const skipsFile = values.skips ?? `${defaults}/skips.yaml`

  // Case files are named relative to each DIR, so one baseline serves any checkout location.
  const cases = positionals
    .flatMap((dir) => loadCases(path.resolve(dir)))
    .filter((c) => !filter || filter.test(`${c.file}#${c.index} ${c.note}`))
  const progress = process.stderr.isTTY ? (n: number) => process.stderr.write(`\r${n}/${cases.length}`) : undefined
  let done = 0
  const summary = await runCases(cases, wasmBackend(undefined, v0 ? 'v0' : 'v1'), {
    skips: readSkips(skipsFile),
    onCase: () => progress?.(++done),
  })
  if (progress) process.stderr.write('\r')

  const baseline = readBaseline(baselineFile)
  if (values['update-baseline']) writeBaseline(baselineFile, baseline, summary.cases)
  const regressed = regressions(baseline, summary.cases)
  out(values.format === 'json' ? JSON.stringify(summary, null, 2) + '\n' : renderPretty(summary, values.failures, regressed.length))
  for (const r of regressed) process.stderr.write(`regression: ${r.file}#${r.index} ${r.note}: ${r.reason ?? r.status}\n`)
  return regressed.length > 0 ? 1 : 0
}

function renderPretty(summary: RunSummary, showFailures: boolean, regressedCount: number): string {
  const text = renderSummary(summary, { showFailures })
  return regressedCount > 0 ? text.replace(/\n([^\n]*)\n$/, `\n${regressedCount} regressions against the baseline\n$1\n`) : text
}
