/** The shape of a `cordon doc` report: what the analysis produces and the renderers print. */
import type { CustomBuiltins } from '../fs/load-builtins.js'
import type { TestReport } from '../test-runner/types.js'

/** One definition of a rule (a rule with several definitions has several). */
export interface RuleDoc {
  /** `ai_access.decision` */
  path: string
  kind: 'complete' | 'partial set' | 'partial object' | 'function' | 'default'
  file: string
  row: number
  endRow: number
  entrypoint: boolean
  title?: string
  description?: string
  /** Every other annotation field (custom fields flattened: owner, legal_basis, …). */
  fields: Record<string, unknown>
  /** `data…` refs in the rule, imports resolved; non-constant parts as `[_]`. */
  dataRefs: string[]
  /** `input…` refs. */
  inputRefs: string[]
  /** Other rules of the policy it uses, by path. */
  uses: string[]
  /** Covered / coverable lines of the definition, when coverage was computed. */
  coverage?: { covered: number; total: number }
  /** Entrypoints only: every data ref it reads directly or through the rules it uses. */
  allDataRefs?: string[]
}

export interface PackageDoc {
  path: string
  files: string[]
  title?: string
  description?: string
  fields: Record<string, unknown>
  rules: RuleDoc[]
}

export interface PolicyReport {
  title: string
  generatedAt: string
  revision: string
  /** Where the revision comes from. */
  revisionSource: 'computed' | 'bundle'
  entrypoints: string[]
  files: { file: string; sha256: string }[]
  dataFiles: { file: string; sha256: string }[]
  packages: PackageDoc[]
  tests?: TestReport
  /** Why tests were not run or could not run. */
  testsNote?: string
}

export interface ReportOptions {
  entrypoints?: string[]
  bundle?: Uint8Array
  revision?: string
  tests?: boolean
  title?: string
  /** Fixed time, for reproducible reports. */
  now?: Date
  /** Custom builtins (`--builtins`). */
  builtins?: CustomBuiltins
}
