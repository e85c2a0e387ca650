import path from 'node:path'
import { conformanceDir, hasConformance } from '../support/conformance.js'
import { conformanceSuite } from '../support/conformance-suite.js'

// OPA's development set in Rego v1 (`pnpm cordon conformance --update-baseline ../shared/conformance/cases`).
conformanceSuite({
  title: 'OPA conformance through Wasm',
  casesDir: path.join(conformanceDir, 'cases'),
  available: hasConformance,
  baselineFile: 'test/conformance/baseline.json',
  skipsFile: 'test/conformance/skips.yaml',
  regoVersion: 'v1',
})
