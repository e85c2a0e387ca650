/**
 * `cordon doc`'s report from the policy's text, with no file access (the
 * playground builds it in the browser); report.ts reads the files.
 */
import { normalizeEntrypoint, readBundle } from '@cordon/engine'
import { annotatedEntrypoints, checkSources, entrypointAnnotations } from '@cordon/rego'
import { buildChecked, writeBundle } from '@cordon/wasm'
import { runSources, type RunInput } from '../test-runner/run-sources.js'
import type { TestReport } from '../test-runner/types.js'
import { UsageError } from '../usage-error.js'
import { documentPackages } from './analysis.js'
import type { PolicyReport, ReportOptions } from './types.js'

/** What a report is made of: the policy's files, its data (and the files it came from, for their digests) and the decision tables. */
export interface DocInput extends RunInput {
  dataFiles: readonly { file: string; text: string }[]
}

/** Builds the report from text (no file access), or returns the diagnostics when the policy does not compile. */
export async function reportFromSources(
  policy: DocInput,
  options: ReportOptions = {},
): Promise<
  | { report: PolicyReport }
  | { diagnostics: ReturnType<typeof checkSources>['diagnostics']; sources: Map<string, string> }
> {
  const sources = new Map(policy.sources.map((s) => [s.file, s.text]))
  const checked = checkSources(policy.sources, { builtins: options.builtins?.decls() })
  if (checked.diagnostics.length > 0 || !checked.compiled) return { diagnostics: checked.diagnostics, sources }
  const compiled = checked.compiled

  const entrypoints = [
    ...new Set([...(options.entrypoints ?? []).map(normalizeEntrypoint), ...annotatedEntrypoints(checked.modules)]),
  ].sort()
  let revision: string
  let revisionSource: PolicyReport['revisionSource']
  if (options.bundle) {
    const bundle = await readBundle(options.bundle)
    revision = bundle.manifest.revision ?? '(none)'
    revisionSource = 'bundle'
    const inBundle = (bundle.manifest.wasm ?? []).map((w) => normalizeEntrypoint(w.entrypoint))
    const missing = entrypoints.filter((e) => !inBundle.includes(e))
    if (missing.length > 0)
      throw new UsageError(`the bundle has no entrypoint ${missing.join(', ')}: was it built from these PATHs?`)
  } else {
    // The revision `cordon build` gives the same PATHs: a digest of the module and the data.
    if (entrypoints.length === 0)
      throw new UsageError('no entrypoint: pass -e pkg/rule or annotate a rule with METADATA entrypoint: true')
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
      const outcome = runSources(policy, { coverage: true, builtins: options.builtins })
      if (outcome.kind === 'report') tests = outcome.report
      else testsNote = `the tests do not compile: ${outcome.diagnostics.map((d) => d.message).join('; ')}`
    } catch (err) {
      testsNote = `could not run: ${err instanceof Error ? err.message : String(err)}`
    }
  }

  const packages = documentPackages(checked.modules, sources, entrypoints, tests?.coverage)
  return {
    report: {
      title: options.title ?? packages.find((p) => p.title)?.title ?? 'Policy report',
      generatedAt: (options.now ?? new Date()).toISOString(),
      revision,
      revisionSource,
      entrypoints,
      files: await Promise.all(policy.sources.map(async (s) => ({ file: s.file, sha256: await sha256Hex(s.text) }))),
      dataFiles: await Promise.all(
        policy.dataFiles.map(async (f) => ({ file: f.file, sha256: await sha256Hex(f.text) })),
      ),
      packages,
      tests,
      testsNote,
    },
  }
}

/** Web Crypto's SHA-256 (Node and browsers alike), as hex. */
async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('')
}
