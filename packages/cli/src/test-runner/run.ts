/**
 * `runTests`: the files below the paths, read from disk, run by `runSources`
 * (run-sources.ts); under `--timeout` the evaluations happen on worker
 * threads (`--parallel` of them) that are terminated at the deadline.
 */
import { findFiles } from '../fs/find-files.js'
import type { IgnoreName } from '../fs/ignore-globs.js'
import { loadPolicyFiles } from '../fs/load-policy.js'
import { UsageError } from '../usage-error.js'
import { isCasesFile } from './cases.js'
import { readFileSync } from 'node:fs'
import { runSources, type RunModules, type RunOptions, type RunOutcome } from './run-sources.js'
import { newSignal, startWorker, stopWorker, workerEvaluator, type StartedWorker } from './worker-evaluator.js'

export type { RunOptions, RunOutcome } from './run-sources.js'

/** Options only a run from disk has. */
export interface DiskRunOptions extends RunOptions {
  /** Files and folders below the paths to skip, by name (`--ignore`). */
  ignore?: IgnoreName
  /** `--builtins` files, loaded again by the worker when there is a timeout. */
  builtinFiles?: readonly string[]
  /** `--parallel`: how many worker threads share the evaluations when there is a timeout (default 1). */
  parallel?: number
}

/** Runs the tests below `paths`. Throws UsageError for unusable arguments or tables. */
export function runTests(paths: readonly string[], options: DiskRunOptions = {}): RunOutcome {
  // Under a deadline, the workers load their code while this thread compiles.
  const signal = newSignal()
  const workers = options.timeoutMs
    ? Array.from({ length: Math.max(1, options.parallel ?? 1) }, () => startWorker(signal))
    : []
  try {
    return run(paths, options, workers)
  } finally {
    workers.forEach(stopWorker)
  }
}

function run(paths: readonly string[], options: DiskRunOptions, workers: StartedWorker[]): RunOutcome {
  const named = paths.filter(isCasesFile)
  const policyPaths = paths.filter((p) => !isCasesFile(p))
  const policy = loadPolicyFiles(policyPaths, options.ignore)
  const tableFiles = [
    ...new Set([
      ...named,
      ...findFiles(policyPaths, ['.cases.yaml', '.cases.yml'], options.ignore).filter(isCasesFile),
    ]),
  ].sort()
  if (policy.sources.length === 0 && tableFiles.length === 0)
    throw new UsageError(`no .rego or .cases.yaml files found in ${paths.join(', ')}`)
  const tables = tableFiles.map((file) => ({ file, text: readFileSync(file, 'utf8') }))
  const evaluatorFor =
    workers.length > 0
      ? (m: RunModules) =>
          workerEvaluator(
            workers,
            { ...m, builtinFiles: [...(options.builtinFiles ?? [])] },
            options.timeoutMs!,
            options.timeoutText ?? `${options.timeoutMs}ms`,
          )
      : undefined
  return runSources({ sources: policy.sources, data: policy.data, tables }, options, evaluatorFor)
}
