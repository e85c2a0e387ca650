/**
 * Where the corpora this repository does not ship live: OPA's conformance
 * suite and Wasm test assets, kept beside the clone in `../shared`.
 *
 * A plain clone has no `../shared`; the suites that read it then skip, and
 * the vitest global setup (test/support/corpora-notice.ts) prints one line
 * naming the missing folder. `CORDON_SHARED` points at another folder that
 * holds `conformance/`. `.ci/run` sets `CORDON_REQUIRE_SHARED=1`, which turns
 * a missing folder into a failure instead of a skip.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { conformanceSuites, sharedDirOf } from '../../packages/cli/src/conformance/suites.js'

/** The repository's root folder. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The folder holding the corpora: `$CORDON_SHARED`, else `../shared` beside the clone. */
export const sharedDir = sharedDirOf(repoRoot)

/** The v1 and v0 suites (cases, baseline, skips), from the one place that names their folders. */
export const suites = conformanceSuites(repoRoot)

/** OPA's conformance suite (`cases/`, `wasm-assets/`, capabilities). */
export const conformanceDir = path.dirname(suites.v1.casesDir)

/** True when the conformance suite is there to read. */
export const hasConformance = existsSync(suites.v1.casesDir)

/** OPA's conformance suite in Rego v0 syntax (`cases/`), run with `--v0-compatible`. */
export const conformanceV0Dir = path.dirname(suites.v0.casesDir)

/** True when the v0 copy of the suite is there to read. */
export const hasConformanceV0 = existsSync(suites.v0.casesDir)

/** The one line printed when the suite is missing. */
export const missingConformanceLine = (): string =>
  `corpora: ${conformanceDir} not found; the OPA conformance suites are skipped ` +
  `(set CORDON_SHARED to a folder holding conformance/, or place it at ../shared beside the clone)`

/** Whether a missing suite fails the run (CI) rather than skipping it. */
export const conformanceRequired = process.env.CORDON_REQUIRE_SHARED === '1'
