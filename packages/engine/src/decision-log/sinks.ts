import type { DecisionEvent, DecisionLogSink } from './event.js'

/** One JSON line per decision on `console.log` (or the given writer). */
export function consoleSink(write: (line: string) => void = (line) => console.log(line)): DecisionLogSink {
  return { write: (event) => write(JSON.stringify(event)) }
}

/** Calls `fn` with each event; its errors (and rejected promises) are swallowed. */
export function callbackSink(fn: (event: DecisionEvent) => unknown): DecisionLogSink {
  return {
    write(event) {
      const r = fn(event) as { catch?: (f: () => void) => void } | undefined
      r?.catch?.(() => {})
    },
  }
}
