/** The trace `explain` returns, assembled from what the markers recorded. */
import type { ExplainSites } from './instrument.js'
import type { Recorded } from './recorder.js'
import type { BodyTrace, ExplainTrace, ExprTrace, RefRead, TraceEvent, ValueNote, WithNote } from './types.js'

export function assembleTrace(sites: ExplainSites, r: Recorded): ExplainTrace {
  const position = new Map(r.entryOrder.map((b, i) => [b, i]))
  const notes = (e: number): ValueNote[][] =>
    r.before[e]!.map((sample) => sites.exprs[e]!.before.map(({ name }, i) => ({ name, values: sample[i] ?? [] })))

  const bodies: BodyTrace[] = r.entryOrder.map((b) => {
    const info = sites.bodies[b]!
    const expressions: ExprTrace[] = info.exprs.map((e) => {
      const x = sites.exprs[e]!
      return {
        index: x.index,
        location: x.location,
        text: x.text,
        reached: r.reached[e]!,
        held: r.held[e]!,
        before: notes(e),
        after: r.after[e]!.map((sample) =>
          x.after.map((name, i) => ({ name, values: sample[i] === undefined ? [] : [sample[i]!] })),
        ),
        withs: x.withs,
      }
    })
    const first = info.exprs[0]
    const trace: BodyTrace = {
      rule: info.rule,
      kind: info.kind,
      clause: info.clause,
      location: info.location,
      text: info.text,
      entered: first === undefined ? r.succeeded[b]! : r.reached[first]!,
      succeeded: r.succeeded[b]!,
      bindings: r.bindings[b]!.map((sample) =>
        Object.fromEntries(info.bindings.map((name, i) => [name, sample[i] ?? '?'])),
      ),
      expressions,
    }
    if (trace.succeeded === 0) {
      const at = [...info.exprs].reverse().find((e) => r.reached[e]! > r.held[e]!)
      if (at !== undefined) {
        const x = sites.exprs[at]!
        trace.failed = { expression: { index: x.index, location: x.location, text: x.text }, values: notes(at) }
      }
    }
    return trace
  })

  const events: TraceEvent[] = r.events.map((e) =>
    e.op === 'succeed'
      ? { op: e.op, body: position.get(e.body)! }
      : { op: e.op, body: position.get(sites.exprs[e.expr]!.body)!, expr: sites.exprs[e.expr]!.index },
  )

  const withs: WithNote[] = []
  const reads: RefRead[] = []
  const seenReads = new Set<string>()
  sites.exprs.forEach((x, e) => {
    if (r.reached[e] === 0) return
    for (const w of x.withs) withs.push({ location: x.location, target: w.target, value: w.value })
    x.before.forEach(({ name, ref }, i) => {
      const key = `${name}@${x.location.file}:${x.location.row}:${x.location.col}`
      if (!ref || seenReads.has(key)) return
      seenReads.add(key)
      const values = [...new Set(r.before[e]!.flatMap((sample) => sample[i] ?? []))]
      reads.push({ ref: name, location: x.location, values })
    })
  })
  return { bodies, withs, reads, events, truncated: r.truncated }
}
