import { suites } from '../support/corpora.js'
import { conformanceSuite } from '../support/conformance-suite.js'

// OPA's development set in Rego v1 (`pnpm cordon conformance --suite v1 --update-baseline`).
conformanceSuite('OPA conformance through Wasm', suites.v1)
