/**
 * One evaluation of a test or decision-table case, the same on the main
 * thread and in the worker that enforces `--timeout` (eval-worker.ts): the
 * request names the entrypoint and module; the response carries the result
 * set text or the error, the `print` output, the `trace` notes, the time, the
 * cases a parameterized test started and, for `--bench`, the figures.
 */
import type { BuiltinImpl } from '@cordon/builtins/core'
import { PolicyEvalError, type PolicyInstance } from '@cordon/engine'
import { benchmark, type BenchFigures } from './bench.js'
import { caseRecorder } from './case-recorder.js'

export interface EvalRequest {
  entrypoint: string
  /** JSON text; none for Rego tests. */
  input?: string
  /** A decision-table case's data (the merged document), set for this evaluation only. */
  data?: unknown
  strict?: boolean
  /** On the module that records the cases a parameterized test starts. */
  parameterized?: boolean
  /** `--bench`: only measure repeated evaluations (print output dropped), for a test that passed. */
  bench?: boolean
}

export interface EvalResponse {
  /** The result set as JSON text, when the evaluation ended normally. */
  text?: string
  error?: { code: string; message: string }
  output: string[]
  /** `trace(msg)` messages, when notes are kept apart from print output (`--explain notes|full`). */
  notes: string[]
  /** Milliseconds of the (first) evaluation. */
  duration: number
  /** The cases a parameterized test started. */
  cases?: string[][]
  bench?: BenchFigures
}

/** The instances a run evaluates on, built from the same Wasm wherever they live. */
export interface TestModules {
  plain: PolicyInstance
  /** With case markers (test-cases.ts), when some test is parameterized. */
  parameterized?: PolicyInstance
  takeCases(): string[][]
  /** The data tests run against (restored after a case that brings its own). */
  data: unknown
  /** Per evaluation: where `trace` notes go when they are kept apart. */
  notes: string[]
}

/** Host builtins of the modules: the case recorder, and `trace` to `notes` when `separateNotes`. */
export function runnerHostBuiltins(separateNotes: boolean): {
  impls: Map<string, BuiltinImpl>
  takeCases(): string[][]
  notes: string[]
} {
  const recorder = caseRecorder()
  const notes: string[] = []
  const impls = new Map(recorder.impl)
  if (separateNotes) {
    // The checker has typed the argument as a string.
    impls.set('trace', ([message]) => {
      notes.push(String(message))
      return true
    })
  }
  return { impls, takeCases: recorder.take, notes }
}

/** Where the runner's evaluations happen: here (`localEvaluator`) or on a worker with a deadline (worker-evaluator.ts). */
export interface Evaluator {
  evaluate(req: EvalRequest): EvalResponse
  /** The answers to `reqs`, in their order (on several threads with `--parallel`); `each` after every answer. */
  evaluateAll(reqs: readonly EvalRequest[], each?: () => void): EvalResponse[]
  /** True when the modules could not even be loaded within the deadline (their data cache). */
  loadStopped(): boolean
  close(): void
}

export function localEvaluator(m: TestModules): Evaluator {
  const evaluate = (req: EvalRequest) => evaluateRequest(m, req)
  return { evaluate, evaluateAll: oneByOne(evaluate), loadStopped: () => false, close: () => {} }
}

/** `evaluateAll` of an evaluator that answers one request at a time. */
export function oneByOne(evaluate: (req: EvalRequest) => EvalResponse): Evaluator['evaluateAll'] {
  return (reqs, each) =>
    reqs.map((req) => {
      const res = evaluate(req)
      each?.()
      return res
    })
}

export function evaluateRequest(m: TestModules, req: EvalRequest): EvalResponse {
  const instance = req.parameterized && m.parameterized ? m.parameterized : m.plain
  const output: string[] = []
  m.notes.length = 0
  m.takeCases()
  if (req.data !== undefined) instance.setData(req.data)
  const t0 = performance.now()
  try {
    if (req.bench) {
      const bench = benchmark(() => instance.evaluateText(req.input, req.entrypoint, { strict: req.strict }), instance)
      return { output, notes: [], duration: performance.now() - t0, bench }
    }
    const text = instance.evaluateText(req.input, req.entrypoint, {
      strict: req.strict,
      print: (line) => output.push(line),
    })
    const duration = performance.now() - t0
    const cases = req.parameterized ? m.takeCases() : undefined
    return { text, output, notes: [...m.notes], duration, ...(cases ? { cases } : {}) }
  } catch (err) {
    return { error: errorOf(err), output, notes: [...m.notes], duration: performance.now() - t0 }
  } finally {
    if (req.data !== undefined) instance.setData(m.data)
  }
}

function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof PolicyEvalError) return { code: err.code, message: err.message }
  return { code: 'engine_error', message: err instanceof Error ? err.message : String(err) }
}
