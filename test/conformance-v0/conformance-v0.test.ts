import { suites } from '../support/corpora.js'
import { conformanceSuite } from '../support/conformance-suite.js'

// OPA's suite in Rego v0 syntax, read as `--v0-compatible` reads it
// (`pnpm cordon conformance --suite v0 --update-baseline`).
conformanceSuite('OPA conformance (Rego v0) through Wasm', suites.v0)
