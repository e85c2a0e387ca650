/**
 * Tests' view of a module instance's linear memory: read and written behind
 * the module's back (no host does this), to show what a table of the module
 * keeps by address.
 */
import type { PolicyInstance } from '@cordon/engine'

/** The instance's linear memory (private to PolicyInstance). */
export const bytesOf = (inst: PolicyInstance) =>
  new Uint8Array((inst as unknown as { memory: WebAssembly.Memory }).memory.buffer)

/** The address of the first occurrence of `text`'s bytes in the instance's memory. */
export function addressOf(inst: PolicyInstance, text: string): number {
  const bytes = bytesOf(inst)
  const want = new TextEncoder().encode(text)
  outer: for (let i = 0; i + want.length <= bytes.length; i++) {
    for (let j = 0; j < want.length; j++) if (bytes[i + j] !== want[j]) continue outer
    return i
  }
  throw new Error(`${text} is not in memory`)
}
