/**
 * Vitest global setup: says once, in one line, that the conformance corpora
 * are missing (the suites that read them skip), or fails the run when CI
 * requires them (`CORDON_REQUIRE_SHARED=1`).
 */
import {
  conformanceRequired,
  conformanceV0Dir,
  hasConformance,
  hasConformanceV0,
  missingConformanceLine,
} from './corpora.js'

export default function setup(): void {
  if (hasConformance && !hasConformanceV0) {
    // The v1 suite is there but not its v0 copy: that suite alone skips.
    const line = `corpora: ${conformanceV0Dir} not found; the Rego v0 conformance suite is skipped`
    if (conformanceRequired) throw new Error(line.replace('is skipped', 'is required (CORDON_REQUIRE_SHARED=1)'))
    console.warn(line)
  }
  if (hasConformance) return
  if (conformanceRequired)
    throw new Error(missingConformanceLine().replace('are skipped', 'are required (CORDON_REQUIRE_SHARED=1)'))
  console.warn(missingConformanceLine())
}
