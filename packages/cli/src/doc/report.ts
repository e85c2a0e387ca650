/** `cordon doc`'s report: check the policy, take the revision, run the tests, document the packages. */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { normalizeEntrypoint, readBundle } from '@cordon/engine'
import { annotatedEntrypoints, checkSources, entrypointAnnotations } from '@cordon/rego'
import { buildChecked, writeBundle } from '@cordon/wasm'
import { loadPolicyFiles } from '../fs/load-policy.js'
import { runTests } from '../test-runner/run.js'
import type { TestReport } from '../test-runner/types.js'
import { UsageError } from '../usage-error.js'
import { documentPackages } from './analysis.js'
import type { PolicyReport, ReportOptions } from './types.js'

/** Builds the report, or returns the diagnostics when the policy does not compile. */
export async function buildReport(
  paths: readonly string[],
  options: ReportOptions = {},
): Promise<{ report: PolicyReport } | { diagnostics: ReturnType<typeof checkSources>['diagnostics']; sources: Map<string, string> }> {
  const policy = loadPolicyFiles(paths)
  if (policy.sources.length === 0) throw new UsageError(`no .rego files found in ${paths.join(', ')}`)
  const sources = new Map(policy.sources.map((s) => [s.file, s.text]))
  const checked = checkSources(policy.sources, { builtins: options.builtins?.decls() })
  if (checked.diagnostics.length > 0 || !checked.compiled) return { diagnostics: checked.diagnostics, sources }
  const compiled = checked.compiled

  const entrypoints = [...new Set([...(options.entrypoints ?? []).map(normalizeEntrypoint), ...annotatedEntrypoints(checked.modules)])].sort()
  let revision: string
  let revisionSource: PolicyReport['revisionSource']
  if (options.bundle) {
    const bundle = await readBundle(options.bundle)
    revision = bundle.manifest.revision ?? '(none)'
    revisionSource = 'bundle'
    const inBundle = (bundle.manifest.wasm ?? []).map((w) => normalizeEntrypoint(w.entrypoint))
    const missing = entrypoints.filter((e) => !inBundle.includes(e))
    if (missing.length > 0) throw new UsageError(`the bundle has no entrypoint ${missing.join(', ')}: was it built from these PATHs?`)
  } else {
    // The revision `cordon build` gives the same PATHs: a digest of the module and the data.
    if (entrypoints.length === 0) throw new UsageError('no entrypoint: pass -e pkg/rule or annotate a rule with METADATA entrypoint: true')
    const built = buildChecked(compiled, { entrypoints })
    if (!built.wasm) return { diagnostics: built.diagnostics, sources }
    const bytes = await writeBundle({
      wasm: built.wasm,
      data: policy.data,
      entrypoints,
      revision: options.revision,
      annotations: Object.fromEntries(entrypoints.map((e) => [e, entrypointAnnotations(checked.modules, e)])),
    })
    revision = (await readBundle(bytes)).manifest.revision ?? '(none)'
    revisionSource = 'computed'
  }

  let tests: TestReport | undefined
  let testsNote: string | undefined
  if (options.tests === false) testsNote = 'not run (--no-tests)'
  else {
    try {
      const outcome = runTests(paths, { coverage: true, builtins: options.builtins })
      if (outcome.kind === 'report') tests = outcome.report
      else testsNote = `the tests do not compile: ${outcome.diagnostics.map((d) => d.message).join('; ')}`
    } catch (err) {
      testsNote = `could not run: ${err instanceof Error ? err.message : String(err)}`
    }
  }

  const packages = documentPackages(checked.modules, sources, entrypoints, tests?.coverage)
  const sha = (text: string) => createHash('sha256').update(text).digest('hex')
  return {
    report: {
      title: options.title ?? packages.find((p) => p.title)?.title ?? 'Policy report',
      generatedAt: (options.now ?? new Date()).toISOString(),
      revision,
      revisionSource,
      entrypoints,
      files: policy.sources.map((s) => ({ file: s.file, sha256: sha(s.text) })),
      dataFiles: policy.dataFiles.map((f) => ({ file: f, sha256: sha(readFileSync(f, 'utf8')) })),
      packages,
      tests,
      testsNote,
    },
  }
}
