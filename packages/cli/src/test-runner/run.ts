/**
 * `runTests`: the files below the paths, read from disk, run by `runSources`
 * (run-sources.ts); under `--timeout` the evaluations happen on a worker
 * thread that is terminated at the deadline.
 */
import { findFiles } from '../fs/find-files.js'
import type { IgnoreName } from '../fs/ignore-globs.js'
import { loadPolicyFiles } from '../fs/load-policy.js'
import { UsageError } from '../usage-error.js'
import { isCasesFile } from './cases.js'
import { readFileSync } from 'node:fs'
import { runSources, type RunModules, type RunOptions, type RunOutcome } from './run-sources.js'
import { startWorker, stopWorker, workerEvaluator, type StartedWorker } from './worker-evaluator.js'

export type { RunOptions, RunOutcome } from './run-sources.js'

/** Options only a run from disk has. */
export interface DiskRunOptions extends RunOptions {
  /** Files and folders below the paths to skip, by name (`--ignore`). */
  ignore?: IgnoreName
  /** `--builtins` files, loaded again by the worker when there is a timeout. */
  builtinFiles?: readonly string[]
}

/** Runs the tests below `paths`. Throws UsageError for unusable arguments or tables. */
export function runTests(paths: readonly string[], options: DiskRunOptions = {}): RunOutcome {
  // Under a deadline, the worker loads its code while this thread compiles.
  const worker = options.timeoutMs ? startWorker() : undefined
  try {
    return run(paths, options, worker)
  } finally {
    if (worker) stopWorker(worker)
  }
}

function run(paths: readonly string[], options: DiskRunOptions, worker: StartedWorker | undefined): RunOutcome {
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
  const evaluatorFor = worker
    ? (m: RunModules) =>
        workerEvaluator(
          worker,
          { ...m, builtinFiles: [...(options.builtinFiles ?? [])] },
          options.timeoutMs!,
          options.timeoutText ?? `${options.timeoutMs}ms`,
        )
    : undefined
  return runSources({ sources: policy.sources, data: policy.data, tables }, options, evaluatorFor)
}
