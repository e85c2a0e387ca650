import path from 'node:path'
import { conformanceV0Dir, hasConformanceV0 } from '../support/corpora.js'
import { conformanceSuite } from '../support/conformance-suite.js'

// OPA's suite in Rego v0 syntax, read as `--v0-compatible` reads it
// (`pnpm cordon conformance --v0-compatible --update-baseline ../shared/conformance-v0/cases`).
conformanceSuite({
  title: 'OPA conformance (Rego v0) through Wasm',
  casesDir: path.join(conformanceV0Dir, 'cases'),
  available: hasConformanceV0,
  baselineFile: 'test/conformance-v0/baseline.json',
  skipsFile: 'test/conformance-v0/skips.yaml',
  regoVersion: 'v0',
})
