import { mkdtempSync, rmSync, watch, type FSWatcher } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { parseDuration } from '@cordon/builtins'
import type { RegoVersion } from '@cordon/rego'
import { languageHelp, languageOptions, languageSettings, restrictBuiltins } from '../fs/language-options.js'
import { ignoreNames, type IgnoreName } from '../fs/ignore-globs.js'
import { builtinsOption, loadBuiltins, type CustomBuiltins } from '../fs/load-builtins.js'
import { renderPretty } from '../reporters/pretty.js'
import { stderrColour, stdoutColour } from '../reporters/colour.js'
import { renderOpaCoverageJson, renderOpaTestJson } from '../test-runner/opa-json.js'
import { renderTestJson, renderTestJunit, renderTestPretty } from '../test-runner/report.js'
import type { CoverageReport, ExplainMode, TestReport } from '../test-runner/types.js'
import { runTests, type RunOutcome } from '../test-runner/run.js'
import { diskRunCache } from '../test-runner/run-cache.js'
import { parseMemo, type ParseMemo } from '../test-runner/parse-memo.js'
import type { RunCache } from '../test-runner/run-sources.js'
import { UsageError } from '../usage-error.js'
import { exitCodes } from '../exit-codes.js'

export const testHelp = `Usage: cordon test PATH... [--run REGEX] [--coverage] [--threshold PCT]
                   [--format pretty|json|opa-json|junit] [--strict] [--watch] [-v] [--ignore GLOB]...
                   [--timeout DURATION] [--explain fails|full|notes] [--var-values] [--bench]
                   [--cache DIR] [--parallel N]
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
  --format F        pretty (default), json, opa-json (the JSON of opa test --format
                    json; with --coverage, OPA's coverage report) or junit (JUnit XML)
  --timeout D       a test running longer than D (Go duration: 500ms, 5s, 1m) is
                    stopped and is an error; the others still run (default 5s,
                    30s with --bench, as opa test)
  --explain MODE    fails (default): the failing expression and its operands'
                    values; full: every expression of the failing test's body up
                    to the failing one; notes: trace() messages as notes. Lists
                    passing tests too (as opa test)
  --var-values      also the values of the local variables the failing expression uses
  --bench           run each test repeatedly: runs, ns/op, B/op and allocs/op, as
                    opa test --bench; B/op and allocs/op count the Wasm runtime's
                    allocator (opa_malloc calls and their bytes), not JavaScript's
                    (not with --coverage)
  --strict          builtin errors end a test as an error (default: undefined)
  --parallel N      evaluate the tests on N worker threads, as opa test --parallel;
                    results and their order are those of one (default: the
                    CPUs the process may use less the load average, at least 1)
  --cache DIR       keep the compiled module and the failing tests' explanations in
                    DIR, by a hash of the sources, the options and the compiler
                    (and the data, for explanations): a run with none of them
                    changed compiles nothing (--coverage still builds its
                    instrumented module). Entries are hash-checked; the folder
                    is kept under 256 MiB
  --watch           run again when a file below the PATHs changes; compiled
                    modules are cached in --cache DIR or a temporary folder
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
  format: 'pretty' | 'json' | 'opa-json' | 'junit'
  timeoutMs: number
  timeoutText: string
  explainMode?: ExplainMode
  varValues: boolean
  bench: boolean
  builtinFiles: string[]
  strict: boolean
  verbose: boolean
  builtins: CustomBuiltins
  experimentalKeywords: boolean
  regoVersion: RegoVersion
  ignore: IgnoreName
  cache?: RunCache
  parallel: number
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
      timeout: { type: 'string' },
      explain: { type: 'string' },
      'var-values': { type: 'boolean', default: false },
      bench: { type: 'boolean', default: false },
      cache: { type: 'string' },
      parallel: { type: 'string' },
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
  if (format !== 'pretty' && format !== 'json' && format !== 'opa-json' && format !== 'junit')
    throw new UsageError(`--format must be pretty, json, opa-json or junit, not ${format}`)
  const explainMode = values.explain
  if (explainMode !== undefined && explainMode !== 'fails' && explainMode !== 'full' && explainMode !== 'notes') {
    throw new UsageError(
      `--explain must be fails, full or notes, not ${explainMode}${explainMode === 'debug' ? " (OPA's debug trace needs its evaluator; see packages/cli/README.md)" : ''}`,
    )
  }
  const timeout = testTimeout(values.timeout, values.bench)
  let threshold: number | undefined
  if (values.threshold !== undefined) {
    threshold = Number(values.threshold)
    if (!/^\d+(\.\d+)?$/.test(values.threshold) || threshold > 100)
      throw new UsageError(`--threshold must be a percentage from 0 to 100, not ${values.threshold}`)
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
    ...timeout,
    explainMode,
    varValues: values['var-values'],
    bench: values.bench,
    builtinFiles: values.builtins,
    threshold,
    format,
    strict: values.strict,
    // As opa test: --explain lists every test.
    verbose: values.verbose || explainMode !== undefined,
    builtins: restrictBuiltins(await loadBuiltins(values.builtins), allowed),
    experimentalKeywords,
    regoVersion,
    ignore: ignoreNames(values.ignore),
    cache: values.cache === undefined ? undefined : cacheIn(values.cache),
    parallel: parallelism(values.parallel),
  }
  if (settings.bench && settings.coverage)
    throw new UsageError('coverage reporting is not supported when benchmarking tests (--bench with --coverage)')
  if (!values.watch) return once(settings, out)
  return watchLoop(settings, out)
}

const cacheWarning = (message: string) => process.stderr.write(`cordon test: ${message}\n`)

/**
 * `--parallel N`: a whole number from 1. Default: the CPUs this process may
 * use less the one-minute load average, at least 1. A second worker repeats
 * loading the engine and V8's compiling of the module's functions, which
 * only pays back when a CPU is free to run it (measured in the cli README).
 */
function parallelism(text: string | undefined): number {
  if (text === undefined) return Math.max(1, Math.floor(availableParallelism() - loadavg()[0]!))
  if (!/^[1-9]\d{0,3}$/.test(text))
    throw new UsageError(`--parallel must be a whole number from 1 to 9999, not ${text}`)
  return Number(text)
}

function cacheIn(dir: string): RunCache {
  try {
    return diskRunCache(dir, { warn: cacheWarning })
  } catch (err) {
    throw new UsageError(`--cache: cannot use ${dir} as a folder: ${(err as Error).message}`)
  }
}

function once(s: Settings, out: (text: string) => void, parse?: ParseMemo): number {
  const progress = progressLine()
  let outcome: RunOutcome
  try {
    outcome = runTests(s.paths, {
      run: s.run,
      coverage: s.coverage,
      strict: s.strict,
      explain: true,
      explainMode: s.explainMode,
      varValues: s.varValues,
      timeoutMs: s.timeoutMs,
      timeoutText: s.timeoutText,
      bench: s.bench,
      progress: progress.update,
      builtins: s.builtins,
      builtinFiles: s.builtinFiles,
      experimentalKeywords: s.experimentalKeywords,
      regoVersion: s.regoVersion,
      ignore: s.ignore,
      cache: s.cache,
      parallel: s.parallel,
      parse: parse?.parse,
    })
  } finally {
    progress.clear()
    parse?.endRun()
  }
  if (outcome.kind === 'diagnostics') {
    process.stderr.write(renderPretty(outcome.diagnostics, outcome.sources, stderrColour()))
    return exitCodes.policyError
  }
  const report = { ...outcome.report, ...(s.threshold !== undefined ? { threshold: s.threshold } : {}) }
  if (s.format === 'opa-json' && report.coverage) return opaCoverage(report, report.coverage, s, out)
  out(
    s.format === 'opa-json'
      ? renderOpaTestJson(report)
      : s.format === 'json'
        ? renderTestJson(report)
        : s.format === 'junit'
          ? renderTestJunit(report)
          : renderTestPretty(report, s.verbose, stdoutColour()),
  )
  const { fail, error } = report.summary
  if (fail + error > 0) return exitCodes.verdictFailed
  if (s.threshold !== undefined && report.coverage && report.coverage.coverage < s.threshold) {
    if (s.format !== 'pretty')
      process.stderr.write(`coverage ${report.coverage.coverage}% is below the threshold of ${s.threshold}%\n`)
    return exitCodes.verdictFailed
  }
  return 0
}

/**
 * `--coverage --format opa-json`, as opa test: the coverage report when every
 * test passed; otherwise the failures in pretty form; below the threshold,
 * OPA's message on stderr and no report. Exit status as the other formats.
 */
function opaCoverage(report: TestReport, coverage: CoverageReport, s: Settings, out: (text: string) => void): number {
  if (report.summary.fail + report.summary.error > 0) {
    out(renderTestPretty(report, false))
    return exitCodes.verdictFailed
  }
  if (s.threshold !== undefined && coverage.coverage < s.threshold) {
    process.stderr.write(
      `Code coverage threshold not met: got ${coverage.coverage.toFixed(2)} instead of ${s.threshold.toFixed(2)}\n`,
    )
    return exitCodes.verdictFailed
  }
  out(renderOpaCoverageJson(coverage))
  return 0
}

/** `--timeout`: Go's duration syntax; unset or 0 is OPA's default, 5s (30s with --bench). */
function testTimeout(text: string | undefined, bench: boolean): { timeoutMs: number; timeoutText: string } {
  let ns: bigint
  try {
    ns = text === undefined ? 0n : parseDuration(text)
  } catch {
    throw new UsageError(`--timeout must be a duration such as 500ms, 5s or 1m, not ${text}`)
  }
  if (ns < 0n) throw new UsageError(`--timeout must not be negative, not ${text}`)
  if (ns === 0n) return bench ? { timeoutMs: 30_000, timeoutText: '30s' } : { timeoutMs: 5_000, timeoutText: '5s' }
  return { timeoutMs: Number(ns) / 1e6, timeoutText: text! }
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
function watchLoop(settings: Settings, out: (text: string) => void): Promise<number> {
  // Without --cache, a folder of this session's own: a change recompiles, a change undone does not.
  const sessionDir = settings.cache ? undefined : mkdtempSync(path.join(tmpdir(), 'cordon-test-watch-'))
  const s = sessionDir ? { ...settings, cache: diskRunCache(sessionDir, { warn: cacheWarning }) } : settings
  // A change recompiles, but unchanged files are not parsed again.
  const parse = parseMemo()
  const runOnce = () => {
    try {
      const code = once(s, out, parse)
      out(`[watch] exit status ${code}; waiting for changes\n`)
    } catch (err) {
      process.stderr.write(`cordon test: ${(err as Error).message}\n`)
      out('[watch] waiting for changes\n')
    }
  }
  let timer: NodeJS.Timeout | undefined
  // Watching starts before the first run, so a change saved while it runs is not missed.
  const watchers: FSWatcher[] = s.paths.map((p) =>
    watch(p, { recursive: true }, () => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        out('[watch] change detected, running again\n')
        runOnce()
      }, 150)
    }),
  )
  runOnce()
  return new Promise(() => {
    process.once('SIGINT', () => {
      watchers.forEach((w) => w.close())
      if (sessionDir) rmSync(sessionDir, { recursive: true, force: true })
      process.exit(0)
    })
  })
}
