/**
 * Host builtin arguments read once per data document: a Value read from
 * memory that no evaluation changes (the module's static data and the data
 * document with its cached rule values, below the evaluations' heap) is kept
 * by address and handed again to the next call with the same address —
 * only for builtins marked as leaving their arguments unchanged
 * (@cordon/builtins `leavesArgumentsUnchanged`). A schema of 1.7 MB of data
 * was read per json.match_schema call before. `T`: Values, or the plain JSON
 * of json-argument.ts (one store per kind).
 */

/** Values kept at most (each is a value of the data document, whose size bounds them together). */
const MAX_KEPT = 256

export class StableArguments<T> {
  private readonly kept = new Map<number, T>()
  /** Memory below it does not change until the next `reset`. */
  private end = 0

  /** Forgets every value; from now on memory below `end` is stable (0 while the data is being written). */
  reset(end: number): void {
    this.kept.clear()
    this.end = end
  }

  /** The value at `addr`: kept from before when `addr` is stable, else read by `read` (and kept). */
  read(addr: number, read: (addr: number) => T): T {
    if (addr >= this.end) return read(addr)
    let v = this.kept.get(addr)
    if (v === undefined) {
      if (this.kept.size >= MAX_KEPT) this.kept.clear()
      v = read(addr)
      this.kept.set(addr, v)
    }
    return v
  }
}
