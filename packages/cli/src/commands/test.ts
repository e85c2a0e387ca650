import { watch, type FSWatcher } from 'node:fs'
import { parseArgs } from 'node:util'
import type { RegoVersion } from '@cordon/rego'
import { languageHelp, languageOptions, languageSettings, restrictBuiltins } from '../fs/language-options.js'
import { ignoreNames, type IgnoreName } from '../fs/ignore-globs.js'
import { builtinsOption, loadBuiltins, type CustomBuiltins } from '../fs/load-builtins.js'
import { renderPretty } from '../reporters/pretty.js'
import { renderTestJson, renderTestJunit, renderTestPretty } from '../test-runner/report.js'
import { runTests, type RunOutcome } from '../test-runner/run.js'
import { UsageError } from '../usage-error.js'
import { exitCodes } from '../exit-codes.js'

export const testHelp = `Usage: cordon test PATH... [--run REGEX] [--coverage] [--threshold PCT]
                   [--format pretty|json|junit] [--strict] [--watch] [-v] [--ignore GLOB]...
                   [--capabilities FILE] [--experimental] [--v0-compatible] [--builtins MODULE]...

Compiles the Rego files below the PATHs (policies and tests together) to one
Wasm module with every test_* rule as an entrypoint, and runs each test
against it: a test passes when its value is defined and not false. todo_test_*
rules are reported as skipped. Decision tables (*.cases.yaml) below the PATHs
are run too. data.json/data.yaml files are loaded as for cordon build.

  --run REGEX       only tests (data.pkg.test_x) and cases (file#name) matching REGEX
  --ignore GLOB     skip files and folders below the PATHs whose name matches GLOB
                    (as opa test --ignore, e.g. '*.yaml'); repeatable
  --coverage        report covered and not-covered lines of policy files
  --threshold PCT   fail when coverage is below PCT (implies --coverage)
  --format F        pretty (default), json or junit (JUnit XML)
  --strict          builtin errors end a test as an error (default: undefined)
  --watch           run again when a file below the PATHs changes
  -v, --verbose     list passing tests too
  --builtins MODULE custom builtins (defineBuiltin) from an ES module; repeatable
${languageHelp.replace(/^/gm, '  ')}

Exit status (as opa test): 0 all passed, 1 the policy or a test file does not
compile or load, 2 a test failed or errored, or coverage is below the
threshold; 2 also on a usage error.`

interface Settings {
  paths: string[]
  run?: RegExp
  coverage: boolean
  threshold?: number
  format: 'pretty' | 'json' | 'junit'
  strict: boolean
  verbose: boolean
  builtins: CustomBuiltins
  experimentalKeywords: boolean
  regoVersion: RegoVersion
  ignore: IgnoreName
}

/** `cordon test`: returns the exit code (with --watch, never returns). */
export async function runTest(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      run: { type: 'string' },
      ignore: { type: 'string', multiple: true, default: [] },
      coverage: { type: 'boolean', default: false },
      threshold: { type: 'string' },
      format: { type: 'string', default: 'pretty' },
      strict: { type: 'boolean', default: false },
      watch: { type: 'boolean', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
      help: { type: 'boolean', short: 'h' },
      ...languageOptions,
      ...builtinsOption,
    },
  })
  if (values.help) {
    out(testHelp + '\n')
    return 0
  }
  if (positionals.length === 0) throw new UsageError('cordon test needs at least one PATH')
  const format = values.format
  if (format !== 'pretty' && format !== 'json' && format !== 'junit') throw new UsageError(`--format must be pretty, json or junit, not ${format}`)
  let threshold: number | undefined
  if (values.threshold !== undefined) {
    threshold = Number(values.threshold)
    if (!/^\d+(\.\d+)?$/.test(values.threshold) || threshold > 100) throw new UsageError(`--threshold must be a percentage from 0 to 100, not ${values.threshold}`)
  }
  let run: RegExp | undefined
  if (values.run !== undefined) {
    try {
      run = new RegExp(values.run)
    } catch (err) {
      throw new UsageError(`--run: ${(err as Error).message}`)
    }
  }
  const { allowed, experimentalKeywords, regoVersion } = languageSettings(values)
  const settings: Settings = {
    paths: positionals,
    run,
    coverage: values.coverage || threshold !== undefined,
    threshold,
    format,
    strict: values.strict,
    verbose: values.verbose,
    builtins: restrictBuiltins(await loadBuiltins(values.builtins), allowed),
    experimentalKeywords,
    regoVersion,
    ignore: ignoreNames(values.ignore),
  }
  if (!values.watch) return once(settings, out)
  return watchLoop(settings, out)
}

function once(s: Settings, out: (text: string) => void): number {
  const progress = progressLine()
  let outcome: RunOutcome
  try {
    outcome = runTests(s.paths, { run: s.run, coverage: s.coverage, strict: s.strict, explain: true, progress: progress.update, builtins: s.builtins, experimentalKeywords: s.experimentalKeywords, regoVersion: s.regoVersion, ignore: s.ignore })
  } finally {
    progress.clear()
  }
  if (outcome.kind === 'diagnostics') {
    process.stderr.write(renderPretty(outcome.diagnostics, outcome.sources))
    return exitCodes.policyError
  }
  const report = { ...outcome.report, ...(s.threshold !== undefined ? { threshold: s.threshold } : {}) }
  out(s.format === 'json' ? renderTestJson(report) : s.format === 'junit' ? renderTestJunit(report) : renderTestPretty(report, s.verbose))
  const { fail, error } = report.summary
  if (fail + error > 0) return exitCodes.verdictFailed
  if (s.threshold !== undefined && report.coverage && report.coverage.coverage < s.threshold) {
    if (s.format !== 'pretty') process.stderr.write(`coverage ${report.coverage.coverage}% is below the threshold of ${s.threshold}%\n`)
    return exitCodes.verdictFailed
  }
  return 0
}

/** Progress on a terminal for long runs: `running tests 12/40` on stderr, rewritten in place. */
function progressLine(): { update: (done: number, total: number) => void; clear: () => void } {
  const tty = process.stderr.isTTY === true
  let last = 0
  let shown = false
  return {
    update(done, total) {
      if (!tty || total < 20) return
      const now = Date.now()
      if (now - last < 100 && done < total) return
      last = now
      shown = true
      process.stderr.write(`\rrunning tests ${done}/${total}`)
    },
    clear() {
      if (shown) process.stderr.write('\r\x1b[K')
    },
  }
}

/** Runs, then runs again (debounced) whenever a file below the paths changes. Never resolves. */
function watchLoop(s: Settings, out: (text: string) => void): Promise<number> {
  const runOnce = () => {
    try {
      const code = once(s, out)
      out(`[watch] exit status ${code}; waiting for changes\n`)
    } catch (err) {
      process.stderr.write(`cordon test: ${(err as Error).message}\n`)
      out('[watch] waiting for changes\n')
    }
  }
  runOnce()
  let timer: NodeJS.Timeout | undefined
  const watchers: FSWatcher[] = s.paths.map((p) =>
    watch(p, { recursive: true }, () => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        out('[watch] change detected, running again\n')
        runOnce()
      }, 150)
    }),
  )
  return new Promise(() => {
    process.once('SIGINT', () => {
      watchers.forEach((w) => w.close())
      process.exit(0)
    })
  })
}
