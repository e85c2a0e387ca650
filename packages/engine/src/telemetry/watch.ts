/**
 * What the telemetry helpers (OpenTelemetry, Prometheus) read from an
 * engine: each decision, with labels bounded so that a client cannot blow up
 * a metric's cardinality, and each policy event.
 */
import type { DecisionEvent } from '../decision-log/event.js'
import type { Engine, EngineEvent } from '../engine.js'

/** The parts of an engine telemetry attaches to. */
export type ObservedEngine = Pick<Engine, 'addDecisionSink' | 'subscribe' | 'entrypoints' | 'memoryBytes'>

/** One decision as telemetry sees it. */
export interface DecisionFacts {
  /** The entrypoint when the live policy has it, else `'(unknown)'`: callers may pass any string. */
  entrypoint: string
  allow: boolean
  /** The decision's code; `'allow'` / `'deny'` when the policy gave none. */
  code: string
  revision?: string
  decisionId: string
  /** Start and end, epoch milliseconds. */
  startMs: number
  endMs: number
  durationMs: number
  /** Why no decision could be made. */
  error?: string
}

/** Bytes of one Wasm page. */
export const WASM_PAGE_BYTES = 65_536

/** Reads one decision-log event; the code is bounded to a short token for the same reason as the entrypoint. */
function decisionFacts(event: DecisionEvent, entrypoints: readonly string[]): DecisionFacts {
  // Sinks are called as the decision returns, so now is its end: Date.now() costs far less than parsing the timestamp.
  const endMs = Date.now()
  const code =
    event.code === undefined
      ? event.allow
        ? 'allow'
        : 'deny'
      : /^[\w.-]{1,64}$/.test(event.code)
        ? event.code
        : '(invalid)'
  const facts: DecisionFacts = {
    entrypoint: entrypoints.includes(event.entrypoint) ? event.entrypoint : '(unknown)',
    allow: event.allow,
    code,
    decisionId: event.decision_id,
    startMs: endMs - event.duration_ms,
    endMs,
    durationMs: event.duration_ms,
  }
  if (event.revision !== undefined) facts.revision = event.revision
  if (event.error !== undefined) facts.error = event.error
  return facts
}

/**
 * Calls `onDecision` for each decision and `onEvent` for each policy event
 * until the returned function is called. A throwing handler never fails a
 * decision (sinks and listeners are isolated by the engine).
 */
export function watchEngine(
  engine: ObservedEngine,
  onDecision: (facts: DecisionFacts) => void,
  onEvent: (event: EngineEvent) => void,
): () => void {
  const removeSink = engine.addDecisionSink({ write: (e) => onDecision(decisionFacts(e, engine.entrypoints)) })
  const unsubscribe = engine.subscribe(onEvent)
  return () => {
    removeSink()
    unsubscribe()
  }
}
