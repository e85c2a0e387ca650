/**
 * The conformance suites this repository runs, and the one place that says
 * where their corpora live. OPA's YAML cases are not shipped here: they sit in
 * `../shared` beside the clone (`$CORDON_SHARED` names another folder), as
 * `conformance/` (Rego v1) and `conformance-v0/` (the same cases in v0
 * syntax). The CLI (`cordon conformance --suite`), the vitest suites
 * (test/support) and the scripts all take the folders from here.
 */
import path from 'node:path'
import type { RegoVersion } from '@cordon/rego'

/** `v1`: OPA's suite; `v0`: its copy in Rego v0 syntax, read as `--v0-compatible` reads it. */
export type SuiteName = 'v1' | 'v0'

/** One suite: where its cases are, the files that record it, and the language version it is read in. */
export interface ConformanceSuite {
  name: SuiteName
  /** The folder of the YAML cases. */
  casesDir: string
  /** The recorded passing cases and the skipped ones, relative to the repository root. */
  baselineFile: string
  skipsFile: string
  regoVersion: RegoVersion
}

/** The folder holding the corpora: `$CORDON_SHARED`, else `../shared` beside the clone at `repoRoot`. */
export const sharedDirOf = (repoRoot: string): string =>
  path.resolve(repoRoot, process.env.CORDON_SHARED ?? '../shared')

/** OPA's conformance suite (`cases/`, `wasm-assets/`, capabilities) below `sharedDirOf(repoRoot)`. */
export const conformanceDirOf = (repoRoot: string): string => path.join(sharedDirOf(repoRoot), 'conformance')

/** The suites, for a checkout at `repoRoot`. */
export function conformanceSuites(repoRoot: string): Record<SuiteName, ConformanceSuite> {
  const shared = sharedDirOf(repoRoot)
  return {
    v1: {
      name: 'v1',
      casesDir: path.join(shared, 'conformance/cases'),
      baselineFile: 'test/conformance/baseline.json',
      skipsFile: 'test/conformance/skips.yaml',
      regoVersion: 'v1',
    },
    v0: {
      name: 'v0',
      casesDir: path.join(shared, 'conformance-v0/cases'),
      baselineFile: 'test/conformance-v0/baseline.json',
      skipsFile: 'test/conformance-v0/skips.yaml',
      regoVersion: 'v0',
    },
  }
}

/** Whether `s` names a suite (`--suite`'s argument). */
export const isSuiteName = (s: string): s is SuiteName => s === 'v1' || s === 'v0'
