/** Messages between the page and the worker that checks, compiles, evaluates and tests (worker.ts). */
import type { ExplainTrace } from '@cordon/cli/explain'
import type { PlaygroundState } from './state.js'

/** A problem placed in one editor: a module by name, or the input/data/table pane. */
export interface PaneDiagnostic {
  pane: string
  row: number
  col: number
  /** UTF-16 offsets into the pane's text; `end` exclusive (equal to `offset` when unknown). */
  offset: number
  end: number
  severity: 'error' | 'warning'
  message: string
  code: string
  /** A "did you mean" replacement of the text between `fix.offset` and `fix.end`. */
  fix?: { offset: number; end: number; text: string; message: string }
}

export interface TestLine {
  name: string
  kind: 'rego' | 'case'
  status: 'pass' | 'fail' | 'error' | 'skip'
  pane: string
  row: number
  detail?: string
  output?: string[]
}

export type ToWorker =
  /** `decision`: check, compile, evaluate; `tests`: the Rego tests and the decision table (another worker, so a test run never delays a decision). */
  | { kind: 'run'; seq: number; state: PlaygroundState; what: 'decision' | 'tests' }
  | { kind: 'download'; seq: number; state: PlaygroundState; what: 'bundle' | 'wasm' | 'junit' | 'doc' }

export type FromWorker =
  | { kind: 'ready' }
  /** The worker begins this job now (its deadline counts from here). */
  | { kind: 'started'; seq: number }
  | { kind: 'diagnostics'; seq: number; diagnostics: PaneDiagnostic[]; checkMs: number }
  | {
      kind: 'decision'
      seq: number
      entrypoint: string
      entrypoints: string[]
      /** The entrypoint's value; undefined when the rule is undefined for this input. */
      result?: unknown
      raw: string
      print: string[]
      error?: string
      compileMs: number
      evalMs: number
      wasmBytes: number
    }
  | {
      kind: 'tests'
      seq: number
      summary: { total: number; pass: number; fail: number; error: number; skip: number }
      tests: TestLine[]
      /** Per module name: covered and not covered rows. */
      coverage: Record<string, { covered: number[]; notCovered: number[] }>
      coveragePercent?: number
      ms: number
      error?: string
    }
  | { kind: 'explain'; seq: number; trace?: ExplainTrace; error?: string }
  | { kind: 'file'; seq: number; name: string; mime: string; bytes: Uint8Array }
  | { kind: 'failed'; seq: number; message: string }
