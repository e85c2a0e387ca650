import { existsSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import {
  conformanceSuites,
  isSuiteName,
  loadCases,
  reproduceCommand,
  readBaseline,
  readSkips,
  regressions,
  renderSummary,
  runCases,
  wasmBackend,
  writeBaseline,
  type CaseSource,
  type RunSummary,
} from '../conformance/index.js'
import { UsageError } from '../usage-error.js'

export const conformanceHelp = `Usage: cordon conformance [--format pretty|json] [--filter REGEX] [--baseline FILE]
                          [--update-baseline] [--skips FILE] [--failures]
                          (--suite v1|v0 | [--v0-compatible] DIR...)

Runs OPA's YAML conformance cases below DIR through compile → Wasm → evaluate.
--suite v1 runs ../shared/conformance/cases and --suite v0 its Rego v0 copy
(../shared/conformance-v0/cases; $CORDON_SHARED names another folder than
../shared), from the repository root. A case listed in the baseline (default
test/conformance/baseline.json) that no longer passes makes the run exit 1.
Skipped cases (default test/conformance/skips.yaml) count as not passed.
--v0-compatible reads the cases' modules and queries as Rego v0 (OPA's v0
copy of the suite); its defaults are test/conformance-v0/baseline.json and
skips.yaml. --filter matches 'FILE#INDEX NOTE'; each failure and regression
is printed with the command that reruns it alone.`

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
      suite: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    out(conformanceHelp + '\n')
    return 0
  }
  if (values.format !== 'pretty' && values.format !== 'json')
    throw new UsageError(`--format must be pretty or json, not ${values.format}`)
  if (values.suite !== undefined && !isSuiteName(values.suite))
    throw new UsageError(`--suite must be v1 or v0, not ${values.suite}`)
  const suites = conformanceSuites(process.cwd())
  const suite = values.suite === undefined ? undefined : suites[values.suite]
  if (suite && (positionals.length > 0 || values['v0-compatible']))
    throw new UsageError('use either --suite or DIRs (with --v0-compatible), not both')
  if (!suite && positionals.length === 0) throw new UsageError('cordon conformance needs --suite or at least one DIR')
  let filter: RegExp | undefined
  try {
    filter = values.filter === undefined ? undefined : new RegExp(values.filter)
  } catch (err) {
    throw new UsageError(`--filter is not a valid regular expression: ${(err as Error).message}`)
  }
  const dirs = suite ? [suite.casesDir] : positionals
  for (const dir of dirs) if (!existsSync(dir)) throw new UsageError(`${dir}: no such file or directory`)

  // Without --suite, the baseline and skips of the suite of that language version.
  const defaults = suite ?? suites[values['v0-compatible'] ? 'v0' : 'v1']
  const baselineFile = values.baseline ?? defaults.baselineFile
  const skipsFile = values.skips ?? defaults.skipsFile
  const source: CaseSource = suite ? { suite: suite.name } : { dirs, v0: values['v0-compatible'] }
  const rerun = (c: { file: string; index: number }) => reproduceCommand(c, source)

  // Case files are named relative to each DIR, so one baseline serves any checkout location.
  const cases = dirs
    .flatMap((dir) => loadCases(path.resolve(dir)))
    .filter((c) => !filter || filter.test(`${c.file}#${c.index} ${c.note}`))
  const progress = process.stderr.isTTY ? (n: number) => process.stderr.write(`\r${n}/${cases.length}`) : undefined
  let done = 0
  const summary = await runCases(cases, wasmBackend(undefined, defaults.regoVersion), {
    skips: readSkips(skipsFile),
    onCase: () => progress?.(++done),
  })
  if (progress) process.stderr.write('\r')

  const baseline = readBaseline(baselineFile)
  if (values['update-baseline']) writeBaseline(baselineFile, baseline, summary.cases)
  const regressed = regressions(baseline, summary.cases)
  out(
    values.format === 'json'
      ? JSON.stringify(summary, null, 2) + '\n'
      : renderPretty(summary, values.failures, regressed.length, rerun),
  )
  for (const r of regressed)
    process.stderr.write(`regression: ${r.file}#${r.index} ${r.note}: ${r.reason ?? r.status}\n  rerun: ${rerun(r)}\n`)
  return regressed.length > 0 ? 1 : 0
}

function renderPretty(
  summary: RunSummary,
  showFailures: boolean,
  regressedCount: number,
  reproduce: (c: { file: string; index: number }) => string,
): string {
  const text = renderSummary(summary, { showFailures, reproduce })
  return regressedCount > 0
    ? text.replace(/\n([^\n]*)\n$/, `\n${regressedCount} regressions against the baseline\n$1\n`)
    : text
}
