import type { DecisionEvent, DecisionLogSink } from './event.js'
import { applyMask, type MaskRule } from './mask.js'

/** Decision-log settings of `createEngine`. */
export interface DecisionLogOptions {
  /** Where events go: sinks, or plain callbacks. */
  sinks: (DecisionLogSink | ((event: DecisionEvent) => unknown))[]
  /** JSON pointers into the input to erase, or `{ op: 'upsert', path, value }` replacements. */
  mask?: MaskRule[]
}

/** Fans events out to the sinks; never throws. */
export class DecisionLogger {
  private readonly sinks: DecisionLogSink[]
  private readonly mask: readonly MaskRule[]

  constructor(options: DecisionLogOptions) {
    this.sinks = options.sinks.map((s) => (typeof s === 'function' ? { write: (e: DecisionEvent) => void s(e) } : s))
    this.mask = options.mask ?? []
  }

  /** Adds a sink; returns a function that removes it. */
  add(sink: DecisionLogSink): () => void {
    this.sinks.push(sink)
    return () => {
      const i = this.sinks.indexOf(sink)
      if (i >= 0) this.sinks.splice(i, 1)
    }
  }

  /** Masks the input (a copy; the caller's value is untouched) and writes the event to every sink. */
  log(event: Omit<DecisionEvent, 'erased' | 'masked'>): void {
    let full: DecisionEvent = event
    if (this.mask.length > 0) {
      try {
        const m = applyMask(event.input, this.mask)
        full = { ...event, input: m.input }
        if (m.erased.length) full.erased = m.erased
        if (m.masked.length) full.masked = m.masked
      } catch {
        full = { ...event, input: undefined, erased: ['/'] }
      }
    }
    if (full.input === undefined) delete full.input
    for (const sink of this.sinks) {
      try {
        sink.write(full)
      } catch {
        // a failing sink never fails the decision
      }
    }
  }

  /** Flushes every sink (their errors are swallowed). */
  async flush(): Promise<void> {
    await Promise.all(this.sinks.map((s) => s.flush?.().catch(() => {})))
  }

  /** Closes every sink (their errors are swallowed). */
  async close(): Promise<void> {
    await Promise.all(this.sinks.map((s) => s.close?.().catch(() => {})))
  }
}
