/**
 * The engine's decision event in the shape of OPA's decision log (`EventV1`
 * in OPA's `plugins/logs/plugin.go`), for collectors that speak OPA's
 * `/logs` API.
 */
import type { DecisionEvent } from './event.js'
import { applyMask, parsePointer, type MaskRule } from './mask.js'

/** One event of OPA's decision log. Optional fields are absent, as OPA omits them. */
export interface OpaDecisionEvent {
  /** The instance's labels (OPA always sends `id`; `null` never occurs here). */
  labels: Record<string, string>
  decision_id: string
  /** Active bundles by name, with the revision that decided. */
  bundles?: Record<string, { revision?: string }>
  /** The entrypoint as a slash path without `data/` (OPA: the `/v1/data` path). */
  path?: string
  input?: unknown
  result?: unknown
  /** OPA-style mask paths (`/input/...`, `/result/...`) removed. */
  erased?: string[]
  /** OPA-style mask paths replaced (upserted). */
  masked?: string[]
  /** Why no decision could be made: `{ code, message }` as OPA's errors marshal. */
  error?: { code: string; message: string }
  /** RFC 3339 with a trimmed fraction, as Go's `time.Time` marshals (RFC3339Nano). */
  timestamp: string
  /** Timers in nanoseconds (`timer_rego_query_eval_ns`: validation, evaluation and verdict). */
  metrics?: Record<string, number>
}

/** A rule of OPA's mask policy: a path under `/input` or `/result` to erase, or an upsert. */
export type OpaMaskRule = string | { op: 'remove'; path: string } | { op: 'upsert'; path: string; value: unknown }

const PARTS = ['input', 'result'] as const
type Part = (typeof PARTS)[number]

/**
 * Checks OPA mask rules up front (a bad rule is a configuration error, not a
 * silent no-op at log time) and splits each into the part it edits and the
 * pointer inside that part.
 */
export function compileOpaMask(rules: readonly OpaMaskRule[]): { part: Part; rule: MaskRule; path: string }[] {
  return rules.map((r) => {
    const path = typeof r === 'string' ? r : r.path
    const [part, ...rest] = parsePointer(path)
    if (!PARTS.includes(part as Part))
      throw new Error(`mask: '${path}' must start with /input or /result (as OPA's mask paths do)`)
    const inner = rest.length === 0 ? '/' : '/' + rest.map((k) => k.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')
    const rule: MaskRule =
      typeof r === 'string' || r.op === 'remove' ? inner : { op: 'upsert', path: inner, value: r.value }
    return { part: part as Part, rule, path }
  })
}

/** Go's RFC3339Nano: the fraction's trailing zeros trimmed (`.120Z` → `.12Z`, `.000Z` → `Z`). */
export function rfc3339Nano(iso: string): string {
  return iso.replace(/\.(\d*?)0*Z$/, (_, digits: string) => (digits ? `.${digits}Z` : 'Z'))
}

/**
 * Encodes one engine event as OPA's. The engine's own input mask (pointers
 * into the input) is reported with the `/input` prefix OPA uses; `mask`
 * applies OPA-style rules on top, to the input and the result.
 */
export function toOpaEvent(
  event: DecisionEvent,
  options: { labels: Record<string, string>; bundleName: string; mask: ReturnType<typeof compileOpaMask> },
): OpaDecisionEvent {
  const out: OpaDecisionEvent = {
    labels: { ...options.labels, ...event.labels },
    decision_id: event.decision_id,
    timestamp: '',
  }
  if (event.revision !== undefined) out.bundles = { [options.bundleName]: { revision: event.revision } }
  if (event.entrypoint) out.path = event.entrypoint
  const parts: Record<Part, unknown> = { input: event.input, result: event.result }
  const erased = (event.erased ?? []).map((p) => (p === '/' ? '/input' : `/input${p}`))
  const masked = (event.masked ?? []).map((p) => (p === '/' ? '/input' : `/input${p}`))
  for (const { part, rule, path } of options.mask) {
    if (parts[part] === undefined) continue
    const m = applyMask(parts[part], [rule])
    parts[part] = m.input
    if (m.erased.length) erased.push(path)
    if (m.masked.length) masked.push(path)
  }
  if (parts.input !== undefined) out.input = parts.input
  if (parts.result !== undefined) out.result = parts.result
  if (erased.length) out.erased = erased
  if (masked.length) out.masked = masked
  if (event.error !== undefined) out.error = { code: event.code ?? 'engine_error', message: event.error }
  out.timestamp = rfc3339Nano(event.timestamp)
  out.metrics = { timer_rego_query_eval_ns: Math.round(event.duration_ms * 1e6) }
  return out
}
