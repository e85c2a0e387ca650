const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Reads the NUL-terminated UTF-8 string at `addr`. */
export function readCString(memory: WebAssembly.Memory, addr: number): string {
  const bytes = new Uint8Array(memory.buffer)
  const nul = bytes.indexOf(0, addr)
  return decoder.decode(bytes.subarray(addr, nul < 0 ? bytes.length : nul))
}

/**
 * Writes `text` as UTF-8 straight into linear memory at `addr`, without an
 * intermediate buffer, when the memory surely has room (3 bytes per UTF-16
 * unit); returns the bytes written, or -1 when it did not try.
 */
export function writeText(memory: WebAssembly.Memory, addr: number, text: string): number {
  const buffer = memory.buffer
  if (buffer.byteLength - addr < text.length * 3) return -1
  return encoder.encodeInto(text, new Uint8Array(buffer, addr)).written
}

/** Encodes text (or passes bytes through) for writing into linear memory. */
export function toBytes(text: string | Uint8Array): Uint8Array {
  return typeof text === 'string' ? encoder.encode(text) : text
}

/** Grows `memory` so that `[0, end)` is addressable. */
export function ensureCapacity(memory: WebAssembly.Memory, end: number): void {
  const short = end - memory.buffer.byteLength
  if (short > 0) memory.grow(Math.ceil(short / 65536))
}
