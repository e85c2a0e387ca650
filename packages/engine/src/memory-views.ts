/**
 * Typed views of a Wasm memory, made again when the memory has grown (growth
 * replaces its buffer). 32-bit fields go through `u32`: Wasm memory is
 * little-endian, and callers use it only where the platform is too
 * (value-layout.ts `LITTLE_ENDIAN`).
 */
export class MemoryViews {
  private buffer: ArrayBuffer | undefined
  protected bytes!: Uint8Array
  protected u32!: Uint32Array
  protected view!: DataView

  constructor(protected readonly memory: WebAssembly.Memory) {}

  /** Views of the memory's current buffer. */
  protected refresh(): void {
    if (this.buffer !== this.memory.buffer) {
      this.buffer = this.memory.buffer
      this.bytes = new Uint8Array(this.buffer)
      this.u32 = new Uint32Array(this.buffer)
      this.view = new DataView(this.buffer)
    }
  }
}
