/**
 * The one error type of the binary toolkit: a malformed or unsupported module,
 * with the byte offset where reading stopped.
 */
export class WasmDecodeError extends Error {
  /** Byte offset into the module where the problem was found. */
  readonly offset: number
  /** The message without the offset. */
  readonly reason: string

  /**
   * @param message what was wrong, e.g. `unexpected end of input reading section size`
   * @param offset byte offset into the module
   */
  constructor(message: string, offset: number) {
    super(`${message} (at byte offset ${offset}, 0x${offset.toString(16)})`)
    this.name = 'WasmDecodeError'
    this.offset = offset
    this.reason = message
  }
}
