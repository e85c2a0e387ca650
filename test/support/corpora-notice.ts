/**
 * Vitest global setup: says once, in one line, that the conformance corpora
 * are missing (the suites that read them skip), or fails the run when CI
 * requires them (`CORDON_REQUIRE_SHARED=1`).
 */
import { conformanceRequired, hasConformance, missingConformanceLine } from './corpora.js'

export default function setup(): void {
  if (hasConformance) return
  if (conformanceRequired) throw new Error(missingConformanceLine().replace('are skipped', 'are required (CORDON_REQUIRE_SHARED=1)'))
  console.warn(missingConformanceLine())
}
