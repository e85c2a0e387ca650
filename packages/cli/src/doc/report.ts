/** `cordon doc`'s report of the files below PATHs: read here, built by report-sources.ts. */
import { readFileSync } from 'node:fs'
import { findFiles } from '../fs/find-files.js'
import { loadPolicyFiles } from '../fs/load-policy.js'
import { isCasesFile } from '../test-runner/cases.js'
import { UsageError } from '../usage-error.js'
import { reportFromSources } from './report-sources.js'
import type { ReportOptions } from './types.js'

/** Builds the report of the files below `paths`, or returns the diagnostics when the policy does not compile. */
export async function buildReport(
  paths: readonly string[],
  options: ReportOptions = {},
): ReturnType<typeof reportFromSources> {
  const policy = loadPolicyFiles(paths)
  if (policy.sources.length === 0) throw new UsageError(`no .rego files found in ${paths.join(', ')}`)
  const read = (file: string) => ({ file, text: readFileSync(file, 'utf8') })
  const tables = findFiles(paths, ['.cases.yaml', '.cases.yml']).filter(isCasesFile).sort().map(read)
  return reportFromSources({ ...policy, dataFiles: policy.dataFiles.map(read), tables }, options)
}
