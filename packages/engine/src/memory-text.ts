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

const PAGE = 65536

/**
 * Grows `memory` so that `[0, end)` is addressable, by half its size at
 * least: a growth costs time in proportion to the memory's size (V8), so
 * growing by what each block needs while a large value is written would be
 * quadratic. When the maximum leaves no room for that much, it grows by what
 * is needed (and throws the RangeError of a full memory when even that fails).
 */
export function ensureCapacity(memory: WebAssembly.Memory, end: number): void {
  const have = memory.buffer.byteLength
  if (end <= have) return
  const need = Math.ceil((end - have) / PAGE)
  const ahead = Math.max(need, Math.ceil(have / 2 / PAGE))
  if (ahead > need) {
    try {
      memory.grow(ahead)
      return
    } catch (err) {
      if (!(err instanceof RangeError)) throw err
    }
  }
  memory.grow(need)
}
