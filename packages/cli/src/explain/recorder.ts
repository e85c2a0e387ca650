/**
 * The host side of the explain markers: each one counts, appends an event
 * while there is room and keeps a few samples of the values it carries,
 * within a budget of bytes; it always returns true, so the markers never
 * change what the policy decides. Past a cap it only counts.
 */
import type { BuiltinImpl, Value } from '@cordon/builtins/core'
import { HELD, OK, REACH, type ExplainSites } from './instrument.js'
import type { ExplainLimits, ValueText } from './types.js'
import { valueText } from './value-text.js'

/** Distinct value samples kept per expression (reached) and per body (bindings). */
const SAMPLES = 3
/** Values of one ref kept per sample. */
const MAX_REF_VALUES = 20

type RawEvent = { op: 'reach' | 'held'; expr: number } | { op: 'succeed'; body: number }

export interface Recorded {
  reached: number[]
  held: number[]
  succeeded: number[]
  /** Per expression: distinct samples of its `explain_reach` payload: per entry, the values (one for a local, those a ref took). */
  before: ValueText[][][][]
  /** Per expression: distinct samples of its `explain_held` payload (the values of its locals once it held). */
  after: ValueText[][][]
  /** Per body: distinct samples of its bindings. */
  bindings: ValueText[][][]
  /** Body ids in the order they were first entered. */
  entryOrder: number[]
  events: RawEvent[]
  truncated: boolean
}

const defaultLimits: Required<ExplainLimits> = { maxEvents: 10_000, maxValueBytes: 2_048, maxTotalBytes: 1_000_000 }

export function explainRecorder(
  sites: ExplainSites,
  limits: ExplainLimits = {},
): { impls: ReadonlyMap<string, BuiltinImpl>; recorded: Recorded } {
  const { maxEvents, maxValueBytes, maxTotalBytes } = { ...defaultLimits, ...limits }
  const nExprs = sites.exprs.length
  const nBodies = sites.bodies.length
  const r: Recorded = {
    reached: new Array<number>(nExprs).fill(0),
    held: new Array<number>(nExprs).fill(0),
    succeeded: new Array<number>(nBodies).fill(0),
    before: Array.from({ length: nExprs }, () => []),
    after: Array.from({ length: nExprs }, () => []),
    bindings: Array.from({ length: nBodies }, () => []),
    entryOrder: [],
    events: [],
    truncated: false,
  }
  const entered = new Set<number>()
  const seenSamples = new Set<string>()
  let bytes = 0

  const event = (e: RawEvent) => {
    if (r.events.length < maxEvents) r.events.push(e)
    else r.truncated = true
  }
  const enter = (body: number) => {
    if (!entered.has(body)) {
      entered.add(body)
      r.entryOrder.push(body)
    }
  }
  /** Keeps a sample of the payload when there is room and it is new for `key`; `texts` renders it. */
  const sample = <T>(into: T[], key: string, payload: Value, texts: (items: Value[]) => T, flat: (t: T) => string) => {
    if (into.length >= SAMPLES) return
    if (bytes >= maxTotalBytes) return void (r.truncated = true)
    const t = texts(Array.isArray(payload) ? payload : [])
    const id = `${key}\u0000${flat(t)}`
    if (seenSamples.has(id)) return
    seenSamples.add(id)
    bytes += id.length
    into.push(t)
  }
  const text = (v: Value) => valueText(v, maxValueBytes)
  /** A ref's values (`[v | v := ref]`), the first MAX_REF_VALUES of them. */
  const refValues = (v: Value): ValueText[] => {
    const all = Array.isArray(v) ? v : []
    if (all.length > MAX_REF_VALUES) r.truncated = true
    return all.slice(0, MAX_REF_VALUES).map(text)
  }
  const id = (v: Value | undefined) => Number(typeof v === 'object' && v !== null && 'text' in v ? v.text : v)

  const reach: BuiltinImpl = ([n, payload]) => {
    const e = id(n)
    const info = sites.exprs[e]
    if (!info) return true
    const body = sites.bodies[info.body]!
    if (body.exprs[0] === e) enter(info.body)
    r.reached[e]!++
    event({ op: 'reach', expr: e })
    sample(
      r.before[e]!,
      `e${e}`,
      payload ?? [],
      (items) =>
        info.before.map((b, i) =>
          b.ref ? refValues(items[i] ?? []) : items[i] === undefined ? [] : [text(items[i]!)],
        ),
      (t) => t.map((vs) => vs.join('\u0001')).join('\u0000'),
    )
    return true
  }
  const held: BuiltinImpl = ([n, payload]) => {
    const e = id(n)
    if (e >= 0 && e < nExprs) {
      r.held[e]!++
      event({ op: 'held', expr: e })
      sample(
        r.after[e]!,
        `h${e}`,
        payload ?? [],
        (items) => items.map(text),
        (t) => t.join('\u0000'),
      )
    }
    return true
  }
  const ok: BuiltinImpl = ([n, payload]) => {
    const b = id(n)
    if (b >= 0 && b < nBodies) {
      enter(b)
      r.succeeded[b]!++
      event({ op: 'succeed', body: b })
      sample(
        r.bindings[b]!,
        `b${b}`,
        payload ?? [],
        (items) => items.map(text),
        (t) => t.join('\u0000'),
      )
    }
    return true
  }
  return {
    impls: new Map([
      [REACH, reach],
      [HELD, held],
      [OK, ok],
    ]),
    recorded: r,
  }
}
