/** The shapes `explain` returns (docs: /work/notes/explain-api.md, packages/cli/README.md). */
import type { Diagnostic } from '@cordon/rego'

/** A place in a source file (1-based row and column). */
export interface Where {
  file: string
  row: number
  col: number
}

/**
 * A value as Rego text (`{"a", "b"}` for a set), at most `maxValueBytes`
 * long: a longer one is cut and ends with `…`.
 */
export type ValueText = string

/** An expression of a body, `index` in source order within it. */
export interface ExprNote {
  index: number
  location: Where
  text: string
}

/** A local variable or a ref (`input.user.age`) and the values it had; `[]`: undefined. */
export interface ValueNote {
  name: string
  values: ValueText[]
}

/** An expression as evaluation met it: how often reached and held, and what it read. */
export interface ExprTrace extends ExprNote {
  /** Times evaluation came to it. */
  reached: number
  /** Times it held. */
  held: number
  /** What it read, as seen the first times it was reached (a few distinct samples). */
  before: ValueNote[][]
  /** The values of the locals it names once it held (what it bound), a few distinct samples. */
  after: ValueNote[][]
  /** The `with` modifiers written on it. */
  withs: { target: string; value: string }[]
}

/** A rule body (a clause, an `else` clause, a function clause) or a comprehension or `every` body that was entered. */
export interface BodyTrace {
  /** `data.pkg.allow` (the head's ref as written, after the package). */
  rule: string
  kind: 'rule' | 'comprehension' | 'every'
  /** 0: the rule's own body; 1…: its `else` clauses in order. */
  clause: number
  /** The head (rule bodies) or the comprehension / `every`. */
  location: Where
  text: string
  /** Times its first expression was reached (for an empty body: times it succeeded). */
  entered: number
  succeeded: number
  /** For the first few successes: each bound local and its value. */
  bindings: Record<string, ValueText>[]
  /**
   * When it never succeeded although it was entered: the furthest
   * expression (in source order) that was reached and did not hold every
   * time, with what it read.
   */
  failed?: { expression: ExprNote; values: ValueNote[][] }
  /** Every expression, in source order. */
  expressions: ExprTrace[]
}

/** A `with` modifier of an expression that was reached, with the value it set. */
export interface WithNote {
  location: Where
  target: string
  value: string
}

/** A ref to `input`, `data` or a rule that a reached expression read. */
export interface RefRead {
  ref: string
  location: Where
  values: ValueText[]
}

/** One marker in evaluation order: an expression reached or held (`expr`: its index in the body), a body that succeeded. */
export type TraceEvent = { op: 'reach' | 'held'; body: number; expr: number } | { op: 'succeed'; body: number }

/** What `explain` found: the bodies entered, `with` modifiers, input/data reads and the events, in bounded size. */
export interface ExplainTrace {
  /** Bodies that were entered, in the order first entered (`TraceEvent.body` indexes this). */
  bodies: BodyTrace[]
  /** Reached `with` modifiers. */
  withs: WithNote[]
  /** Refs to input, data and rules read by reached expressions (one entry per ref text and place). */
  reads: RefRead[]
  /** Markers in evaluation order, at most `maxEvents`. */
  events: TraceEvent[]
  /** A cap was hit: events or values were dropped (the result is never affected). */
  truncated: boolean
}

/** Caps on what an explanation keeps, so a hostile policy cannot make it large; evaluation itself is never cut short. */
export interface ExplainLimits {
  /** Events kept (default 10,000); counting goes on past it. */
  maxEvents?: number
  /** Bytes of one value's text (default 2,048). */
  maxValueBytes?: number
  /** Bytes of all values kept (default 1,000,000). */
  maxTotalBytes?: number
}

/**
 * `explained`: the entrypoint's result set (as `PolicyInstance.evaluate`
 * gives it) and the trace; `diagnostics`: the policy does not compile (as
 * `cordon check` reports it); `error`: evaluation failed (strict builtin
 * error, fuel), with the trace up to the failure.
 */
export type ExplainOutcome =
  | { kind: 'explained'; result: unknown[]; trace: ExplainTrace }
  | { kind: 'diagnostics'; diagnostics: Diagnostic[] }
  | { kind: 'error'; code: string; message: string; trace?: ExplainTrace }
