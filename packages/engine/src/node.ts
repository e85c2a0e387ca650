/**
 * Node-only helpers, kept out of the main entry so that it stays Web-only:
 * reading bundles from files and a file sink for decision logs.
 *
 * @module \@cordon/engine/node
 */
import { appendFile, readFile } from 'node:fs/promises'
import type { DecisionLogSink } from './decision-log/event.js'

/** Reads a `bundle.tar.gz` for `createEngine({ bundle })` or `engine.load`. */
export async function loadBundleFromFile(path: string): Promise<Uint8Array> {
  const buf = await readFile(path)
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
}

/**
 * Appends one JSON line per decision to `path`. Writes are chained and never
 * awaited by the decision; failures are counted, not thrown.
 */
export function fileSink(path: string): DecisionLogSink & { readonly failed: number } {
  let chain: Promise<void> = Promise.resolve()
  let failed = 0
  let pending: string[] = []
  const drain = () => {
    const lines = pending.join('')
    pending = []
    return appendFile(path, lines).catch(() => {
      failed++
    })
  }
  return {
    write(event) {
      pending.push(JSON.stringify(event) + '\n')
      if (pending.length === 1) chain = chain.then(drain)
    },
    flush: () => chain,
    close: () => chain,
    get failed() {
      return failed
    },
  }
}
