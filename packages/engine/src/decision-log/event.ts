/** One decision-log record (field names as in OPA's decision logs where they exist). */
export interface DecisionEvent {
  decision_id: string
  /** RFC 3339 time of the decision. */
  timestamp: string
  entrypoint: string
  /** The manifest revision of the bundle that decided. */
  revision?: string
  /** The input after masking (absent when erased). */
  input?: unknown
  /** The entrypoint's value (undefined when it had none). */
  result?: unknown
  allow: boolean
  code?: string
  duration_ms: number
  /** Present when no decision could be made: the error text. */
  error?: string
  /** JSON pointers erased or replaced by masking. */
  erased?: string[]
  masked?: string[]
  /** Set on a shadow (candidate) evaluation that disagreed with the live one. */
  labels?: Record<string, string>
}

/** Where decision events go. `write` must not block; errors it throws are swallowed. */
export interface DecisionLogSink {
  /** Takes one event; returns at once (a sink that sends queues it). */
  write(event: DecisionEvent): void
  /** Sends whatever is queued (batching sinks). */
  flush?(): Promise<void>
  /** Flushes and stops timers. */
  close?(): Promise<void>
}
