/**
 * Typed views of a Wasm memory, made again when the memory has grown (growth
 * replaces its buffer). 32-bit fields go through `u32`: Wasm memory is
 * little-endian, and callers use it only where the platform is too
 * (value-layout.ts `LITTLE_ENDIAN`).
 */
export class MemoryViews {
  protected bytes: Uint8Array = new Uint8Array(0)
  protected u32!: Uint32Array
  protected view!: DataView

  /** A shared memory's buffer is never detached: its growth shows only in `memory.buffer`. */
  private readonly shared: boolean

  constructor(protected readonly memory: WebAssembly.Memory) {
    this.shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer
  }

  /**
   * Bytes of the memory now. Growth detaches a buffer that is not shared
   * (its views then have length 0), so views of length > 0 see the current
   * one: their length is read without the `memory.buffer` getter.
   */
  get memoryBytes(): number {
    const n = this.bytes.length
    return n !== 0 && !this.shared ? n : this.memory.buffer.byteLength
  }

  /** Views of the memory's current buffer. */
  protected refresh(): void {
    // Growth detaches the old buffer, whose views then have length 0: checking
    // that costs a fraction of the `memory.buffer` getter, on every evaluation.
    if (this.bytes.length === 0 || (this.shared && this.bytes.buffer !== this.memory.buffer)) {
      const buffer = this.memory.buffer
      this.bytes = new Uint8Array(buffer)
      this.u32 = new Uint32Array(buffer)
      this.view = new DataView(buffer)
    }
  }
}
